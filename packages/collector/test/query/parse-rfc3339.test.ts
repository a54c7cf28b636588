import { describe, expect, it } from 'vitest';
import { parseRfc3339Micros } from '../../src/query/parse-rfc3339.js';

describe('parseRfc3339Micros', () => {
  it('reads UTC times to the microsecond', () => {
    expect(parseRfc3339Micros('2023-11-14T22:13:20.123456Z')).toBe(
      1_700_000_000_123_456,
    );
  });

  it('truncates nanoseconds', () => {
    expect(parseRfc3339Micros('2023-11-14T22:13:20.123456789Z')).toBe(
      1_700_000_000_123_456,
    );
  });

  it('applies a numeric offset', () => {
    expect(parseRfc3339Micros('2023-11-14T23:13:20+01:00')).toBe(
      1_700_000_000_000_000,
    );
    expect(parseRfc3339Micros('2023-11-14T21:43:20-00:30')).toBe(
      1_700_000_000_000_000,
    );
  });

  it.each([
    '',
    '2023-11-14',
    '2023-11-14T22:13:20',
    '2023-02-30T00:00:00Z',
    '2023-11-14T24:00:00Z',
    '1700000000',
    '2023-11-14 22:13:20Z',
  ])('returns null for %j', (text) => {
    expect(parseRfc3339Micros(text)).toBeNull();
  });
});
