/**
 * Bounded state for per-path anomaly detection in one pass. Thresholds depend
 * on the whole path's statistics, known only at the end, so each metric keeps
 * its most extreme records (the only ones that can cross a high threshold) and
 * a hash-ordered sample of values for the median absolute deviation. Both are
 * mergeable: merging equals collecting over the union.
 */
import type { AnomalyMetric } from '@pathprof/model';
import { BoundedSelection } from '../internal/bounded-selection.js';
import { hashTraceId } from '../internal/hash-trace-id.js';
import type { PathRecord } from '../profile/analyze-trace.js';

export const CANDIDATES_PER_METRIC = 32;
export const MAD_SAMPLE_SIZE = 2048;

export const ANOMALY_METRICS: readonly AnomalyMetric[] = [
  'duration',
  'cpu',
  'memory',
];

export function metricValue(
  record: PathRecord,
  metric: AnomalyMetric,
): number | undefined {
  switch (metric) {
    case 'duration':
      return record.durationMicros;
    case 'cpu':
      return record.cpuMicros;
    case 'memory':
      return record.memoryBytes;
  }
}

export interface Sampled {
  readonly hash: number;
  readonly traceId: string;
  readonly value: number;
}

const compareIds = (a: string, b: string): number =>
  a < b ? -1 : a > b ? 1 : 0;

export class AnomalyCandidates {
  private readonly extremes = new Map<
    AnomalyMetric,
    BoundedSelection<PathRecord>
  >();
  private readonly samples = new Map<
    AnomalyMetric,
    BoundedSelection<Sampled>
  >();

  constructor() {
    for (const metric of ANOMALY_METRICS) {
      this.extremes.set(
        metric,
        new BoundedSelection<PathRecord>(
          CANDIDATES_PER_METRIC,
          (a, b) =>
            metricValue(b, metric)! - metricValue(a, metric)! ||
            compareIds(a.traceId, b.traceId),
        ),
      );
      this.samples.set(
        metric,
        new BoundedSelection<Sampled>(
          MAD_SAMPLE_SIZE,
          (a, b) =>
            a.hash - b.hash ||
            compareIds(a.traceId, b.traceId) ||
            a.value - b.value,
        ),
      );
    }
  }

  /** Candidates holding these extremes and samples (each already the kept selection). */
  static restore(
    kept: ReadonlyMap<
      AnomalyMetric,
      {
        readonly extremes: readonly PathRecord[];
        readonly sample: readonly Sampled[];
      }
    >,
  ): AnomalyCandidates {
    const c = new AnomalyCandidates();
    for (const [metric, { extremes, sample }] of kept) {
      for (const record of extremes) {
        c.extremes.get(metric)!.offer(record);
      }
      for (const item of sample) {
        c.samples.get(metric)!.offer(item);
      }
    }
    return c;
  }

  add(record: PathRecord): void {
    const hash = hashTraceId(record.traceId);
    for (const metric of ANOMALY_METRICS) {
      const value = metricValue(record, metric);
      if (value === undefined) {
        continue;
      }
      this.extremes.get(metric)!.offer(record);
      this.samples.get(metric)!.offer({ hash, traceId: record.traceId, value });
    }
  }

  merge(other: AnomalyCandidates): void {
    for (const metric of ANOMALY_METRICS) {
      this.extremes.get(metric)!.merge(other.extremes.get(metric)!);
      this.samples.get(metric)!.merge(other.samples.get(metric)!);
    }
  }

  /** The most extreme records of a metric, largest first. */
  extremesOf(metric: AnomalyMetric): PathRecord[] {
    return this.extremes.get(metric)!.values();
  }

  sampleOf(metric: AnomalyMetric): number[] {
    return this.samples
      .get(metric)!
      .values()
      .map((s) => s.value);
  }
}
