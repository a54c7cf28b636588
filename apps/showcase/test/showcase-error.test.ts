import { describe, expect, it } from 'vitest';
import {
  SHOWCASE_ERROR_CODES,
  ShowcaseError,
  isShowcaseError,
} from '../src/showcase-error.js';

describe('ShowcaseError', () => {
  it('keeps the name each role always printed, so answers and logs read as before', () => {
    expect(
      String(
        new ShowcaseError('SHOWCASE_ERR_DOWNSTREAM', 'http://x answered 500'),
      ),
    ).toBe('DownstreamError: http://x answered 500');
    expect(new ShowcaseError('SHOWCASE_ERR_CONFIG', 'PORT').name).toBe(
      'ConfigError',
    );
    expect(Object.keys(SHOWCASE_ERROR_CODES)).toHaveLength(3);
  });

  it('tells its codes apart, and serialises without the stack', () => {
    const err = new ShowcaseError('SHOWCASE_ERR_START', 'svc-a exited', {
      service: 'svc-a',
      services: [],
      logTail: ['listen-failed'],
    });
    expect(isShowcaseError(err, 'SHOWCASE_ERR_START')).toBe(true);
    expect(isShowcaseError(err, 'SHOWCASE_ERR_CONFIG')).toBe(false);
    expect(isShowcaseError(new Error('x'), 'SHOWCASE_ERR_START')).toBe(false);
    expect(JSON.parse(JSON.stringify(err))).toEqual({
      code: 'SHOWCASE_ERR_START',
      message: 'svc-a exited',
      service: 'svc-a',
    });
  });
});
