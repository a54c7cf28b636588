import { describe, expect, it } from 'vitest';
import {
  arrivalOffsetMicros,
  countArrivals,
  countDueArrivals,
} from '@pathprof/measure';

describe('countArrivals', () => {
  it('fits rps × duration arrivals into the run', () => {
    expect(countArrivals(20, 2_000_000)).toBe(40);
    expect(countArrivals(4, 1_000_000)).toBe(4);
  });

  it('is not fooled by floating-point rounding of rps × duration', () => {
    // 0.1 × 30 is 2.9999999999999996 in doubles
    expect(countArrivals(0.1, 30_000_000)).toBe(3);
  });

  it('rounds a partial arrival down', () => {
    expect(countArrivals(3, 1_500_000)).toBe(4);
    expect(countArrivals(1, 999_999)).toBe(0);
  });
});

describe('arrivalOffsetMicros', () => {
  it('spaces arrivals 1/R apart starting at t0', () => {
    // R = 4/s:  #0 at 0, #1 at 250 ms, #2 at 500 ms, #3 at 750 ms
    expect([0, 1, 2, 3].map((i) => arrivalOffsetMicros(i, 4))).toEqual([
      0, 250_000, 500_000, 750_000,
    ]);
  });

  it('depends on the index only, so a slow answer cannot postpone later arrivals', () => {
    expect(arrivalOffsetMicros(1000, 20)).toBe(50_000_000);
  });
});

describe('countDueArrivals', () => {
  it('has nothing due before t0', () => {
    expect(countDueArrivals(-1, 10, 100)).toBe(0);
  });

  it('has arrival 0 due at t0', () => {
    expect(countDueArrivals(0, 10, 100)).toBe(1);
  });

  it('makes an arrival due exactly at its offset, not before', () => {
    expect(countDueArrivals(99_999, 10, 100)).toBe(1);
    expect(countDueArrivals(100_000, 10, 100)).toBe(2);
  });

  it('catches up on every arrival missed while the generator was late', () => {
    expect(countDueArrivals(450_000, 10, 100)).toBe(5);
  });

  it('never exceeds the total', () => {
    expect(countDueArrivals(60_000_000, 10, 100)).toBe(100);
  });

  it('agrees with the offsets for fractional rates', () => {
    const rps = 7.3;
    for (let i = 0; i < 50; i++) {
      const at = arrivalOffsetMicros(i, rps);
      expect(countDueArrivals(at, rps, 1000)).toBe(i + 1);
    }
  });
});
