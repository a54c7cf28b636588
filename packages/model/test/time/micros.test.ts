import { describe, expect, it } from 'vitest';
import { nanosToMicros } from '@pathprof/model';

describe('nanosToMicros', () => {
  it('converts int64 nanosecond strings beyond 2^53 exactly', () => {
    expect(nanosToMicros('1700000000123456789')).toBe(1700000000123456);
    expect(nanosToMicros('999')).toBe(0);
  });
  it('returns null for non-integers', () => {
    expect(nanosToMicros('12.5')).toBeNull();
    expect(nanosToMicros('abc')).toBeNull();
    expect(nanosToMicros(Number.NaN)).toBeNull();
  });
});
