import { describe, expect, it } from 'vitest';
import { bootstrapMedianDelta } from '../../src/compare/bootstrap-median-delta.js';
import { adjustHolm } from '../../src/compare/holm-adjust.js';
import { computeMannWhitneyU } from '../../src/compare/mann-whitney-u.js';
import { erfc } from '../../src/compare/normal-tail.js';
import {
  RANK_BIN_ACCURACY,
  RankSample,
} from '../../src/compare/rank-sample.js';
import { EXACT_LIMIT } from '@pathprof/engine';
import { seededUniform } from './compare-fixtures.js';

function sampleOf(values: readonly number[]): RankSample {
  const s = new RankSample();
  values.forEach((v) => s.add(v));
  return s;
}

const weighted = (values: readonly number[]) =>
  sampleOf(values).toWeightedValues(false);

describe('computeMannWhitneyU', () => {
  it('counts candidate-larger pairs with ties as halves', () => {
    // baseline [10, 20, 20], candidate [20, 30]: 4 pairs larger + 2 ties × ½
    const r = computeMannWhitneyU(weighted([10, 20, 20]), weighted([20, 30]));
    expect(r.u).toBe(5);
    expect(r.effect).toBeCloseTo(5 / 6);
  });

  it('matches the normal approximation with continuity correction', () => {
    // 1..10 vs 11..20: U = 100, z = (50 − ½)/√175, p = erfc(z/√2) ≈ 1.8267e-4
    const r = computeMannWhitneyU(
      weighted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
      weighted([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]),
    );
    expect(r.u).toBe(100);
    expect(r.z).toBeCloseTo(3.7418483, 6);
    expect(r.pValue).toBeCloseTo(1.826718e-4, 9);
  });

  it('gives p = 1 when every value is tied', () => {
    expect(
      computeMannWhitneyU(weighted([5, 5]), weighted([5, 5, 5])).pValue,
    ).toBe(1);
  });

  it('is symmetric: swapping the sides mirrors the effect, keeps p', () => {
    const a = weighted([1, 4, 4, 9, 12]);
    const b = weighted([3, 5, 8, 8, 20, 21]);
    const ab = computeMannWhitneyU(a, b);
    const ba = computeMannWhitneyU(b, a);
    expect(ab.effect + ba.effect).toBeCloseTo(1);
    expect(ab.pValue).toBeCloseTo(ba.pValue, 12);
  });
});

describe('erfc', () => {
  it('keeps its leading digits in the far tail', () => {
    expect(erfc(0)).toBeCloseTo(1, 6);
    expect(erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 5);
    expect(erfc(-1)).toBeCloseTo(1.8427007929497148, 6);
  });
});

describe('adjustHolm', () => {
  it('steps down and keeps the raw order', () => {
    const adjusted = adjustHolm([0.01, 0.04, 0.03]);
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([
      0.03, 0.06, 0.06,
    ]);
  });

  it('caps at 1 and handles an empty family', () => {
    expect(adjustHolm([0.6, 0.9])).toEqual([1, 1]);
    expect(adjustHolm([])).toEqual([]);
  });
});

describe('RankSample', () => {
  it('bins past the exact limit within the bin accuracy', () => {
    const random = seededUniform(3);
    const values = Array.from(
      { length: EXACT_LIMIT + 10 },
      () => 1 + random() * 1e6,
    );
    const s = sampleOf(values);
    expect(s.binned).toBe(true);
    const w = s.toWeightedValues(true);
    expect(w.weights.reduce((a, b) => a + b, 0)).toBe(values.length);
    const max = Math.max(...values);
    expect(
      Math.abs(w.values[w.values.length - 1]! - max) / max,
    ).toBeLessThanOrEqual(RANK_BIN_ACCURACY + 1e-9);
  });

  it('merges to the same bins as one sample of the union', () => {
    const random = seededUniform(4);
    const values = Array.from({ length: 3000 }, () => random() * 50_000);
    const whole = sampleOf(values);
    const merged = sampleOf(values.slice(0, 700));
    merged.merge(sampleOf(values.slice(700, 1200)));
    merged.merge(sampleOf(values.slice(1200)));
    expect(merged.toWeightedValues(true)).toEqual(whole.toWeightedValues(true));
  });

  it('puts zero durations in a bin of their own', () => {
    const w = sampleOf([0, 0, 5]).toWeightedValues(true);
    expect(w.values[0]).toBe(0);
    expect(w.weights).toEqual([2, 1]);
  });
});

describe('bootstrapMedianDelta', () => {
  const options = { resamples: 2000, alpha: 0.01, seed: 9 };

  it('covers the true shift and repeats with the same seed', () => {
    const random = seededUniform(5);
    const base = Array.from({ length: 301 }, () => 1000 + random() * 200);
    const cand = base.map((v) => v + 50);
    const interval = bootstrapMedianDelta(
      weighted(base),
      weighted(cand),
      options,
    )!;
    expect(interval[0]).toBeLessThanOrEqual(50);
    expect(interval[1]).toBeGreaterThanOrEqual(50);
    expect(interval[1] - interval[0]).toBeLessThan(60);
    expect(
      bootstrapMedianDelta(weighted(base), weighted(cand), options),
    ).toEqual(interval);
  });

  it('resamples the median of an even sample as the mean of its middle pair', () => {
    const interval = bootstrapMedianDelta(
      weighted([10, 10]),
      weighted([30, 30]),
      options,
    );
    expect(interval).toEqual([20, 20]);
  });

  it('returns null for an empty side', () => {
    expect(
      bootstrapMedianDelta(weighted([]), weighted([1]), options),
    ).toBeNull();
  });
});
