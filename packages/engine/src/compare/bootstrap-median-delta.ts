/**
 * Percentile-bootstrap interval of the median difference (candidate −
 * baseline). Resampling n values from a sample and taking the k-th smallest
 * is the same as applying the sample's inverse distribution to the k-th
 * smallest of n uniforms, which is Beta(k, n − k + 1); the next order
 * statistic follows as U₍ₖ₎ + (1 − U₍ₖ₎)(1 − V^(1/(n−k))). So each resample's
 * median costs two draws and a binary search instead of n draws, and the
 * interval is that of the full bootstrap, not an approximation of it.
 *
 *   sample [10, 20, 30, 40] (n = 4, median = mean of 2nd and 3rd smallest)
 *   U₍₂₎ = 0.3, U₍₃₎ = 0.6  →  values at ranks ⌈0.3·4⌉ = 2, ⌈0.6·4⌉ = 3 → (20 + 30) / 2 = 25
 */
import type { WeightedValues } from './rank-sample.js';
import type { Uniform } from './seeded-random.js';
import { createUniform, drawBeta } from './seeded-random.js';

export interface BootstrapOptions {
  readonly resamples: number;
  /** Two-sided: the interval covers 1 − alpha. */
  readonly alpha: number;
  readonly seed: number;
}

export function bootstrapMedianDelta(
  baseline: WeightedValues,
  candidate: WeightedValues,
  options: BootstrapOptions,
): readonly [number, number] | null {
  if (baseline.total === 0 || candidate.total === 0) {
    return null;
  }
  const uniform = createUniform(options.seed);
  const base = withCumulative(baseline);
  const cand = withCumulative(candidate);
  const deltas = new Float64Array(options.resamples);
  for (let r = 0; r < options.resamples; r++) {
    deltas[r] = drawMedian(cand, uniform) - drawMedian(base, uniform);
  }
  deltas.sort();
  const at = (q: number): number =>
    deltas[
      Math.min(
        deltas.length - 1,
        Math.max(0, Math.round(q * (deltas.length - 1))),
      )
    ]!;
  return [at(options.alpha / 2), at(1 - options.alpha / 2)];
}

interface Cumulative {
  readonly values: readonly number[];
  /** cumulative[i] = weights of values[0..i]. */
  readonly cumulative: Float64Array;
  readonly total: number;
}

function withCumulative(sample: WeightedValues): Cumulative {
  const cumulative = new Float64Array(sample.weights.length);
  let sum = 0;
  sample.weights.forEach((w, i) => {
    sum += w;
    cumulative[i] = sum;
  });
  return { values: sample.values, cumulative, total: sample.total };
}

function drawMedian(sample: Cumulative, uniform: Uniform): number {
  const n = sample.total;
  if (n === 1) {
    return sample.values[0]!;
  }
  const k = Math.ceil(n / 2);
  const lower = drawBeta(uniform, k, n - k + 1);
  if (n % 2 === 1) {
    return valueAt(sample, lower);
  }
  const upper = lower + (1 - lower) * (1 - Math.pow(uniform(), 1 / (n - k)));
  return (valueAt(sample, lower) + valueAt(sample, upper)) / 2;
}

/** The sample's inverse distribution: the value of rank ⌈u·n⌉. */
function valueAt(sample: Cumulative, u: number): number {
  const rank = Math.min(sample.total, Math.max(1, Math.ceil(u * sample.total)));
  let lo = 0;
  let hi = sample.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sample.cumulative[mid]! >= rank) {
      hi = mid;
    } else {
      lo = mid + 1;
    }
  }
  return sample.values[lo]!;
}
