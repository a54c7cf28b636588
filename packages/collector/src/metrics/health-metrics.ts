/**
 * The collector's own health: spans in and refused, the write queue, and the
 * store writes. Every label value is known up front and starts at 0, so
 * `rate()` and alerts work before the first event.
 */
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { WriteBacklog } from '@pathprof/store';
import type { MemoryShares } from '../server/memory-limit.js';
import { STORE_WRITE_BUCKETS_SECONDS } from './metric-buckets.js';

export const RECEIVERS = [
  'otlp_protobuf',
  'otlp_json',
  'otlp_grpc',
  'zipkin',
  'zipkin_protobuf',
  'jaeger_thrift_http',
  'jaeger_thrift_compact',
  'jaeger_thrift_binary',
  'jaeger_grpc',
] as const;
/** The receiver a batch came through; the `receiver` label. */
export type Receiver = (typeof RECEIVERS)[number];

export const REJECT_REASONS = [
  'invalid', // the store refused the span (bad ids, times)
  'decode', // the body could not be decoded at all
  'too_large', // body above the size limit
  'queue_full', // back-pressure
  'memory', // near the memory bound (--memory-limit), another request in flight
  'unauthorized',
  'forbidden', // a browser page's request: a foreign Host, or a cross-origin write
  'too_slow', // a body slower than the minimum rate, or still arriving at the deadline
  'client_limit', // more uploads at once from one client address than allowed
  'store_error',
  'shutting_down',
] as const;
/** Why spans were refused; the `reason` label of `pathprof_spans_rejected_total`. */
export type RejectReason = (typeof REJECT_REASONS)[number];

export interface HealthMetrics {
  spansReceived(receiver: Receiver, count: number): void;
  spansRejected(reason: RejectReason, count: number): void;
  requestRejected(reason: RejectReason): void;
  observeWrite(spans: number, seconds: number, ok: boolean): void;
  indexRun(traces: number): void;
}

export interface HealthMetricsOptions {
  readonly queueDepth: () => number;
  readonly queueCapacity: number;
  /** The memory bound's parts, when one is set. */
  readonly memory?: MemoryShares;
  /** The resident set and whether the process is under memory pressure, read at scrape time (with `memory`). */
  readonly memoryState?: () => {
    readonly rssBytes: number;
    readonly pressure: boolean;
  };
  /** The store's write backlog (acknowledged, not yet loaded), read at scrape time. */
  readonly storeBacklog?: () => WriteBacklog;
  /** Seconds the path index is behind, read at scrape time. */
  readonly pathIndexLagSeconds?: () => number;
}

export function createHealthMetrics(
  registry: Registry,
  options: HealthMetricsOptions,
): HealthMetrics {
  const registers = [registry];
  const received = new Counter({
    name: 'pathprof_spans_received_total',
    help: 'Spans decoded from requests, before the store accepted or refused them.',
    labelNames: ['receiver'],
    registers,
  });
  const rejected = new Counter({
    name: 'pathprof_spans_rejected_total',
    help: 'Spans refused, by reason.',
    labelNames: ['reason'],
    registers,
  });
  const requestsRejected = new Counter({
    name: 'pathprof_requests_rejected_total',
    help: 'Requests refused as a whole (unauthorized, too large, undecodable, overloaded), by reason.',
    labelNames: ['reason'],
    registers,
  });
  new Gauge({
    name: 'pathprof_write_queue_spans',
    help: 'Spans accepted but not yet written to the store.',
    registers,
    collect() {
      this.set(options.queueDepth());
    },
  });
  new Gauge({
    name: 'pathprof_write_queue_capacity_spans',
    help: 'Most spans the write queue holds before ingest answers 429.',
    registers,
  }).set(options.queueCapacity);
  const { memory, memoryState, storeBacklog, pathIndexLagSeconds } = options;
  if (memory !== undefined) {
    const limit = new Gauge({
      name: 'pathprof_memory_limit_bytes',
      help: 'The memory bound (--memory-limit) and its parts: store (DuckDB), backlog (acknowledged, not loaded), bodies (requests being read), queue (decoded spans).',
      labelNames: ['part'],
      registers,
    });
    limit.labels('total').set(memory.limitBytes);
    limit.labels('store').set(memory.storeBytes);
    limit.labels('backlog').set(memory.backlogBytes);
    limit.labels('bodies').set(memory.bodyBytes);
    limit.labels('queue').set(memory.queueBytes);
  }
  if (memoryState !== undefined) {
    new Gauge({
      name: 'pathprof_memory_rss_bytes',
      help: 'The resident set the memory bound is held to, as its governor last read it.',
      registers,
      collect() {
        this.set(memoryState().rssBytes);
      },
    });
    new Gauge({
      name: 'pathprof_memory_pressure',
      help: '1 while the resident set is near the memory bound: ingest takes one request at a time and the store shrinks its cache; else 0.',
      registers,
      collect() {
        this.set(memoryState().pressure ? 1 : 0);
      },
    });
  }
  if (storeBacklog !== undefined) {
    new Gauge({
      name: 'pathprof_store_backlog_spans',
      help: 'Spans acknowledged (in the ingest log) and not yet loaded into the database.',
      registers,
      collect() {
        this.set(storeBacklog().spans);
      },
    });
    new Gauge({
      name: 'pathprof_store_backlog_bytes',
      help: 'Bytes of acknowledged batches not yet loaded into the database.',
      registers,
      collect() {
        this.set(storeBacklog().bytes);
      },
    });
  }
  if (pathIndexLagSeconds !== undefined) {
    new Gauge({
      name: 'pathprof_path_index_lag_seconds',
      help: 'How far the path index is behind: from the end of the oldest due window not yet indexed to now; 0 when it is current.',
      registers,
      collect() {
        this.set(pathIndexLagSeconds());
      },
    });
  }
  const writeSeconds = new Histogram({
    name: 'pathprof_store_write_duration_seconds',
    help: 'Duration of one store write (one batch of spans).',
    buckets: [...STORE_WRITE_BUCKETS_SECONDS],
    registers,
  });
  const writes = new Counter({
    name: 'pathprof_store_writes_total',
    help: 'Store writes, by outcome.',
    labelNames: ['outcome'],
    registers,
  });
  const stored = new Counter({
    name: 'pathprof_spans_stored_total',
    help: 'Spans in store writes that succeeded.',
    registers,
  });

  const indexRuns = new Counter({
    name: 'pathprof_path_index_runs_total',
    help: 'Path index runs finished by this collector (one per indexed one-minute window).',
    registers,
  });
  const indexedTraces = new Counter({
    name: 'pathprof_path_index_traces_total',
    help: 'Traces written to the path index by this collector.',
    registers,
  });

  const receivedBy = bindChildren(received, RECEIVERS);
  const rejectedBy = bindChildren(rejected, REJECT_REASONS);
  const requestsRejectedBy = bindChildren(requestsRejected, REJECT_REASONS);
  const written = bindChildren(writes, ['ok', 'error'] as const);
  return {
    spansReceived(receiver, count) {
      incBy(receivedBy.get(receiver), count);
    },
    spansRejected(reason, count) {
      incBy(rejectedBy.get(reason), count);
    },
    requestRejected(reason) {
      incBy(requestsRejectedBy.get(reason), 1);
    },
    observeWrite(spans, seconds, ok) {
      if (Number.isFinite(seconds) && seconds >= 0) {
        writeSeconds.observe(seconds);
      }
      written.get(ok ? 'ok' : 'error')?.inc();
      if (ok) {
        incBy(stored, spans);
      }
    },
    indexRun(traces) {
      indexRuns.inc();
      incBy(indexedTraces, traces);
    },
  };
}

function bindChildren<V extends string>(
  counter: Counter,
  values: readonly V[],
): Map<V, Counter.Internal> {
  const children = new Map<V, Counter.Internal>();
  for (const value of values) {
    const child = counter.labels(value);
    child.inc(0);
    children.set(value, child);
  }
  return children;
}

/** Counters only go up, and a metrics call must never throw into a receiver. */
function incBy(counter: { inc(n: number): void } | undefined, n: number): void {
  if (counter !== undefined && Number.isFinite(n) && n > 0) {
    counter.inc(n);
  }
}
