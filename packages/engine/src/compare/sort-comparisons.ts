/**
 * Report order: regressed (largest relative p50 growth first), appeared,
 * vanished, improved, insufficient, unchanged; within a verdict the busiest
 * path first (both sides' counts), then by key.
 */
import type {
  ComparisonReport,
  PathComparison,
  PathVerdict,
} from '@pathprof/model';

const VERDICT_ORDER: readonly PathVerdict[] = [
  'regressed',
  'appeared',
  'vanished',
  'improved',
  'insufficient',
  'unchanged',
];

export function sortPathComparisons(
  paths: readonly PathComparison[],
): PathComparison[] {
  const total = (p: PathComparison): number =>
    (p.count.baseline ?? 0) + (p.count.candidate ?? 0);
  return [...paths].sort(
    (a, b) =>
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
      (a.verdict === 'regressed'
        ? (b.p50Micros.relative ?? Infinity) -
          (a.p50Micros.relative ?? Infinity)
        : 0) ||
      total(b) - total(a) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

export function summarizeVerdicts(
  paths: readonly PathComparison[],
): ComparisonReport['summary'] {
  const count = (v: PathVerdict): number =>
    paths.filter((p) => p.verdict === v).length;
  return {
    regressed: count('regressed'),
    improved: count('improved'),
    unchanged: count('unchanged'),
    appeared: count('appeared'),
    vanished: count('vanished'),
    insufficient: count('insufficient'),
  };
}
