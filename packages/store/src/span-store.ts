/**
 * The storage contract every adapter (in-memory, DuckDB, later ClickHouse)
 * fulfils, checked by one contract test suite
 * (`test/contract/span-store-contract.ts`).
 */
import type {
  Micros,
  Span,
  SpanKind,
  TraceId,
  TraceSpans,
} from '@pathprof/model';
import type {
  EncodedSpanBatch,
  SpanBatchFormat,
} from './encoded-span-batch.js';
import type { PathIndex } from './path-index.js';

/** What one `appendSpans` call did. */
export interface AppendResult {
  /**
   * Spans written; durable once the promise has resolved. A span an earlier
   * call already stored counts again (reads still return it once).
   */
  readonly stored: number;
  /**
   * Spans dropped because the same call already held a span with the same
   * trace id, span id, kind and shared flag (the first one is kept).
   */
  readonly duplicates: number;
  /** Spans refused as invalid (malformed ids, non-finite or negative times); never stored. */
  readonly rejected: number;
  /** Why the first refused span was refused; absent when none was. */
  readonly rejectedMessage?: string;
}

/** How one `appendSpans` call stores its spans. */
export interface AppendOptions {
  /**
   * When the spans were received, µs since the epoch: the collector's (or
   * the import's) clock when the request came in. Retention counts from it.
   * Default: the store's clock at the call.
   */
  readonly receivedMicros?: Micros;
}

/**
 * What a store's write path holds: spans accepted (acknowledged) and not
 * loaded into its database yet, and its bound.
 */
export interface WriteBacklog {
  readonly spans: number;
  readonly bytes: number;
  /** Past this many spans or bytes, appends are refused with `PATHPROF_ERR_STORE_BUSY`; Infinity for no bound. */
  readonly limitSpans: number;
  readonly limitBytes: number;
  /** Recent load rate, spans per second; 0 before the first load. */
  readonly loadSpansPerSecond: number;
  /** Batches set aside because the database kept refusing them (see the adapter's docs). */
  readonly failedBatches: number;
}

/** Trace ordering of a search. */
export type TraceOrderBy = 'startTime' | 'duration';
/** Direction of a search's order. */
export type SortDirection = 'asc' | 'desc';

/**
 * A trace search with Jaeger's semantics (`spanstore.TraceQueryParameters`):
 * a trace matches when ONE of its spans satisfies every given condition at
 * once — service, operation, all tags, start time and duration. Absent
 * conditions match everything.
 */
export interface TraceQuery {
  /** The span's service (OTLP `service.name`, Jaeger `process.serviceName`). */
  readonly service?: string;
  readonly operation?: string;
  /**
   * Every pair must match the same span. A pair matches when the value, as
   * text (`200`, `true`, `1.5`), equals one of: the span attribute, the
   * resource attribute, an event attribute of that key; or the tag Jaeger
   * derives from span fields: `span.kind` (`server`…), `error` (`true` for
   * status error), `otel.status_code` (`OK`/`ERROR`), `otel.status_description`,
   * `event` (an event name). Exact comparison, no patterns.
   */
  readonly tags?: Readonly<Record<string, string>>;
  /** The span starts at or after this instant. */
  readonly startMin?: Micros;
  /** The span starts at or before this instant. */
  readonly startMax?: Micros;
  /** The span lasts at least this long. */
  readonly durationMin?: Micros;
  /** The span lasts at most this long. */
  readonly durationMax?: Micros;
  /** Traces per answer, at least 1; no upper bound other than memory. */
  readonly limit: number;
  /** Matching traces to skip first (after ordering); default 0. */
  readonly offset?: number;
  /**
   * `startTime` orders by the trace's start (its earliest span), `duration`
   * by the trace's duration (latest span end − earliest span start).
   * Default `startTime`; ties are broken by trace id, ascending.
   */
  readonly orderBy?: TraceOrderBy;
  /** Default `desc` (most recent or slowest first, as Jaeger shows them). */
  readonly direction?: SortDirection;
}

export interface TraceSearchResult {
  /** One page of whole traces, in the requested order, spans ordered as `getTraces` orders them. */
  readonly traces: readonly TraceSpans[];
  /** How many traces matched in all, regardless of limit and offset. */
  readonly total: number;
}

/** An operation of a service, as Jaeger's `/api/operations` lists it. */
export interface OperationInfo {
  readonly name: string;
  readonly spanKind: SpanKind;
}

/** Calls from one service to another over a time window. */
export interface DependencyLink {
  readonly parent: string;
  readonly child: string;
  readonly callCount: number;
}

/** A half-open interval of trace start times: `startMicros ≤ start < endMicros`. */
export interface TimeWindow {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
}

export interface StreamTracesOptions {
  /** Only traces with at least one span of this service. */
  readonly service?: string;
  /** Traces read per query; bounds memory. Default 1000. */
  readonly pageSize?: number;
}

/** One value of an attribute and how many spans carry it. */
export interface AttributeValueCount {
  readonly value: string;
  readonly spans: number;
}

export interface AttributeValuesOptions {
  /** Only spans of this service. */
  readonly service?: string;
  /** The most values answered, at least 1. */
  readonly limit: number;
}

export interface AttributeValuesResult {
  /** Most spans first, then by value. */
  readonly values: readonly AttributeValueCount[];
  /** True when more values exist than `limit`. */
  readonly truncated: boolean;
}

/** What a deletion removed. */
export interface DeleteResult {
  readonly traces: number;
  readonly spans: number;
}

/**
 * Span storage. Every method is safe to call concurrently: appends and
 * deletions are serialised in call order, reads run alongside them and see
 * whole appends only.
 *
 * Spans of a trace are always returned ordered by start time, parents before
 * their children on equal start times, then by span id. A span appended again
 * (same trace id, span id, kind and shared flag) is returned once: the copy
 * stored first wins.
 */
export interface SpanStore {
  /**
   * The store's path index (see {@link PathIndex}), or undefined when the
   * adapter has none: then path profiles always stream the spans.
   */
  readonly pathIndex: PathIndex | undefined;

  /**
   * The layout {@link SpanStore.appendEncoded} takes: encode spans for this
   * store with `encodeSpanBatch(store.batchFormat, spans, receivedMicros)`
   * from `@pathprof/store/encode`, which loads no database client and so
   * runs in worker threads.
   */
  readonly batchFormat: SpanBatchFormat;

  /**
   * Stores a batch encoded for this store, with the contract of
   * {@link SpanStore.appendSpans} (its result was computed when it was
   * encoded). Rejects with `PATHPROF_ERR_STORE_BUSY`, storing nothing, when
   * the write path is full (`retryAfterSeconds` on the error says when to
   * try again), and with `PATHPROF_ERR_STORE_WRITE` for a batch of another
   * format.
   */
  appendEncoded(batch: EncodedSpanBatch): Promise<AppendResult>;

  /** The write path's backlog now (for metrics and back-pressure). */
  writeBacklog(): WriteBacklog;

  /**
   * The process is near its memory bound (true) or back under it (false):
   * an adapter holding a cache in this process shrinks it while under
   * pressure and may grow it again after. Best effort, never rejects;
   * absent where the adapter holds nothing worth giving back.
   */
  setMemoryPressure?(pressure: boolean): Promise<void>;

  /**
   * Stores a batch, each span with its receive time (see
   * {@link AppendOptions}). The promise resolves once the spans are durable:
   * an acknowledged batch survives the process being killed right after.
   * Invalid spans are skipped and counted, never failing the batch; a
   * receive time that is not a finite number ≥ 0 rejects the call with
   * `PATHPROF_ERR_STORE_BAD_QUERY`.
   */
  appendSpans(
    spans: readonly Span[],
    options?: AppendOptions,
  ): Promise<AppendResult>;

  /** Finds traces (see {@link TraceQuery}) and returns one page of them, whole. */
  searchTraces(query: TraceQuery): Promise<TraceSearchResult>;

  /** The traces with these ids, in the order asked; unknown ids are left out. */
  getTraces(ids: readonly TraceId[]): Promise<TraceSpans[]>;

  /** Every service with stored spans, sorted. */
  listServices(): Promise<string[]>;

  /** The operations of a service, each with its span kind, sorted by name then kind. */
  listOperations(
    service: string,
    spanKind?: SpanKind,
  ): Promise<OperationInfo[]>;

  /**
   * The values attribute `key` takes on the spans starting within the
   * window, as a span attribute or on the span's resource (the span's own
   * value first), as text the way a tag search compares it (`200`, `true`,
   * arrays as JSON), each with how many spans carry it. The values users
   * split and compare by (`service.version`, `k8s.pod.name`) are offered
   * from it.
   */
  listAttributeValues(
    key: string,
    window: TimeWindow,
    options: AttributeValuesOptions,
  ): Promise<AttributeValuesResult>;

  /**
   * Parent service → child service call counts, as Jaeger's in-memory store
   * computes them: over the traces with a span starting within
   * `[endMicros − lookbackMicros, endMicros]`, every span whose parent span is
   * in the trace and belongs to another service counts one call. Sorted by
   * parent, then child.
   */
  getDependencies(
    endMicros: Micros,
    lookbackMicros: Micros,
  ): Promise<DependencyLink[]>;

  /**
   * The traces that start within the window, whole and one at a time, ordered
   * by start time then trace id. Reads page by page, so memory stays bounded
   * by the page size whatever the window holds. A trace still receiving spans
   * is yielded with the spans stored when its page was read.
   */
  streamTraces(
    window: TimeWindow,
    options?: StreamTracesOptions,
  ): AsyncIterable<TraceSpans>;

  /**
   * Deletes the traces that ended before `cutoffMicros` by their spans' own
   * times, whole (never part of a trace), however recently they arrived.
   */
  deleteOlderThan(cutoffMicros: Micros): Promise<DeleteResult>;

  /**
   * Deletes, whole, the traces whose every span was received (see
   * {@link AppendOptions}) before `cutoffMicros`, whatever their own times:
   * retention as Jaeger's Badger and Cassandra TTLs and Tempo's block
   * retention count it, so imported old traces are kept for the retention
   * from their import.
   */
  deleteReceivedBefore(cutoffMicros: Micros): Promise<DeleteResult>;

  /**
   * Applies the retention the store was opened with:
   * `deleteReceivedBefore(nowMicros − retention)`. Does nothing without a
   * retention. The caller runs it periodically.
   */
  applyRetention(nowMicros: Micros): Promise<DeleteResult>;

  /** Waits for pending appends, then releases the store. Later calls reject with `PATHPROF_ERR_STORE_CLOSED`. */
  close(): Promise<void>;
}
