import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Distribution, EXACT_LIMIT } from '@pathprof/engine';
import {
  addExact,
  addProductExact,
  exactMean,
  exactSquaredDeviations,
  roundedSum,
} from '../../src/stats/exact-moments.js';

/**
 * Values on a grid of 2^-20, so that they and their squares are exact
 * rationals over 2^40: BigInt arithmetic gives the exact sums to compare with.
 */
const SCALE = 2 ** 20;
const gridValue = fc
  .integer({ min: -(2 ** 40), max: 2 ** 40 })
  .map((k) => k / SCALE);

/** The exact sum, rounded once (Number() of a BigInt rounds to nearest, ties to even). */
function exactSumOf(values: readonly number[]): number {
  let total = 0n;
  for (const v of values) {
    total += BigInt(v * SCALE);
  }
  return Number(total) / SCALE;
}

/** n·Σx² − (Σx)² exactly, rounded once, over n — on the grid. */
function exactDeviationsOf(values: readonly number[]): number {
  const n = BigInt(values.length);
  let sum = 0n;
  let squares = 0n;
  for (const v of values) {
    const k = BigInt(v * SCALE);
    sum += k;
    squares += k * k;
  }
  return Number(n * squares - sum * sum) / (SCALE * SCALE) / values.length;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let a = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    const j = a % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function distributionOf(values: readonly number[]): Distribution {
  const d = new Distribution();
  for (const v of values) {
    d.add(v);
  }
  return d;
}

describe('exact sums', () => {
  it('reads the sum correctly rounded, whatever the order of the values', () => {
    fc.assert(
      fc.property(
        fc.array(gridValue, { maxLength: 200 }),
        fc.nat(),
        (values, seed) => {
          const partials: number[] = [];
          for (const v of shuffled(values, seed)) {
            addExact(partials, v);
          }
          expect(roundedSum(partials)).toBe(exactSumOf(values));
        },
      ),
    );
  });

  it('keeps what naive summation loses', () => {
    const partials: number[] = [];
    for (const v of [1, 1e100, 1, -1e100]) {
      addExact(partials, v);
    }
    expect(roundedSum(partials)).toBe(2);
    const tenths: number[] = [];
    for (let i = 0; i < 10; i++) {
      addExact(tenths, 0.1);
    }
    // 0.1 + … + 0.1 naively is 0.9999999999999999
    expect(roundedSum(tenths)).toBe(1);
  });

  it('forms the squared deviations exactly before rounding once', () => {
    fc.assert(
      fc.property(
        fc.array(gridValue, { minLength: 2, maxLength: 200 }),
        (values) => {
          const sum: number[] = [];
          const squares: number[] = [];
          for (const v of values) {
            addExact(sum, v);
            addProductExact(squares, v, v);
          }
          expect(exactSquaredDeviations(sum, squares, values.length)).toBe(
            exactDeviationsOf(values),
          );
          expect(exactMean(sum, values.length)).toBe(
            exactSumOf(values) / values.length,
          );
        },
      ),
    );
  });

  it('does not cancel a small spread around a large mean', () => {
    // mean 1e9, spread ±1: the textbook Σx² − (Σx)²/n loses every digit here
    const d = distributionOf([1e9 - 1, 1e9, 1e9 + 1]);
    expect(d.mean).toBe(1e9);
    expect(d.stddev).toBe(1);
  });
});

describe('a distribution split, merged or reordered', () => {
  const sizes = [5, EXACT_LIMIT - 3, EXACT_LIMIT * 3];
  it.each(sizes)(
    'reports the same mean and stddev, to the bit, for %i values however they are split',
    (n) => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), {
            minLength: n,
            maxLength: n,
          }),
          fc.array(fc.nat({ max: n }), { maxLength: 6 }),
          fc.nat(),
          (values, cuts, seed) => {
            const whole = distributionOf(values);
            const bounds = [0, ...[...cuts].sort((a, b) => a - b), n];
            const parts = bounds
              .slice(1)
              .map((end, i) => distributionOf(values.slice(bounds[i], end)));
            const merged = new Distribution();
            for (const p of shuffled(parts, seed)) {
              merged.merge(p);
            }
            const reordered = distributionOf(shuffled(values, seed + 1));
            for (const d of [merged, reordered]) {
              expect(d.mean).toBe(whole.mean);
              expect(d.stddev).toBe(whole.stddev);
            }
          },
        ),
        { numRuns: n > 1000 ? 15 : 60 },
      );
    },
  );

  it('falls back to the running moments after merging a part restored from its moments and bins', () => {
    const values = Array.from({ length: EXACT_LIMIT * 2 }, (_, i) => i * 1.5);
    const live = distributionOf(values);
    const restored = Distribution.restore({
      count: 3,
      mean: 2,
      m2: 2,
      min: 1,
      max: 3,
      values: null,
      bins: { zeroCount: 0, positive: [], negative: [] },
    });
    live.merge(restored);
    const union = [...values, 1, 2, 3];
    const mean = union.reduce((a, b) => a + b, 0) / union.length;
    expect(live.mean).toBeCloseTo(mean, 9);
  });

  it('falls back to the running moments for values too large to sum exactly', () => {
    const d = distributionOf([1e300, -1e300, 3]);
    expect(Number.isFinite(d.mean)).toBe(true);
    expect(d.count).toBe(3);
  });
});
