/**
 * The path index: path records of closed time windows, written by the
 * collector's indexer (the engine's analysis of each trace, flattened) and
 * aggregated by the store's database, so that a window's path profile is a
 * `GROUP BY path` instead of a pass of the engine over every span. The store
 * returns the engine's own mergeable state (moments, exact values or sketch
 * bins, samples, extremes), so the engine reports it exactly as if it had
 * seen the traces, and merges it with the traces no run has indexed yet.
 * See docs/clickhouse.md ("Path index").
 */
import type { TraceId } from './ids.js';
import type { Micros } from './time/micros.js';

/**
 * One position of an indexed path record (see the engine's `PositionRecord`);
 * CPU and memory are null where not reported, the categorical values null
 * where there is none.
 */
export interface IndexedPosition {
  readonly label: string;
  readonly service: string;
  readonly calls: number;
  readonly criticalCalls: number;
  readonly overlap: number;
  readonly durationMicros: number;
  readonly selfMicros: number;
  readonly cpuMicros: number | null;
  readonly memoryBytes: number | null;
  readonly inNextMicros: number;
  readonly inOtherMicros: number;
  /** The hop label that took most of the other-branch time. */
  readonly otherBranch: string | null;
  readonly error: boolean;
  /** `<carrier> <service>:<operation>` of the span that carried the error. */
  readonly errorSource: string | null;
  readonly criticalShare: number;
}

/** One path record (one path of one trace, all its calls combined), as the index stores it. */
export interface IndexedPathRecord {
  readonly traceId: TraceId;
  /** The trace's start (its earliest span), which places the record in windows. */
  readonly traceStartMicros: Micros;
  /** The engine's sampling hash of the trace id (exemplars, MAD samples). */
  readonly traceHash: number;
  readonly key: string;
  readonly incomplete: boolean;
  readonly error: boolean;
  readonly durationMicros: number;
  readonly branchMicros: number;
  readonly cpuMicros: number | null;
  readonly memoryBytes: number | null;
  readonly positions: readonly IndexedPosition[];
}

/** What the index keeps of every trace, records or not: the report's totals and the service filter. */
export interface IndexedTrace {
  readonly traceId: TraceId;
  readonly startMicros: Micros;
  readonly spans: number;
  readonly hasHops: boolean;
  /** Every service with a span in the trace, sorted, once each. */
  readonly services: readonly string[];
  /** The code of each warning the analysis raised, once per warning. */
  readonly warningCodes: readonly string[];
}

/** A finished indexing run: the records of the traces starting in one window. */
export interface PathIndexRun {
  /** The window, aligned to the indexer's step: `start ≤ trace start < end`. */
  readonly startMicros: Micros;
  readonly endMicros: Micros;
  /** Random, 16 lowercase hex digits; rows carry it, so unfinished runs stay invisible. */
  readonly runId: string;
  /** Stored spans starting in the window, counted before the run read them. */
  readonly spanCount: number;
  readonly traces: number;
  readonly records: number;
  /** When the run finished, µs since the epoch; the latest run of a window wins. */
  readonly finishedMicros: Micros;
}

/** How to shape the aggregated state: the engine's own limits, so the state is its own. */
export interface PathStateOptions {
  /** Values kept exactly; a measure with more values gets sketch bins instead. */
  readonly exactLimit: number;
  /** Sketch key of a value v: `ceil(log2(|v|) × log2Multiplier)`, zero when |v| ≤ minIndexable. */
  readonly sketchLog2Multiplier: number;
  readonly sketchMinIndexable: number;
  /** Most extreme records kept per anomaly metric (0: none, for a reader that detects no anomalies). */
  readonly extremes: number;
  /** Values kept per anomaly metric, smallest by (trace hash, trace id, value); 0: none. */
  readonly madSample: number;
  /** Distinct trace ids kept per path, smallest by (trace hash, trace id). */
  readonly sampledTraces: number;
  /** Only traces with a span of this service. */
  readonly service?: string;
  /** Most paths returned, the most frequent first (ties by key). */
  readonly maxPaths: number;
  /**
   * `compared`: only what a comparison reads is needed (the path's count,
   * errors, duration, CPU and memory, each position's self time, CPU and
   * memory, the sampled traces and candidates asked for); an adapter may
   * leave the other measures, position errors and categories empty. Default
   * `all`.
   */
  readonly measures?: 'all' | 'compared';
}

/** Sketch bins: `[key, count]` pairs for positive and negative values, and the values near zero. */
export interface SketchBinsState {
  readonly zeroCount: number;
  readonly positive: readonly (readonly [number, number])[];
  readonly negative: readonly (readonly [number, number])[];
}

/**
 * One measure's mergeable state: exact moments, and either every value
 * (count ≤ exact limit) or sketch bins.
 */
export interface MeasureState {
  readonly count: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean. */
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  readonly values: readonly number[] | null;
  readonly bins: SketchBinsState | null;
}

/** A categorical value's count (which sibling dominated, which span carried an error). */
export interface CategoryCount {
  readonly value: string;
  readonly count: number;
}

export interface PositionState {
  readonly label: string;
  readonly service: string;
  readonly count: number;
  readonly errors: number;
  readonly duration: MeasureState;
  readonly self: MeasureState;
  readonly cpu: MeasureState;
  readonly waiting: MeasureState;
  readonly memory: MeasureState;
  readonly criticalShare: MeasureState;
  readonly calls: MeasureState;
  readonly criticalCalls: MeasureState;
  readonly overlap: MeasureState;
  readonly inNext: MeasureState;
  readonly inOther: MeasureState;
  /** Every value with its count (at most the engine's bound of distinct values). */
  readonly otherBranches: readonly CategoryCount[];
  readonly errorSources: readonly CategoryCount[];
}

/** A value of the MAD sample, with the keys that order the sample. */
export interface SampledValue {
  readonly traceId: TraceId;
  readonly hash: number;
  readonly value: number;
}

/**
 * Per anomaly metric: the most extreme records (largest value first, then
 * trace id) and the MAD sample (smallest by trace hash, trace id, value).
 */
export interface MetricCandidates {
  readonly extremes: readonly IndexedPathRecord[];
  readonly sample: readonly SampledValue[];
}

export interface PathState {
  readonly key: string;
  readonly count: number;
  readonly errors: number;
  readonly incomplete: number;
  readonly duration: MeasureState;
  readonly branch: MeasureState;
  readonly cpu: MeasureState;
  readonly memory: MeasureState;
  readonly positions: readonly PositionState[];
  /** Distinct trace ids, smallest by (hash, id) first. */
  readonly sampledTraces: readonly {
    readonly traceId: TraceId;
    readonly hash: number;
  }[];
  /** Anomaly candidates per metric (`duration`, `cpu`, `memory`). */
  readonly candidates: {
    readonly duration: MetricCandidates;
    readonly cpu: MetricCandidates;
    readonly memory: MetricCandidates;
  };
}

export interface PathIndexTotals {
  readonly traces: number;
  readonly spans: number;
  readonly tracesWithoutHops: number;
  readonly warningsByCode: Readonly<Record<string, number>>;
  /** The earliest and latest trace start of the traces counted; null without traces. */
  readonly firstStartMicros: number | null;
  readonly lastStartMicros: number | null;
}

/** The aggregated state of the records of some runs within a window. */
export interface PathIndexState {
  readonly totals: PathIndexTotals;
  readonly paths: readonly PathState[];
}

/**
 * What `readPathSeries` aggregates: the records of a window in buckets of
 * trace start time, `stepMicros` wide and aligned to multiples of it, per
 * path; durations as sketch bins of the engine's mapping, so buckets of the
 * index and of streamed traces merge.
 */
export interface PathSeriesOptions {
  readonly stepMicros: Micros;
  /** Sketch key of a duration v: `ceil(log2(v) × sketchLog2Multiplier)`, zero when v ≤ sketchMinIndexable. */
  readonly sketchLog2Multiplier: number;
  readonly sketchMinIndexable: number;
  /** Only the paths with a position in this service. */
  readonly service?: string;
  /** Only these paths; all paths (up to `maxPaths`) when absent. */
  readonly keys?: readonly string[];
  /** The most paths answered, the ones with most records first (then by key). */
  readonly maxPaths: number;
  /** Cells of at most this many records also list their durations. */
  readonly exactLimit: number;
}

/** One path in one time bucket. */
export interface PathSeriesCell {
  readonly key: string;
  readonly bucketStartMicros: Micros;
  readonly count: number;
  readonly errors: number;
  readonly minMicros: number;
  readonly maxMicros: number;
  /** The durations' sketch bins (no negative bins: durations are ≥ 0). */
  readonly bins: SketchBinsState;
  /** Every duration, when the cell holds at most `exactLimit` records; else null. */
  readonly values: readonly number[] | null;
}

/**
 * Which requests of one path to list (`searchPathRecords`). Without
 * `position` the duration bounds and `errorsOnly` test the request (the
 * record's duration and error); with it, that position's calls (their
 * duration and error) — "requests whose svc-e:e1 took over 500 ms".
 * Bounds are inclusive.
 */
export interface PathRecordQuery {
  readonly key: string;
  /** 0-based position along the path. */
  readonly position?: number;
  readonly minDurationMicros?: number;
  readonly maxDurationMicros?: number;
  readonly errorsOnly?: boolean;
  /**
   * `duration`: by the tested duration; `start`: by trace start; `sample`:
   * by the trace's sampling hash (a deterministic, unbiased sample of the
   * matches). Ties by trace id, ascending.
   */
  readonly orderBy: 'duration' | 'start' | 'sample';
  /** Default `desc` (slowest, latest first); `sample` is always ascending. */
  readonly direction?: 'asc' | 'desc';
  readonly limit: number;
}

/** A request of a path that a `PathRecordQuery` matched. */
export interface PathRecordMatch {
  readonly traceId: TraceId;
  readonly traceStartMicros: Micros;
  readonly traceHash: number;
  readonly durationMicros: number;
  readonly error: boolean;
  /** The queried position's duration and error; null without a position. */
  readonly positionDurationMicros: number | null;
  readonly positionError: boolean | null;
}

export interface PathRecordPage {
  /** At most `limit`, in the query's order. */
  readonly records: readonly PathRecordMatch[];
  /** Every match, regardless of the limit. */
  readonly total: number;
}
