/**
 * Per-path anomalies, two rules per metric (duration, CPU, memory):
 * - `mean+2sd` (the seed's rule): value > mean + 2σ of the path, when σ > 0;
 * - `median+mad` (robust to the outliers themselves): value > median +
 *   k·MAD/0.6745, i.e. a modified z-score above k (Iglewicz–Hoaglin, k = 3.5),
 *   when MAD > 0. MAD comes from a hash-ordered sample (exact up to its size).
 * Each anomaly names the hop most responsible: the largest excess of self time
 * or CPU over that hop's median (memory over the median, for memory anomalies).
 */
import type {
  Anomaly,
  AnomalyMetric,
  AnomalyRule,
  AnomalySummary,
} from '@pathprof/model';
import type { PathRecord } from '../profile/analyze-trace.js';
import type { HopAccumulator } from '../profile/hop-accumulator.js';
import type { Distribution } from '../stats/distribution.js';
import { ANOMALY_METRICS, metricValue } from './anomaly-candidates.js';
import type { AnomalyCandidates } from './anomaly-candidates.js';

export const DEFAULT_MAD_THRESHOLD = 3.5;
const MAD_SCALE = 0.6745;

export interface PathStatsView {
  readonly duration: Distribution;
  readonly cpu: Distribution;
  readonly memory: Distribution;
  readonly hops: readonly HopAccumulator[];
  readonly candidates: AnomalyCandidates;
}

export function detectAnomalies(
  path: PathStatsView,
  madThreshold = DEFAULT_MAD_THRESHOLD,
): AnomalySummary {
  const items: Anomaly[] = [];
  let detected = 0;
  for (const metric of ANOMALY_METRICS) {
    const dist = distributionOf(path, metric);
    if (dist.count < 2) {
      continue;
    }
    const extremes = path.candidates.extremesOf(metric);
    const thresholds: [AnomalyRule, number][] = [];
    const sd = dist.stddev;
    if (sd > 0) {
      thresholds.push(['mean+2sd', dist.mean + 2 * sd]);
    }
    const median = dist.quantile(0.5);
    const mad = medianAbsoluteDeviation(
      path.candidates.sampleOf(metric),
      median,
    );
    if (mad > 0) {
      thresholds.push([
        'median+mad',
        median + (madThreshold * mad) / MAD_SCALE,
      ]);
    }
    for (const [rule, threshold] of thresholds) {
      const above = extremes.filter((r) => metricValue(r, metric)! > threshold);
      detected +=
        above.length < extremes.length
          ? above.length
          : estimateCountAbove(dist, threshold, above.length);
      for (const record of above) {
        items.push(describe(record, metric, rule, threshold, path.hops));
      }
    }
  }
  return { detected, unlisted: detected - items.length, items };
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

function medianAbsoluteDeviation(
  sample: readonly number[],
  median: number,
): number {
  if (sample.length === 0) {
    return 0;
  }
  const deviations = sample
    .map((v) => Math.abs(v - median))
    .sort((a, b) => a - b);
  const mid = (deviations.length - 1) / 2;
  return (deviations[Math.floor(mid)]! + deviations[Math.ceil(mid)]!) / 2;
}

/** When every kept candidate is above the threshold, more may be: estimate from the quantiles. */
function estimateCountAbove(
  dist: Distribution,
  threshold: number,
  atLeast: number,
): number {
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
  return Math.max(atLeast, Math.round((1 - hi) * dist.count));
}

function describe(
  record: PathRecord,
  metric: AnomalyMetric,
  rule: AnomalyRule,
  threshold: number,
  hops: readonly HopAccumulator[],
): Anomaly {
  let best: number | null = null;
  let bestExcess = -Infinity;
  record.positions.forEach((p, i) => {
    const hop = hops[i];
    if (hop === undefined) {
      return;
    }
    const excesses: number[] = [];
    if (metric === 'memory') {
      if (p.memoryBytes !== undefined && hop.memory.count > 0) {
        excesses.push(p.memoryBytes - hop.memory.quantile(0.5));
      }
    } else {
      excesses.push(p.selfMicros - hop.self.quantile(0.5));
      if (p.cpuMicros !== undefined && hop.cpu.count > 0) {
        excesses.push(p.cpuMicros - hop.cpu.quantile(0.5));
      }
    }
    for (const e of excesses) {
      if (e > bestExcess) {
        bestExcess = e;
        best = i;
      }
    }
  });
  return {
    traceId: record.traceId,
    metric,
    rule,
    value: metricValue(record, metric)!,
    threshold,
    hop: best === null ? null : record.positions[best]!.label,
    hopPosition: best,
    hopExcess: best === null ? null : bestExcess,
  };
}
