/**
 * The answers of the collector's routes behind the web UI's drill-downs,
 * next to the path API's report: a path's requests over time
 * (`/api/paths/series`), its requests filtered by duration, error or hop
 * (`/api/paths/{key}/requests`), its latency and errors split by an
 * attribute (`/api/paths/{key}/breakdown`), and the values an attribute
 * takes (`/api/attributes/{key}/values`).
 */
import type { SummaryStats } from './report.js';
import type { Micros } from './time/micros.js';

/** One time bucket of one path. */
export interface PathSeriesPoint {
  /** The bucket's start; it lasts the report's `stepMicros`. */
  readonly startMicros: Micros;
  /** Requests of the path whose trace started in the bucket. */
  readonly count: number;
  readonly errors: number;
  /** Requests per second over the part of the bucket inside the window. */
  readonly ratePerSecond: number;
  /** errors ÷ count; null without requests. */
  readonly errorShare: number | null;
  /** End-to-end latency percentiles (within 1%); null without requests. */
  readonly p50Micros: number | null;
  readonly p95Micros: number | null;
  readonly p99Micros: number | null;
}

export interface PathSeries {
  readonly key: string;
  /** Every bucket of the window in time order, empty ones included. */
  readonly points: readonly PathSeriesPoint[];
}

export interface PathSeriesReport {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
  /** Bucket width, chosen from the window and the points asked for. */
  readonly stepMicros: Micros;
  /** The paths, most requests first. */
  readonly paths: readonly PathSeries[];
  /** True when the window held more paths than were answered. */
  readonly truncated: boolean;
}

/** One request of a path. */
export interface PathRequest {
  readonly traceId: string;
  readonly startMicros: Micros;
  /** The request's end-to-end duration as the path's entry hop saw it. */
  readonly durationMicros: number;
  readonly error: boolean;
  /** With a hop chosen: its calls' duration and error in this request. */
  readonly hopDurationMicros: number | null;
  readonly hopError: boolean | null;
}

export interface PathRequestsReport {
  readonly key: string;
  /** The hop the filters applied to (0-based position and label), or null for the request. */
  readonly position: number | null;
  readonly hop: string | null;
  /** Every matching request in the window. */
  readonly total: number;
  /** At most `limit` of them, in the order asked. */
  readonly requests: readonly PathRequest[];
  readonly limit: number;
}

/** An attribute the sampled requests' hop spans carry. */
export interface AttributeOffer {
  readonly key: string;
  /** Where it was found: on the resource (process) or on spans. */
  readonly scope: 'resource' | 'span';
  /** Distinct values in the sample (counted up to a bound). */
  readonly distinctValues: number;
}

/** The requests of a path that share one value of the attribute. */
export interface BreakdownGroup {
  /** The value, or null for requests whose hops do not carry it. */
  readonly value: string | null;
  readonly count: number;
  readonly errors: number;
  readonly errorShare: number;
  readonly durationMicros: SummaryStats;
  /** Up to three trace ids, slowest first. */
  readonly exemplars: readonly string[];
}

export interface PathBreakdownReport {
  readonly key: string;
  /** The attribute split by, or null when only the offers were asked for. */
  readonly by: string | null;
  /** The hop whose spans give the value (0-based position and label); null: every hop of the path. */
  readonly position: number | null;
  readonly hop: string | null;
  /** Requests of the path in the window. */
  readonly total: number;
  /** Requests analysed: all of them, or an unbiased sample (by trace-id hash) of this many. */
  readonly sampled: number;
  readonly attributes: readonly AttributeOffer[];
  /** Most requests first. */
  readonly groups: readonly BreakdownGroup[];
}

/** `/api/attributes/{key}/values`: the values an attribute takes on the window's spans. */
export interface AttributeValuesReport {
  readonly key: string;
  readonly values: readonly {
    readonly value: string;
    /** Spans carrying it (on the span or its resource). */
    readonly spans: number;
  }[];
  /** True when more values exist than were answered. */
  readonly truncated: boolean;
}

/** One bucket of two overlaid latency distributions: requests of each side in [lower, upper). */
export interface OverlaidBucket {
  readonly lowerMicros: number;
  readonly upperMicros: number;
  readonly baseline: number;
  readonly candidate: number;
}

/** `/api/compare/distributions`: per path, both sides' end-to-end latencies on shared buckets. */
export interface CompareDistributions {
  readonly paths: readonly {
    readonly key: string;
    readonly baselineCount: number;
    readonly candidateCount: number;
    /** Logarithmic buckets from the smaller side's minimum to the larger maximum. */
    readonly buckets: readonly OverlaidBucket[];
  }[];
}
