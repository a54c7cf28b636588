/** A measure on both sides of a comparison, with its absolute and relative change. */
import type { MeasureChange } from '@pathprof/model';
import type { Distribution } from '../stats/distribution.js';

export function describeChange(
  baseline: number | null,
  candidate: number | null,
): MeasureChange {
  const b = baseline === null || Number.isNaN(baseline) ? null : baseline;
  const c = candidate === null || Number.isNaN(candidate) ? null : candidate;
  const delta = b === null || c === null ? null : c - b;
  return {
    baseline: b,
    candidate: c,
    delta,
    relative: delta === null || b === 0 ? null : delta / b!,
  };
}

/** The q-quantile of a distribution, or null when it is absent or empty. */
export function quantileOrNull(
  d: Distribution | undefined,
  q: number,
): number | null {
  return d === undefined || d.count === 0 ? null : d.quantile(q);
}

/** count ÷ seconds, or null without a covered time. */
export function rateOrNull(
  count: number,
  seconds: number | null,
): number | null {
  return seconds === null || !(seconds > 0) ? null : count / seconds;
}
