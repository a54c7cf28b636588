import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from '@pathprof/measure';
import { quantileOfSorted } from '@pathprof/engine';

describe('quantileOfSorted', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileOfSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileOfSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileOfSorted([10, 20], 0.9)).toBe(19);
  });

  it('is NaN for no values', () => {
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });
});

describe('LatencyRecorder', () => {
  it('gives exact quantiles of every recorded value under its capacity', () => {
    const r = new LatencyRecorder(1000);
    for (let v = 100; v >= 1; v--) {
      r.record(v);
    }
    const s = r.summarize();
    expect(s).toMatchObject({ count: 100, min: 1, max: 100, exact: true });
    expect(s.mean).toBe(50.5);
    expect(s.p50).toBe(50.5);
    expect(s.p90).toBeCloseTo(90.1, 9);
    expect(s.p99).toBeCloseTo(99.01, 9);
  });

  it('summarizes nothing as NaN statistics with a zero count', () => {
    const s = new LatencyRecorder().summarize();
    expect(s.count).toBe(0);
    expect(s.p50).toBeNaN();
    expect(s.max).toBeNaN();
  });

  it('keeps count, mean and max exact past its capacity and estimates quantiles from a reservoir', () => {
    const r = new LatencyRecorder(2000, 7);
    for (let v = 1; v <= 100_000; v++) {
      r.record(v);
    }
    const s = r.summarize();
    expect(s.exact).toBe(false);
    expect(s.count).toBe(100_000);
    expect(s.max).toBe(100_000);
    expect(s.min).toBe(1);
    expect(s.mean).toBe(50_000.5);
    // a uniform sample of 2000: p50 within a few percent of 50 000
    expect(Math.abs(s.p50 - 50_000)).toBeLessThan(4000);
    expect(Math.abs(s.p90 - 90_000)).toBeLessThan(3000);
  });

  it('samples the same reservoir for the same seed', () => {
    const run = (seed: number) => {
      const r = new LatencyRecorder(100, seed);
      for (let v = 0; v < 10_000; v++) {
        r.record(v);
      }
      return r.summarize().p50;
    };
    expect(run(3)).toBe(run(3));
    expect(run(3)).not.toBe(run(4));
  });
});
