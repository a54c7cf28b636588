import { describe, expect, it } from 'vitest';
import {
  findPathKeyStrategy,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE_COLLAPSED,
  PATH_KEY_STRATEGIES,
} from '@pathprof/engine';

describe('path-key strategies by name', () => {
  it('finds each strategy by the name flags and query parameters use', () => {
    expect(findPathKeyStrategy('service+operation')).toBe(
      KEY_BY_SERVICE_AND_OPERATION,
    );
    expect(findPathKeyStrategy('service')).toBe(KEY_BY_SERVICE);
    expect(findPathKeyStrategy('service-collapsed')).toBe(
      KEY_BY_SERVICE_COLLAPSED,
    );
  });

  it('answers undefined for an unknown name, so callers word their own error', () => {
    expect(findPathKeyStrategy('operation')).toBeUndefined();
    expect(findPathKeyStrategy('')).toBeUndefined();
  });

  it('lists every strategy once, the default first', () => {
    const names = PATH_KEY_STRATEGIES.map((strategy) => strategy.name);
    expect(names).toEqual([
      'service+operation',
      'service',
      'service-collapsed',
    ]);
  });
});
