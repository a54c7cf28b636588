/**
 * Compares two sides path by path. For every path both sides hold at least
 * `minSamples` times, a two-sided Mann–Whitney U test of the path durations
 * gives a p-value; the p-values of all tested paths are Holm-adjusted
 * together, so the chance that any unchanged path is reported as changed
 * stays below `alpha`. A path is `regressed` when its adjusted p < alpha, its
 * candidate durations tend to be larger (effect > ½) and its p50 grew by at
 * least `minEffect` (relative); `improved` symmetrically; else `unchanged`.
 * Paths found on one side only are `appeared` / `vanished`; paths with too
 * few samples on a side are `insufficient`. Pure and deterministic: the
 * bootstrap is seeded per path key.
 */
import { COMPARISON_SCHEMA_VERSION } from '@pathprof/model';
import type {
  ComparisonReport,
  PathComparison,
  PathVerdict,
} from '@pathprof/model';
import { bootstrapMedianDelta } from './bootstrap-median-delta.js';
import { describePathChange } from './describe-path-change.js';
import type { PathMeasures } from './describe-path-change.js';
import { findResponsibleHop } from './find-responsible-hop.js';
import { adjustHolm } from './holm-adjust.js';
import { computeMannWhitneyU } from './mann-whitney-u.js';
import type { PathSampleSet, PathSamples } from './path-sample-set.js';
import { hashText } from './seeded-random.js';
import { sortPathComparisons, summarizeVerdicts } from './sort-comparisons.js';

export const DEFAULT_COMPARE_ALPHA = 0.01;
export const DEFAULT_MIN_EFFECT = 0.05;
export const DEFAULT_MIN_SAMPLES = 20;
export const DEFAULT_BOOTSTRAP_RESAMPLES = 2000;
export const MANN_WHITNEY_METHOD = 'mann-whitney-u';

export interface CompareOptions {
  /** Family-wise significance level across the tested paths (default 0.01). */
  readonly alpha?: number;
  /** Smallest relative p50 change that counts (default 0.05 = 5 %). */
  readonly minEffect?: number;
  /** Fewest records per side for a path to be tested (default 20). */
  readonly minSamples?: number;
  /** Bootstrap resamples for the p50 difference interval (default 2000; 0 = none). */
  readonly bootstrapResamples?: number;
  /** Mixed into each path's bootstrap seed (default 1). */
  readonly seed?: number;
}

export interface ComparisonInput {
  readonly label: string;
  readonly samples: PathSampleSet;
  /** Seconds of the window the side was read from; null for files. */
  readonly windowSeconds: number | null;
}

/** Rates are per second over the time a side's requests cover, as in the path report. */
function coveredSeconds(side: ComparisonInput): number | null {
  const seconds = side.samples.coverage()?.seconds ?? 0;
  return seconds > 0 ? seconds : null;
}

interface Draft {
  readonly measures: PathMeasures;
  readonly base: PathSamples | undefined;
  readonly cand: PathSamples | undefined;
  readonly test?: {
    readonly rawPValue: number;
    readonly effect: number;
    readonly interval: readonly [number, number] | null;
  };
}

export function comparePathSamples(
  baseline: ComparisonInput,
  candidate: ComparisonInput,
  options: CompareOptions = {},
): ComparisonReport {
  const alpha = options.alpha ?? DEFAULT_COMPARE_ALPHA;
  const minEffect = options.minEffect ?? DEFAULT_MIN_EFFECT;
  const minSamples = options.minSamples ?? DEFAULT_MIN_SAMPLES;
  const resamples = options.bootstrapResamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  if (!(alpha > 0 && alpha < 1) || !(minEffect >= 0) || !(minSamples >= 2)) {
    throw new RangeError(
      'comparePathSamples: alpha, minEffect or minSamples out of range',
    );
  }
  if (baseline.samples.pathKey.name !== candidate.samples.pathKey.name) {
    throw new RangeError(
      'comparePathSamples: both sides must use the same path key',
    );
  }
  const keys = [
    ...new Set([
      ...baseline.samples.paths.keys(),
      ...candidate.samples.paths.keys(),
    ]),
  ].sort();
  const drafts: Draft[] = keys.map((key) => {
    const base = baseline.samples.paths.get(key);
    const cand = candidate.samples.paths.get(key);
    const measures = describePathChange(key, base?.profile, cand?.profile, {
      baseline: { coveredSeconds: coveredSeconds(baseline) },
      candidate: { coveredSeconds: coveredSeconds(candidate) },
    });
    if (
      base === undefined ||
      cand === undefined ||
      base.profile.count < minSamples ||
      cand.profile.count < minSamples
    ) {
      return { measures, base, cand };
    }
    const binned = base.durations.binned || cand.durations.binned;
    const b = base.durations.toWeightedValues(binned);
    const c = cand.durations.toWeightedValues(binned);
    const mw = computeMannWhitneyU(b, c);
    const interval =
      resamples > 0
        ? bootstrapMedianDelta(b, c, {
            resamples,
            alpha,
            seed: ((options.seed ?? 1) ^ hashText(key)) >>> 0,
          })
        : null;
    return {
      measures,
      base,
      cand,
      test: { rawPValue: mw.pValue, effect: mw.effect, interval },
    };
  });
  const tested = drafts.filter((d) => d.test !== undefined);
  const adjusted = new Map(
    adjustHolm(tested.map((d) => d.test!.rawPValue)).map((p, i) => [
      tested[i]!,
      p,
    ]),
  );
  const paths = sortPathComparisons(
    drafts.map((d) => finishPath(d, adjusted.get(d), alpha, minEffect)),
  );
  return {
    schemaVersion: COMPARISON_SCHEMA_VERSION,
    pathKey: baseline.samples.pathKey.name,
    baseline: describeSide(baseline),
    candidate: describeSide(candidate),
    alpha,
    minEffect,
    paths,
    summary: summarizeVerdicts(paths),
  };
}

function finishPath(
  draft: Draft,
  pValue: number | undefined,
  alpha: number,
  minEffect: number,
): PathComparison {
  const { measures, base, cand, test } = draft;
  if (test === undefined || pValue === undefined) {
    const verdict: PathVerdict =
      base === undefined
        ? 'appeared'
        : cand === undefined
          ? 'vanished'
          : 'insufficient';
    return { ...measures, verdict };
  }
  const significant = pValue < alpha;
  const p50 = measures.p50Micros;
  const relative =
    p50.relative ??
    (p50.delta === null || p50.delta === 0
      ? 0
      : Math.sign(p50.delta) * Infinity);
  const verdict: PathVerdict =
    significant && test.effect > 0.5 && relative >= minEffect
      ? 'regressed'
      : significant && test.effect < 0.5 && relative <= -minEffect
        ? 'improved'
        : 'unchanged';
  const responsibleHop =
    verdict === 'regressed' || verdict === 'improved'
      ? findResponsibleHop(
          base!.profile.hops,
          cand!.profile.hops,
          p50.delta ?? 0,
        )
      : undefined;
  return {
    ...measures,
    verdict,
    test: {
      method: MANN_WHITNEY_METHOD,
      pValue,
      rawPValue: test.rawPValue,
      effect: test.effect,
      p50DeltaInterval: test.interval,
      significant,
    },
    ...(responsibleHop === undefined ? {} : { responsibleHop }),
  };
}

function describeSide(side: ComparisonInput): ComparisonReport['baseline'] {
  return {
    label: side.label,
    traces: side.samples.traces,
    windowSeconds: side.windowSeconds,
    coverage: side.samples.coverage(),
  };
}
