/**
 * Paired percentile bootstrap. The experiment is a list of n rounds, each
 * holding one sample of every arm (taken back to back, in random order), so a
 * resample draws n round indices with replacement and recomputes every
 * statistic on those rounds, keeping each round's arms together: drift that
 * hits all arms of a round alike cancels out of their ratios. The interval is
 * the (α/2, 1−α/2) quantile pair of the resampled statistic (Efron's
 * percentile method); the estimate is the statistic of the rounds as measured.
 *
 *   rounds   0    1    2    3          resample  2    0    2    3
 *   arm A   10   12   11   30     ->   arm A    11   10   11   30
 *   arm B    9   11   10   28          arm B    10    9   10   28
 */
import { quantileOfSorted } from '../stats/quantile-of-sorted.js';
import { createUniform, drawIndex } from './seeded-random.js';

export interface BootstrapInterval {
  readonly estimate: number;
  readonly low: number;
  readonly high: number;
}

export interface PairedBootstrapOptions {
  readonly resamples: number;
  readonly seed: number;
  /** e.g. 0.95 */
  readonly confidence: number;
}

export const DEFAULT_PAIRED_BOOTSTRAP: PairedBootstrapOptions = {
  resamples: 1000,
  seed: 1,
  confidence: 0.95,
};

/**
 * `compute(rounds)` gets the round indices to use (the identity for the
 * estimate) and returns named statistics; returns an interval per name.
 * Non-finite resampled values (e.g. a ratio over zero) are left out.
 */
export function bootstrapPaired<K extends string>(
  roundCount: number,
  compute: (rounds: Uint32Array) => Record<K, number>,
  options: PairedBootstrapOptions = DEFAULT_PAIRED_BOOTSTRAP,
): Record<K, BootstrapInterval> {
  const identity = new Uint32Array(roundCount);
  for (let i = 0; i < roundCount; i++) {
    identity[i] = i;
  }
  const estimates = compute(identity);
  const names = Object.keys(estimates) as K[];
  const draws = new Map<K, number[]>(names.map((k) => [k, []]));
  const uniform = createUniform(options.seed);
  const rounds = new Uint32Array(roundCount);
  if (roundCount > 0) {
    for (let r = 0; r < options.resamples; r++) {
      for (let i = 0; i < roundCount; i++) {
        rounds[i] = drawIndex(uniform, roundCount);
      }
      const values = compute(rounds);
      for (const k of names) {
        if (Number.isFinite(values[k])) {
          draws.get(k)!.push(values[k]);
        }
      }
    }
  }
  const alpha = 1 - options.confidence;
  const out = {} as Record<K, BootstrapInterval>;
  for (const k of names) {
    const sorted = Float64Array.from(draws.get(k)!).sort();
    out[k] = {
      estimate: estimates[k],
      low: quantileOfSorted(sorted, alpha / 2),
      high: quantileOfSorted(sorted, 1 - alpha / 2),
    };
  }
  return out;
}
