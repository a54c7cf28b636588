import { describe, expect, it } from 'vitest';
import { parseEpochMicros, parseInstant } from '@pathprof/model';

const T = 1_700_000_000_000_000; // 2023-11-14T22:13:20Z in µs
const NOW = 1_800_000_000_000_000;

describe('parseEpochMicros', () => {
  it.each([
    ['1700000000', T], // 10 digits: seconds
    ['1700000000000', T], // 13: milliseconds
    ['1700000000000000', T], // 16: microseconds
    ['1700000000000000999', T], // 19: nanoseconds, truncated
    ['0', 0],
    ['0001', 1_000_000], // leading zeros do not count
  ])('reads %j', (text, micros) => {
    expect(parseEpochMicros(text)).toBe(micros);
  });

  it.each(['', '-1', '1.5', '12345678901234567890', '1e9'])(
    'refuses %j',
    (text) => {
      expect(parseEpochMicros(text)).toBeNull();
    },
  );
});

describe('parseInstant', () => {
  it.each([
    ['now', NOW],
    [' now ', NOW],
    ['1700000000', T],
    ['2023-11-14T22:13:20Z', T],
  ])('reads %j', (text, micros) => {
    expect(parseInstant(text, NOW)).toBe(micros);
  });

  it.each(['', 'yesterday', '-2h', 'Now'])('refuses %j', (text) => {
    expect(parseInstant(text, NOW)).toBeNull();
  });
});
