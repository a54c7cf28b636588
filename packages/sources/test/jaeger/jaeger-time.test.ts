import { describe, expect, it } from 'vitest';
import {
  formatGoDuration,
  formatRfc3339Micros,
  parseDurationWithDays,
  parseRfc3339Micros,
} from '../../src/jaeger/jaeger-time.js';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0) * 1000; // 2024-05-01T12:00:00Z in µs
const HOUR = 3_600_000_000;

describe('time helpers', () => {
  it('formats RFC 3339 with µs that Go reads back', () => {
    expect(formatRfc3339Micros(NOW + 1)).toBe('2024-05-01T12:00:00.000001Z');
    expect(parseRfc3339Micros(formatRfc3339Micros(NOW + 987_654))).toBe(
      NOW + 987_654,
    );
  });

  it.each([
    [1_200_000, '1200ms'],
    [3_000_000, '3s'],
    [500, '500us'],
    [3_600_000_000, '3600s'],
  ])('formats %i µs as the Go duration %s', (micros, text) => {
    expect(formatGoDuration(micros)).toBe(text);
  });

  it.each([
    ['30m', 30 * 60_000_000],
    ['1d12h', 36 * HOUR],
    ['0.5d', 12 * HOUR],
    ['1h30m', 1.5 * HOUR],
  ])('reads the lookback %s', (text, micros) => {
    expect(parseDurationWithDays(text)).toBe(micros);
  });
});
