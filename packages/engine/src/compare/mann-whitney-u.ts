/**
 * Two-sided Mann–Whitney U test of two weighted samples (distinct ascending
 * values with multiplicities), normal approximation with tie correction and
 * continuity correction. Invariant: U counts the (baseline, candidate) pairs
 * in which the candidate is larger, ties counting one half, so
 * U / (n₁·n₂) = P(candidate > baseline) + ½·P(tie), the common-language effect.
 *
 *   baseline  [10, 20, 20]   candidate [20, 30]
 *   pairs with candidate larger: 20>10, 30>10, 30>20, 30>20 = 4; ties 20=20 ×2 → U = 5
 *   effect = 5 / 6
 *
 * A single merge walk over both value lists: O(distinct values).
 */
import type { WeightedValues } from './rank-sample.js';
import { twoSidedNormalPValue } from './normal-tail.js';

export interface MannWhitneyResult {
  readonly u: number;
  /** U / (n₁·n₂): probability that a candidate value exceeds a baseline one. */
  readonly effect: number;
  readonly z: number;
  readonly pValue: number;
}

export function computeMannWhitneyU(
  baseline: WeightedValues,
  candidate: WeightedValues,
): MannWhitneyResult {
  const n1 = baseline.total;
  const n2 = candidate.total;
  let i = 0;
  let j = 0;
  let baselineBelow = 0;
  let u = 0;
  let tieTerm = 0;
  while (i < baseline.values.length || j < candidate.values.length) {
    const x = baseline.values[i] ?? Number.POSITIVE_INFINITY;
    const y = candidate.values[j] ?? Number.POSITIVE_INFINITY;
    const v = Math.min(x, y);
    const a = x === v ? baseline.weights[i++]! : 0;
    const b = y === v ? candidate.weights[j++]! : 0;
    u += b * baselineBelow + 0.5 * a * b;
    baselineBelow += a;
    const t = a + b;
    tieTerm += t * t * t - t;
  }
  const n = n1 + n2;
  const pairs = n1 * n2;
  const variance = n < 2 ? 0 : (pairs / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (pairs === 0 || !(variance > 0)) {
    return { u, effect: pairs === 0 ? 0.5 : u / pairs, z: 0, pValue: 1 };
  }
  const distance = Math.max(0, Math.abs(u - pairs / 2) - 0.5);
  const z = Math.sign(u - pairs / 2) * (distance / Math.sqrt(variance));
  return { u, effect: u / pairs, z, pValue: twoSidedNormalPValue(z) };
}
