/**
 * Abnormal requests of one path, one row per trace with every metric
 * (duration, CPU, memory) that fired. Two rules:
 * - `robust` (default): latency is right-skewed, so a symmetric rule on raw
 *   values flags the natural tail of every busy path. The rule works on log
 *   values: a request is abnormal when its modified z-score
 *   0.6745 · (ln v − median ln) / MAD(ln) exceeds `threshold` (Iglewicz and
 *   Hoaglin's 3.5), AND its excess over the path's median is at least
 *   `minExcessRatio` of the median and `minExcess` of the metric's unit — a
 *   request 0.3 ms slower than a tight 2 ms path is not worth a look. Needs
 *   `MIN_ROBUST_SAMPLES` requests.
 * - `mean+2sd` (the seed prototype's): value > mean + 2σ of the path.
 *
 *   ln duration of a path:   ▁▂▅█▇▄▂▁            ▁ ▂      ← flagged: far in
 *                            median ↑  threshold ↑          log space and
 *                                                           ≥ 5% and 5 ms slower
 *
 * Each row names the hop most responsible for its first finding: the largest
 * excess of self time or CPU over that hop's median on this path (memory
 * excess for memory). Only each metric's most extreme requests are kept
 * (anomaly-candidates.ts), so when all of them cross, `detected` estimates the
 * rest from the distribution and `unlisted` counts them.
 */
import type {
  Anomaly,
  AnomalyFinding,
  AnomalyMetric,
  AnomalyRule,
  AnomalySummary,
} from '@pathprof/model';
import type { PathRecord } from '../profile/build-path-records.js';
import type { PositionAccumulator } from '../profile/position-accumulator.js';
import type { Distribution } from '../stats/distribution.js';
import {
  ANOMALY_METRICS,
  CANDIDATES_PER_METRIC,
  metricValue,
} from './anomaly-candidates.js';
import type { AnomalyCandidates } from './anomaly-candidates.js';

export const DEFAULT_MAD_THRESHOLD = 3.5;
const MAD_SCALE = 0.6745;
/** Fewer requests than this give no robust estimate of a path's spread. */
export const MIN_ROBUST_SAMPLES = 10;

export interface AnomalyOptions {
  readonly rule: AnomalyRule;
  /** Modified z-score threshold of the robust rule. */
  readonly threshold: number;
  /** Least excess over the median, as a fraction of the median (robust rule). */
  readonly minExcessRatio: number;
  /** Least excess over the median per metric, µs for duration and CPU, bytes for memory (robust rule). */
  readonly minExcess: Readonly<Record<AnomalyMetric, number>>;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyOptions = {
  rule: 'robust',
  threshold: DEFAULT_MAD_THRESHOLD,
  minExcessRatio: 0.05,
  minExcess: { duration: 5000, cpu: 1000, memory: 1024 * 1024 },
};

export interface PathStatsView {
  readonly duration: Distribution;
  readonly cpu: Distribution;
  readonly memory: Distribution;
  readonly hops: readonly PositionAccumulator[];
  readonly candidates: AnomalyCandidates;
}

export function detectAnomalies(
  path: PathStatsView,
  options: AnomalyOptions = DEFAULT_ANOMALY_OPTIONS,
): AnomalySummary {
  const rows = new Map<
    string,
    { record: PathRecord; findings: AnomalyFinding[] }
  >();
  let estimated = 0;
  for (const metric of ANOMALY_METRICS) {
    const dist = distributionOf(path, metric);
    const median = dist.count > 0 ? dist.quantile(0.5) : 0;
    const threshold = thresholdOf(path, metric, dist, median, options);
    if (threshold === null) {
      continue;
    }
    const extremes = path.candidates.extremesOf(metric);
    let above = 0;
    for (const record of extremes) {
      const value = metricValue(record, metric)!;
      if (value <= threshold) {
        continue;
      }
      above++;
      let row = rows.get(record.traceId);
      if (row === undefined) {
        row = { record, findings: [] };
        rows.set(record.traceId, row);
      }
      row.findings.push({
        metric,
        rule: options.rule,
        value,
        threshold,
        median,
      });
    }
    if (above === extremes.length && above >= CANDIDATES_PER_METRIC) {
      estimated = Math.max(estimated, estimateCountAbove(dist, threshold));
    }
  }
  const items: Anomaly[] = [...rows.values()]
    .map(({ record, findings }) => describe(record, findings, path.hops))
    .sort(byExcess);
  const detected = Math.max(items.length, estimated);
  return {
    rule: options.rule,
    detected,
    unlisted: detected - items.length,
    items,
  };
}

function thresholdOf(
  path: PathStatsView,
  metric: AnomalyMetric,
  dist: Distribution,
  median: number,
  options: AnomalyOptions,
): number | null {
  if (options.rule === 'mean+2sd') {
    return dist.count >= 2 && dist.stddev > 0
      ? dist.mean + 2 * dist.stddev
      : null;
  }
  if (dist.count < MIN_ROBUST_SAMPLES) {
    return null;
  }
  const logs = path.candidates
    .sampleOf(metric)
    .map((v) => Math.log(Math.max(v, 1)))
    .sort((a, b) => a - b);
  const center = medianOfSorted(logs);
  const deviations = logs
    .map((v) => Math.abs(v - center))
    .sort((a, b) => a - b);
  const mad = medianOfSorted(deviations);
  const byScore = Math.exp(center + (options.threshold * mad) / MAD_SCALE);
  return Math.max(
    byScore,
    median * (1 + options.minExcessRatio),
    median + options.minExcess[metric],
  );
}

function medianOfSorted(sorted: readonly number[]): number {
  if (sorted.length === 0) {
    return 0;
  }
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)]! + sorted[Math.ceil(mid)]!) / 2;
}

function distributionOf(
  path: PathStatsView,
  metric: AnomalyMetric,
): Distribution {
  return metric === 'duration'
    ? path.duration
    : metric === 'cpu'
      ? path.cpu
      : path.memory;
}

/** When every kept candidate is above the threshold, more may be: estimate from the quantiles. */
function estimateCountAbove(dist: Distribution, threshold: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (dist.quantile(mid) > threshold) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return Math.round((1 - hi) * dist.count);
}

/** Largest relative excess of the first finding first, then by trace id. */
function byExcess(a: Anomaly, b: Anomaly): number {
  const ra = relativeExcess(a.findings[0]!);
  const rb = relativeExcess(b.findings[0]!);
  return (
    rb - ra || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0)
  );
}

function relativeExcess(f: AnomalyFinding): number {
  return f.median > 0 ? f.value / f.median : f.value;
}

/**
 * The hop most responsible for a finding: the largest excess, over this
 * path's median, of a position's self time or CPU (memory for memory
 * findings), or of its time in other branches — then the hop named is the
 * other branch that dominated it (`hopInOtherBranch`), at the position where
 * the request forked.
 */
function describe(
  record: PathRecord,
  findings: readonly AnomalyFinding[],
  hops: readonly PositionAccumulator[],
): Anomaly {
  const metric = findings[0]!.metric;
  let best: number | null = null;
  let bestExcess = -Infinity;
  let bestLabel: string | null = null;
  let inOtherBranch = false;
  const consider = (
    i: number,
    excess: number,
    label: string,
    other: boolean,
  ): void => {
    if (excess > bestExcess) {
      best = i;
      bestExcess = excess;
      bestLabel = label;
      inOtherBranch = other;
    }
  };
  record.positions.forEach((p, i) => {
    const hop = hops[i];
    if (hop === undefined) {
      return;
    }
    if (metric === 'memory') {
      if (p.memoryBytes !== undefined && hop.memory.count > 0) {
        consider(i, p.memoryBytes - hop.memory.quantile(0.5), p.label, false);
      }
      return;
    }
    consider(i, p.selfMicros - hop.self.quantile(0.5), p.label, false);
    if (p.cpuMicros !== undefined && hop.cpu.count > 0) {
      consider(i, p.cpuMicros - hop.cpu.quantile(0.5), p.label, false);
    }
    if (metric === 'duration' && p.otherBranch !== undefined) {
      consider(
        i,
        p.inOtherMicros - hop.inOther.quantile(0.5),
        p.otherBranch,
        true,
      );
    }
  });
  return {
    traceId: record.traceId,
    durationMicros: record.durationMicros,
    findings,
    hop: bestLabel,
    hopPosition: best,
    hopInOtherBranch: inOtherBranch,
    hopExcess: best === null ? null : bestExcess,
  };
}
