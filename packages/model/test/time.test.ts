import { describe, expect, it } from 'vitest';
import { nanosToMicros, parseGoDuration } from '@pathprof/model';

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

describe('parseGoDuration', () => {
  it.each([
    ['1.2s', 1_200_000],
    ['100ms', 100_000],
    ['500us', 500],
    ['1h30m', 5_400_000_000],
    ['0', 0],
  ])('parses %s', (text, micros) => {
    expect(parseGoDuration(text)).toBe(micros);
  });
  it('rejects text that is not a duration', () => {
    expect(parseGoDuration('12')).toBeNull();
    expect(parseGoDuration('1.2x')).toBeNull();
    expect(parseGoDuration('')).toBeNull();
  });
});
