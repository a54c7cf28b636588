/**
 * The profile report: what `pathprof analyze --format json` prints and what the
 * path API serves. Times are µs, CPU µs, memory bytes; shares are fractions 0–1.
 * Schema documented in docs/report-schema.md; bump REPORT_SCHEMA_VERSION on
 * incompatible changes.
 */
export const REPORT_SCHEMA_VERSION = 1;

/** Summary statistics of one measure. `exact` is false once a quantile sketch took over. */
export interface SummaryStats {
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** Sample standard deviation (n − 1); 0 for a single value. */
  readonly stddev: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly exact: boolean;
}

export interface CriticalShare {
  readonly p50: number;
  readonly p95: number;
}

export interface HopProfile {
  /** Position along the path, 0 = the entry hop. */
  readonly position: number;
  readonly label: string;
  readonly count: number;
  readonly errors: number;
  readonly durationMicros: SummaryStats;
  /** Duration minus the union of the callee hops' intervals. */
  readonly selfMicros: SummaryStats;
  readonly cpuMicros: SummaryStats | null;
  /** Duration minus CPU, where CPU is reported. */
  readonly waitingMicros: SummaryStats | null;
  readonly memoryBytes: SummaryStats | null;
  /** This hop's share of the trace's critical path time. */
  readonly criticalPathShare: CriticalShare;
}

export type AnomalyMetric = 'duration' | 'cpu' | 'memory';
export type AnomalyRule = 'mean+2sd' | 'median+mad';

export interface Anomaly {
  readonly traceId: string;
  readonly metric: AnomalyMetric;
  readonly rule: AnomalyRule;
  /** The path record's value (µs for duration and CPU, bytes for memory). */
  readonly value: number;
  readonly threshold: number;
  /**
   * The hop most responsible: for duration and CPU anomalies the largest excess
   * of self time or CPU over that hop's median, for memory the largest memory excess.
   */
  readonly hop: string | null;
  readonly hopPosition: number | null;
  /** That hop's excess over its own median: self time or CPU in µs, memory in bytes. */
  readonly hopExcess: number | null;
}

export interface AnomalySummary {
  readonly detected: number;
  /** Anomalies not listed because only the most extreme are kept per path. */
  readonly unlisted: number;
  readonly items: readonly Anomaly[];
}

export interface PathProfile {
  readonly key: string;
  readonly hops: readonly HopProfile[];
  readonly count: number;
  readonly errors: number;
  /** Records in which a hop is known to be missing along this path. */
  readonly incomplete: number;
  /** End-to-end: the entry hop's duration. */
  readonly durationMicros: SummaryStats;
  /** Sum of the hops' CPU, over the records that report CPU. */
  readonly cpuMicros: SummaryStats | null;
  /** Largest hop memory of each record. */
  readonly memoryBytes: SummaryStats | null;
  readonly exemplars: readonly string[];
  readonly anomalies?: AnomalySummary;
}

export interface ShapeProfile {
  readonly key: string;
  readonly count: number;
  readonly errors: number;
  readonly durationMicros: SummaryStats;
  /** Path keys found in this shape. */
  readonly paths: readonly string[];
  readonly exemplars: readonly string[];
}

export interface HopSummaryProfile {
  readonly label: string;
  readonly count: number;
  readonly errors: number;
  readonly durationMicros: SummaryStats;
  readonly selfMicros: SummaryStats;
  readonly cpuMicros: SummaryStats | null;
  readonly waitingMicros: SummaryStats | null;
  readonly memoryBytes: SummaryStats | null;
  readonly exemplars: readonly string[];
}

export interface ReportTotals {
  readonly traces: number;
  readonly spans: number;
  /** Traces without any hop. */
  readonly tracesWithoutHops: number;
  /**
   * Traces whose spans were spread through the input further apart than the
   * reader's span buffer holds: each was analysed in fragments.
   */
  readonly cutTraces: number;
  readonly paths: number;
  readonly warnings: number;
  readonly warningsByCode: Readonly<Record<string, number>>;
}

/** Where a stored window's profile came from (the path API only). */
export interface ReportSource {
  /** Traces whose records the store's path index aggregated. */
  readonly indexedTraces: number;
  /** Traces read span by span and analysed by the engine. */
  readonly streamedTraces: number;
}

export interface AnalysisReport {
  readonly schemaVersion: number;
  readonly groupBy: 'path' | 'shape' | 'hop';
  readonly pathKey: string;
  readonly totals: ReportTotals;
  /** Present in the path API's answers: how much of the window the path index served. */
  readonly source?: ReportSource;
  readonly paths?: readonly PathProfile[];
  readonly shapes?: readonly ShapeProfile[];
  readonly hops?: readonly HopSummaryProfile[];
}
