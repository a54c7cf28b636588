import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appendComplement,
  mergeIntervals,
  unionMeasure,
} from '../../src/stats/interval-union.js';

/** The union by definition: every integer point covered, as maximal runs (inputs are integers). */
function unionByPoints(
  flat: readonly number[],
  lo: number,
  hi: number,
): number[] {
  const covered = new Set<number>();
  for (let k = 0; k + 1 < flat.length; k += 2) {
    for (let x = Math.max(flat[k]!, lo); x < Math.min(flat[k + 1]!, hi); x++) {
      covered.add(x);
    }
  }
  const points = [...covered].sort((a, b) => a - b);
  const out: number[] = [];
  for (const x of points) {
    if (out.length > 0 && out[out.length - 1] === x) {
      out[out.length - 1] = x + 1;
    } else {
      out.push(x, x + 1);
    }
  }
  return out;
}

const interval = fc
  .tuple(fc.integer({ min: -20, max: 60 }), fc.integer({ min: 0, max: 25 }))
  .map(([s, length]) => [s, s + length] as const);

describe('interval unions', () => {
  it('merges in any order, sorted or not, clipped or not, into the union of the covered points', () => {
    fc.assert(
      fc.property(
        fc.array(interval, { maxLength: 12 }),
        fc.boolean(),
        fc.integer({ min: -30, max: 30 }),
        fc.integer({ min: 0, max: 80 }),
        (intervals, sorted, lo, width) => {
          const list = sorted
            ? [...intervals].sort((a, b) => a[0] - b[0])
            : intervals;
          const flat = list.flat();
          const expected = unionByPoints(flat, lo, lo + width);
          expect(mergeIntervals(flat, lo, lo + width)).toEqual(expected);
          expect(mergeIntervals(flat)).toEqual(
            unionByPoints(flat, -Infinity, Infinity),
          );
          let measure = 0;
          for (let k = 0; k < expected.length; k += 2) {
            measure += expected[k + 1]! - expected[k]!;
          }
          expect(unionMeasure(flat, lo, lo + width)).toBe(measure);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('joins intervals that touch, and leaves out empty ones', () => {
    expect(mergeIntervals([0, 10, 10, 15, 20, 20, 30, 25])).toEqual([0, 15]);
    expect(mergeIntervals([20, 25, 0, 10, 5, 15])).toEqual([0, 15, 20, 25]);
  });

  it('gives the complement of a union within a span', () => {
    const out: number[] = [];
    appendComplement(0, 30, mergeIntervals([0, 10, 5, 15, 20, 25]), out);
    expect(out).toEqual([15, 20, 25, 30]);
  });
});
