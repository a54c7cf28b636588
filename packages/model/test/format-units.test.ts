import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatPercent,
  formatShare,
} from '@pathprof/model';

describe('shared unit formatting', () => {
  it('writes times from µs with the precision their size allows', () => {
    expect(formatMicros(999.4)).toBe('999µs');
    expect(formatMicros(1234)).toBe('1.23ms');
    expect(formatMicros(212_000)).toBe('212.0ms');
    expect(formatMicros(2_500_000)).toBe('2.50s');
    expect(formatMicros(-1500)).toBe('-1.50ms');
  });

  it('writes memory in binary units', () => {
    expect(formatBytes(512)).toBe('512B');
    expect(formatBytes(1536)).toBe('1.5KiB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0MiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.00GiB');
  });

  it('prints an unknown value as the caller’s mark, `-` by default', () => {
    expect(formatMicros(undefined)).toBe('-');
    expect(formatMicros(null, '–')).toBe('–');
    expect(formatBytes(Number.NaN, '–')).toBe('–');
    expect(formatPercent(1, 0)).toBe('-');
    expect(formatShare(undefined, '–')).toBe('–');
  });

  it('writes shares, percentages and counts', () => {
    expect(formatPercent(1, 3)).toBe('33.3%');
    expect(formatShare(0.974)).toBe('97%');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});
