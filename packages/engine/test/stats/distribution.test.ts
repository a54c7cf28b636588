import { describe, expect, it } from 'vitest';
import type { MeasureState } from '@pathprof/model';
import {
  Distribution,
  EXACT_LIMIT,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
  SKETCH_RELATIVE_ACCURACY,
} from '@pathprof/engine';
import fc from 'fast-check';
import { summarizeOrNull } from '../../src/stats/distribution.js';
import {
  addExact,
  addProductExact,
  exactMean,
  exactSquaredDeviations,
} from '../../src/stats/exact-moments.js';

/** Seeded PRNG (mulberry32): uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    const v = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

function distributionOf(values: readonly number[]): Distribution {
  const d = new Distribution();
  for (const v of values) {
    d.add(v);
  }
  return d;
}

function naiveMoments(values: readonly number[]): {
  mean: number;
  stddev: number;
} {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return {
    mean,
    stddev: values.length < 2 ? 0 : Math.sqrt(ss / (values.length - 1)),
  };
}

const QUANTILES = [0.5, 0.9, 0.95, 0.99] as const;

/**
 * The state a database hands back for these values, built here the way the
 * path index's SQL builds it: two-pass moments, and every value while at most
 * EXACT_LIMIT, else bins keyed by `ceil(log2(|v|) × SKETCH_LOG2_MULTIPLIER)`.
 */
function stateOf(values: readonly number[]): MeasureState {
  const { mean } = naiveMoments(values);
  const m2 = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  const base = {
    count: values.length,
    mean,
    m2,
    min: Math.min(...values),
    max: Math.max(...values),
  };
  if (values.length <= EXACT_LIMIT) {
    return { ...base, values: [...values], bins: null };
  }
  const positive = new Map<number, number>();
  const negative = new Map<number, number>();
  let zeroCount = 0;
  for (const v of values) {
    if (Math.abs(v) <= SKETCH_MIN_INDEXABLE) {
      zeroCount++;
      continue;
    }
    const key = Math.ceil(Math.log2(Math.abs(v)) * SKETCH_LOG2_MULTIPLIER);
    const bins = v > 0 ? positive : negative;
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  return {
    ...base,
    values: null,
    bins: { zeroCount, positive: [...positive], negative: [...negative] },
  };
}

/**
 * The documented bound: the reported quantile lies within the relative
 * accuracy of a value between the two order statistics around the rank
 * q·(n − 1). Returns the violations (empty when the bound holds).
 */
function boundViolations(d: Distribution, values: readonly number[]): string[] {
  const sorted = Float64Array.from(values).sort();
  const out: string[] = [];
  for (const q of QUANTILES) {
    const rank = q * (sorted.length - 1);
    const lo = sorted[Math.floor(rank)]!;
    const hi = sorted[Math.ceil(rank)]!;
    const reported = d.quantile(q);
    const a = SKETCH_RELATIVE_ACCURACY;
    const min = lo >= 0 ? lo * (1 - a) : lo * (1 + a);
    const max = hi >= 0 ? hi * (1 + a) : hi * (1 - a);
    if (!(reported >= min && reported <= max)) {
      out.push(`p${q * 100}: ${reported} not in [${min}, ${max}]`);
    }
  }
  return out;
}

const N = 100_000;

const GENERATORS: Record<string, (random: () => number) => () => number> = {
  uniform: (r) => () => r() * 1_000_000,
  lognormal: (r) => {
    const z = gaussian(r);
    return () => Math.exp(8 + 1.5 * z());
  },
  'heavy tail (Pareto, alpha 1.1)': (r) => () => 100 / (1 - r()) ** (1 / 1.1),
  constant: () => () => 4242,
  'with zeros (30%)': (r) => () => (r() < 0.3 ? 0 : Math.floor(r() * 1000)),
  'tiny and huge': (r) => () => (r() < 0.5 ? r() * 1e-3 : 1e9 + r() * 1e9),
  'both signs (heap growth and shrinkage)': (r) => () => (r() - 0.4) * 1e6,
};

describe('Distribution', () => {
  it('interpolates linearly between order statistics while exact', () => {
    // values 1 2 3 4, in any order: rank = q·3
    const d = distributionOf([4, 1, 3, 2]);
    expect(d.exact).toBe(true);
    expect(d.quantile(0)).toBe(1);
    expect(d.quantile(0.5)).toBe(2.5);
    expect(d.quantile(0.9)).toBeCloseTo(3.7, 12);
    expect(d.quantile(0.99)).toBeCloseTo(3.97, 12);
    expect(d.quantile(1)).toBe(4);
  });

  it('reports a single value as every quantile, with a sample stddev of 0', () => {
    const s = distributionOf([7]).summarize();
    expect(s).toEqual({
      count: 1,
      min: 7,
      max: 7,
      mean: 7,
      stddev: 0,
      p50: 7,
      p90: 7,
      p95: 7,
      p99: 7,
      exact: true,
    });
  });

  it('uses the sample (n − 1) standard deviation', () => {
    // 2 4 4 4 5 5 7 9: population sd 2, sample sd sqrt(32/7)
    const d = distributionOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(d.mean).toBe(5);
    expect(d.stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('summarizes nothing as zeros and NaN quantiles, and summarizeOrNull as null', () => {
    const d = new Distribution();
    expect(d.summarize()).toMatchObject({ count: 0, min: 0, max: 0, mean: 0 });
    expect(d.quantile(0.5)).toBeNaN();
    expect(summarizeOrNull(d)).toBeNull();
    expect(summarizeOrNull(distributionOf([1]))?.count).toBe(1);
  });

  it('stays exact up to EXACT_LIMIT values and switches to the sketch past it', () => {
    const values = Array.from({ length: EXACT_LIMIT }, (_, i) => i + 1);
    const d = distributionOf(values);
    expect(d.exact).toBe(true);
    expect(d.quantile(0.5)).toBe((EXACT_LIMIT + 1) / 2);
    d.add(EXACT_LIMIT + 1);
    expect(d.exact).toBe(false);
    expect(d.count).toBe(EXACT_LIMIT + 1);
    expect(d.min).toBe(1);
    expect(d.max).toBe(EXACT_LIMIT + 1);
    expect(boundViolations(d, [...values, EXACT_LIMIT + 1])).toEqual([]);
  });

  it('never reports a sketch quantile outside [min, max]', () => {
    const d = distributionOf(Array.from({ length: 2000 }, () => 1234.5));
    expect(d.exact).toBe(false);
    for (const q of [0, 0.5, 0.99, 1]) {
      expect(d.quantile(q)).toBe(1234.5);
    }
  });

  describe.each(Object.entries(GENERATORS))('on 100k values: %s', (_, make) => {
    const next = make(mulberry32(20240607));
    const values = Array.from({ length: N }, next);

    it('keeps p50/p90/p95/p99 within 1% of the exact order statistics', () => {
      const d = distributionOf(values);
      expect(d.exact).toBe(false);
      expect(boundViolations(d, values)).toEqual([]);
    });

    it('keeps count, min and max exact and the moments equal to a two-pass computation', () => {
      const d = distributionOf(values);
      const naive = naiveMoments(values);
      expect(d.count).toBe(N);
      expect(d.min).toBe(Math.min(...values));
      expect(d.max).toBe(Math.max(...values));
      expect(relativeError(d.mean, naive.mean)).toBeLessThan(1e-9);
      expect(relativeError(d.stddev, naive.stddev)).toBeLessThan(1e-9);
    });

    it('restores from the state a database hands back (moments and sketch bins) to the same summary', () => {
      const direct = distributionOf(values).summarize();
      const restored = Distribution.restore(stateOf(values)).summarize();
      for (const q of ['p50', 'p90', 'p95', 'p99'] as const) {
        expect(restored[q]).toBe(direct[q]);
      }
      expect(restored.exact).toBe(false);
      expect(restored.count).toBe(direct.count);
      expect(restored.min).toBe(direct.min);
      expect(restored.max).toBe(direct.max);
      expect(relativeError(restored.mean, direct.mean)).toBeLessThan(1e-9);
      expect(relativeError(restored.stddev, direct.stddev)).toBeLessThan(1e-9);
    });

    it('merges parts of any sizes (exact and sketch) within the same bound', () => {
      // parts of 10, 500 (exact), 3000 and the rest (sketches)
      const cuts = [0, 10, 510, 3510, N];
      const parts = cuts
        .slice(1)
        .map((end, i) => distributionOf(values.slice(cuts[i], end)));
      expect(parts.map((p) => p.exact)).toEqual([true, true, false, false]);
      const merged = new Distribution();
      for (const p of [parts[1]!, parts[3]!, parts[0]!, parts[2]!]) {
        merged.merge(p);
      }
      const naive = naiveMoments(values);
      expect(merged.count).toBe(N);
      expect(merged.min).toBe(Math.min(...values));
      expect(merged.max).toBe(Math.max(...values));
      expect(relativeError(merged.mean, naive.mean)).toBeLessThan(1e-9);
      expect(relativeError(merged.stddev, naive.stddev)).toBeLessThan(1e-9);
      expect(boundViolations(merged, values)).toEqual([]);
    });
  });

  it('restores an exact state to the exact quantiles, and merges it like one built by adding', () => {
    const values = [5, 1, 4, 2, 3, -7, 0];
    const restored = Distribution.restore(stateOf(values));
    expect(restored.summarize()).toEqual(distributionOf(values).summarize());
    const big = Array.from({ length: 2000 }, (_, i) => i * 3.5);
    const viaState = Distribution.restore(stateOf(big));
    viaState.merge(restored);
    const viaAdding = distributionOf(big);
    viaAdding.merge(distributionOf(values));
    expect(viaState.quantile(0.5)).toBe(viaAdding.quantile(0.5));
    expect(viaState.quantile(0.99)).toBe(viaAdding.quantile(0.99));
    expect(viaState.count).toBe(viaAdding.count);
  });

  it('restores an empty state to an empty distribution', () => {
    const d = Distribution.restore({
      count: 0,
      mean: 0,
      m2: 0,
      min: 0,
      max: 0,
      values: [],
      bins: null,
    });
    expect(d.count).toBe(0);
    expect(d.quantile(0.5)).toBeNaN();
  });

  it('merges two exact parts into the exact quantiles of the union', () => {
    const random = mulberry32(7);
    const a = Array.from({ length: 500 }, () => Math.round(random() * 1e4));
    const b = Array.from({ length: EXACT_LIMIT - 500 }, () => random() * 1e4);
    const merged = distributionOf(a);
    merged.merge(distributionOf(b));
    const union = distributionOf([...a, ...b]);
    expect(merged.exact).toBe(true);
    for (const q of [0, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) {
      expect(merged.quantile(q)).toBe(union.quantile(q));
    }
    expect(relativeError(merged.stddev, union.stddev)).toBeLessThan(1e-12);
  });

  it('switches to the sketch when two exact parts together exceed the limit', () => {
    const a = Array.from({ length: 600 }, (_, i) => i);
    const b = Array.from({ length: 600 }, (_, i) => 600 + i);
    const merged = distributionOf(a);
    merged.merge(distributionOf(b));
    expect(merged.exact).toBe(false);
    expect(merged.count).toBe(1200);
    expect(boundViolations(merged, [...a, ...b])).toEqual([]);
  });

  it('merges a sketch into an exact part and an exact part into a sketch alike', () => {
    const random = mulberry32(99);
    const small = Array.from({ length: 300 }, () => random() * 50);
    const large = Array.from({ length: 5000 }, () => 1000 + random() * 1e5);
    const exactFirst = distributionOf(small);
    exactFirst.merge(distributionOf(large));
    const sketchFirst = distributionOf(large);
    sketchFirst.merge(distributionOf(small));
    for (const d of [exactFirst, sketchFirst]) {
      expect(d.exact).toBe(false);
      expect(d.count).toBe(5300);
      expect(d.min).toBe(Math.min(...small));
      expect(boundViolations(d, [...small, ...large])).toEqual([]);
    }
    for (const q of QUANTILES) {
      expect(exactFirst.quantile(q)).toBe(sketchFirst.quantile(q));
    }
  });

  it('merges sketches holding negative values (memory that shrank)', () => {
    const random = mulberry32(3);
    const a = Array.from({ length: 3000 }, () => -1000 - random() * 1e6);
    const b = Array.from({ length: 3000 }, () => -1000 - random() * 1e6);
    const merged = distributionOf(a);
    merged.merge(distributionOf(b));
    expect(merged.exact).toBe(false);
    expect(boundViolations(merged, [...a, ...b])).toEqual([]);
  });

  it('ignores merging an empty distribution, and merging into an empty one copies', () => {
    const d = distributionOf([1, 2, 3]);
    d.merge(new Distribution());
    expect(d.summarize()).toEqual(distributionOf([1, 2, 3]).summarize());
    const e = new Distribution();
    e.merge(distributionOf([1, 2, 3]));
    expect(e.summarize()).toEqual(distributionOf([1, 2, 3]).summarize());
  });

  it('keeps the Welford/Chan moments accurate where the naive sum of squares cancels', () => {
    // values near 1e9 with a spread of a few units: Σx² − n·mean² loses every digit
    const random = mulberry32(11);
    const values = Array.from({ length: 5000 }, () => 1e9 + random() * 10);
    const naive = naiveMoments(values);
    const d = distributionOf(values);
    expect(relativeError(d.stddev, naive.stddev)).toBeLessThan(1e-6);
    const merged = distributionOf(values.slice(0, 1234));
    merged.merge(distributionOf(values.slice(1234)));
    expect(relativeError(merged.mean, naive.mean)).toBeLessThan(1e-12);
    expect(relativeError(merged.stddev, naive.stddev)).toBeLessThan(1e-6);
  });
});

function relativeError(actual: number, expected: number): number {
  if (expected === 0) {
    return Math.abs(actual);
  }
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe('Distribution exact sums past the sketch', () => {
  /** Mean and stddev from the exact partials, summed value by value (no integer shortcut). */
  function reference(values: readonly number[]): {
    mean: number;
    stddev: number;
  } {
    const sum: number[] = [];
    const squares: number[] = [];
    for (const v of values) {
      addExact(sum, v);
      addProductExact(squares, v, v);
    }
    const n = values.length;
    return {
      mean: exactMean(sum, n),
      stddev: Math.sqrt(
        Math.max(0, exactSquaredDeviations(sum, squares, n) / (n - 1)),
      ),
    };
  }

  it('gives the same mean and stddev as the partials alone, for integers small and large, fractions and negatives, added or merged', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.integer({ min: 0, max: 2_000_000 }),
            fc.integer({ min: 2 ** 26 - 5, max: 2 ** 26 + 5 }),
            fc.integer({ min: -(2 ** 26) - 5, max: -(2 ** 26) + 5 }),
            fc.integer({ min: 2 ** 40, max: 2 ** 45 }),
            fc.double({ min: -1e6, max: 1e6, noNaN: true }),
          ),
          { minLength: EXACT_LIMIT + 1, maxLength: 3 * EXACT_LIMIT },
        ),
        fc.nat(),
        (values, cut) => {
          const expected = reference(values);
          const whole = distributionOf(values);
          expect(whole.mean).toBe(expected.mean);
          expect(whole.stddev).toBe(expected.stddev);
          const at = cut % values.length;
          const merged = distributionOf(values.slice(0, at));
          merged.merge(distributionOf(values.slice(at)));
          expect(merged.mean).toBe(expected.mean);
          expect(merged.stddev).toBe(expected.stddev);
        },
      ),
      { numRuns: 60, endOnFailure: true }, // shrinking arrays of thousands of values takes minutes
    );
  });
});
