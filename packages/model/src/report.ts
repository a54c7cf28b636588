/**
 * The profile report: what `pathprof analyze --format json` prints and what the
 * path API serves. Times are µs, CPU µs, memory bytes; shares are fractions 0–1.
 * Schema documented in docs/report-schema.md; bump REPORT_SCHEMA_VERSION on
 * incompatible changes.
 */
import type { TraceWarning } from './trace-warning.js';
export const REPORT_SCHEMA_VERSION = 2;

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

/** How often a categorical value occurred. */
export interface ValueCount {
  readonly value: string;
  readonly count: number;
}

/**
 * Which span carried the errors charged to a hop: its own span (`own`), a
 * folded proxy span wrapping it (`proxy`), or another non-hop span of it —
 * framework, local, client or messaging (`span`); `span` names that span as
 * `service:operation`.
 */
export interface ErrorSource {
  readonly carrier: 'own' | 'proxy' | 'span';
  readonly span: string;
  /** Requests (for a path position) or calls (for a hop summary). */
  readonly count: number;
}

/** The most frequent error sources, and how many errors the list leaves out. */
export interface ErrorSources {
  readonly items: readonly ErrorSource[];
  readonly unlisted: number;
}

/**
 * One position of a path, over the requests (traces) that took the path. When
 * a request calls the position's hop more than once (an N+1 loop, a fan-out),
 * its calls are combined: duration is the wall time they cover together, self
 * time, CPU and waiting are summed, memory is the largest.
 */
export interface HopProfile {
  /** Position along the path, 0 = the entry hop. */
  readonly position: number;
  readonly label: string;
  readonly service: string;
  /** Requests in which this position was reached (the path's count). */
  readonly count: number;
  /** Requests in which the hop failed, by its own span or one charged to it. */
  readonly errors: number;
  readonly errorSources: ErrorSources;
  readonly durationMicros: SummaryStats;
  /** Duration minus the union of the callee hops' intervals. */
  readonly selfMicros: SummaryStats;
  readonly cpuMicros: SummaryStats | null;
  /** Duration minus CPU, where CPU is reported. */
  readonly waitingMicros: SummaryStats | null;
  readonly memoryBytes: SummaryStats | null;
  /** This hop's share of the request's critical path time. */
  readonly criticalPathShare: CriticalShare;
  /** Calls of this hop per request. */
  readonly calls: SummaryStats;
  /** Of those calls, how many lay on the request's critical path. */
  readonly criticalCalls: SummaryStats;
  /**
   * Sum of the sibling calls' durations ÷ the wall time they span: 1 for one
   * call or calls one after another (an N+1 loop), up to `calls` when they ran
   * side by side, below 1 when they left gaps.
   */
  readonly overlap: SummaryStats;
  /** Time in callees spent in this path's next hop (0 at the last position). */
  readonly inNextHopMicros: SummaryStats;
  /** Time in callees spent only in other branches (callees not on this path). */
  readonly inOtherBranchesMicros: SummaryStats;
  /** The callee (a hop label) that took most of the other-branch time, per request. */
  readonly otherBranches: readonly ValueCount[];
}

export type AnomalyMetric = 'duration' | 'cpu' | 'memory';
/**
 * `robust` (the default): a modified z-score of the log value above the
 * threshold and an excess over the median of at least the minimum effect;
 * `mean+2sd`: the seed prototype's rule on raw values.
 */
export type AnomalyRule = 'robust' | 'mean+2sd';

/** One metric of one request that crossed its path's threshold. */
export interface AnomalyFinding {
  readonly metric: AnomalyMetric;
  readonly rule: AnomalyRule;
  /** The request's value (µs for duration and CPU, bytes for memory). */
  readonly value: number;
  readonly threshold: number;
  /** The path's median of this metric. */
  readonly median: number;
}

/** An abnormal request of a path: one row per trace, with every metric that fired. */
export interface Anomaly {
  readonly traceId: string;
  /** The request's end-to-end duration on this path, µs. */
  readonly durationMicros: number;
  readonly findings: readonly AnomalyFinding[];
  /**
   * The hop most responsible for the first finding: the largest excess, over
   * its median on this path, of a hop's self time or CPU (memory for memory
   * findings) — or of a hop's time waiting on other branches, and then the
   * hop named is the other branch that dominated (`hopInOtherBranch`).
   */
  readonly hop: string | null;
  /** The path position of the hop, or where the request forked to the other branch. */
  readonly hopPosition: number | null;
  readonly hopInOtherBranch: boolean;
  /** That hop's excess over its own median: self time or CPU in µs, memory in bytes. */
  readonly hopExcess: number | null;
}

export interface AnomalySummary {
  readonly rule: AnomalyRule;
  /** Distinct abnormal requests (traces). */
  readonly detected: number;
  /** Abnormal requests not listed: only each metric's most extreme requests are kept. */
  readonly unlisted: number;
  readonly items: readonly Anomaly[];
}

/** One call path over the requests (traces) that took it. */
export interface PathProfile {
  readonly key: string;
  readonly hops: readonly HopProfile[];
  /** Requests (traces) that took this path. */
  readonly count: number;
  /** Requests per second over the time the data covers (`totals.coverage`); null when it covers no time. */
  readonly ratePerSecond: number | null;
  /** Requests in which a hop of the path failed. */
  readonly errors: number;
  /** Requests in which a hop is known to be missing along this path. */
  readonly incomplete: number;
  /** End-to-end: the request's duration as its entry hop saw it. */
  readonly durationMicros: SummaryStats;
  /**
   * The path's own branch time: the part of the request's duration spent on
   * this path's hops, not waiting only for sibling branches (a fan-out branch
   * is not charged its siblings' time).
   */
  readonly branchMicros: SummaryStats;
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
  /** Path keys found in this shape, sorted; at most 64 are listed. */
  readonly paths: readonly string[];
  /** Path keys of the shape beyond those listed. */
  readonly unlistedPaths: number;
  readonly exemplars: readonly string[];
}

/** One hop label across every path and request: one value per call. */
export interface HopSummaryProfile {
  readonly label: string;
  /** Calls. */
  readonly count: number;
  readonly errors: number;
  readonly errorSources: ErrorSources;
  readonly durationMicros: SummaryStats;
  readonly selfMicros: SummaryStats;
  readonly cpuMicros: SummaryStats | null;
  readonly waitingMicros: SummaryStats | null;
  readonly memoryBytes: SummaryStats | null;
  /** A call's critical-path time as a share of its request's duration. */
  readonly criticalPathShare: CriticalShare;
  readonly exemplars: readonly string[];
}

/** The time the data covers: from the first request's start to the last one's, plus one mean gap. */
export interface Coverage {
  readonly firstStartMicros: number;
  readonly lastStartMicros: number;
  /** (last − first) × traces ÷ (traces − 1): the span of `traces` evenly spaced arrivals; 0 for one trace. */
  readonly seconds: number;
}

export interface ReportTotals {
  readonly traces: number;
  /** Spans read from the input, including those dropped. */
  readonly spansRead: number;
  /** Spans analysed. */
  readonly spans: number;
  /**
   * Spans not analysed, by reason: `invalid` (no usable ids or timing, as the
   * reader found them), `duplicate` (a copy of a span already read, merged into it).
   */
  readonly droppedSpans: Readonly<Record<string, number>>;
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
  /** Null when no trace was read. */
  readonly coverage: Coverage | null;
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
  /** The first few warnings of each code, with the trace and span they concern. */
  readonly warningSamples: readonly TraceWarning[];
  /** Present in the path API's answers: how much of the window the path index served. */
  readonly source?: ReportSource;
  readonly paths?: readonly PathProfile[];
  readonly shapes?: readonly ShapeProfile[];
  readonly hops?: readonly HopSummaryProfile[];
}
