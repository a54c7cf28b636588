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

/** Per metric, records by its value, largest first, then by trace id (one comparator each: no dispatch per comparison). */
const BY_METRIC_DESCENDING: Record<
  AnomalyMetric,
  (a: PathRecord, b: PathRecord) => number
> = {
  duration: (a, b) =>
    b.durationMicros - a.durationMicros || compareIds(a.traceId, b.traceId),
  cpu: (a, b) =>
    b.cpuMicros! - a.cpuMicros! || compareIds(a.traceId, b.traceId),
  memory: (a, b) =>
    b.memoryBytes! - a.memoryBytes! || compareIds(a.traceId, b.traceId),
};

const bySampleOrder = (a: Sampled, b: Sampled): number =>
  a.hash - b.hash || compareIds(a.traceId, b.traceId) || a.value - b.value;

/** The item a sample would be, to ask whether it would be kept before making it. */
const probe = { hash: 0, traceId: '', value: 0 };

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
          BY_METRIC_DESCENDING[metric],
        ),
      );
      this.samples.set(
        metric,
        new BoundedSelection<Sampled>(MAD_SAMPLE_SIZE, bySampleOrder),
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
      const samples = this.samples.get(metric)!;
      probe.hash = hash;
      probe.traceId = record.traceId;
      probe.value = value;
      if (samples.wouldKeep(probe)) {
        samples.offer({ hash, traceId: record.traceId, value });
      }
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
