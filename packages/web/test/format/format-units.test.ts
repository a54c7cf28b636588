import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatChange,
  formatMicros,
  formatPercent,
  formatRate,
  formatShare,
} from '../../src/format/format-units.js';

describe('format-units', () => {
  it('prints times as the CLI does, from µs to seconds', () => {
    expect([950, 2500, 229_500, 2_020_000].map(formatMicros)).toEqual([
      '950µs',
      '2.50ms',
      '229.5ms',
      '2.02s',
    ]);
  });

  it('prints a dash for missing or NaN values', () => {
    expect(formatMicros(null)).toBe('–');
    expect(formatBytes(undefined)).toBe('–');
    expect(formatShare(Number.NaN)).toBe('–');
    expect(formatChange(null)).toBe('–');
  });

  it('prints memory in binary units', () => {
    expect([512, 400_000, 3 * 1024 * 1024].map(formatBytes)).toEqual([
      '512B',
      '390.6KiB',
      '3.0MiB',
    ]);
  });

  it('prints slow rates per minute and fast ones per second', () => {
    expect([0, 20 / 3600, 0.5, 42].map(formatRate)).toEqual([
      '0/s',
      '0.33/min',
      '0.50/s',
      '42.0/s',
    ]);
  });

  it('signs relative changes and keeps large ones whole', () => {
    expect([0.917, -0.048, 0, 9.67].map(formatChange)).toEqual([
      '+91.7%',
      '−4.8%',
      '±0.0%',
      '+967%',
    ]);
  });

  it('answers a dash for a percentage of nothing', () => {
    expect(formatPercent(3, 0)).toBe('–');
    expect(formatPercent(3, 30)).toBe('10.0%');
  });
});
