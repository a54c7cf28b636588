/**
 * What every route module receives: the store to read, the queue to write
 * through, the metrics to count into, the resolved options, a logger and a
 * clock. Route modules register themselves on a Fastify instance with
 * `register…Routes(app, context)` and hold no other state.
 */
import type { Micros } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { DecodePool } from '../ingest/decode-pool.js';
import type { WriteQueue } from '../ingest/write-queue.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import type { MemoryGovernor } from './memory-governor.js';
import type {
  CollectorLogRecord,
  ResolvedCollectorOptions,
} from './collector-options.js';

export interface CollectorContext {
  readonly store: SpanStore;
  readonly queue: WriteQueue;
  readonly metrics: CollectorMetrics;
  readonly options: ResolvedCollectorOptions;
  readonly log: (record: CollectorLogRecord) => void;
  readonly nowMicros: () => Micros;
  /** Decode workers for OTLP/protobuf bodies; absent: decoded on the event loop. */
  readonly decodePool?: DecodePool;
  /** The memory bound's governor, with a memory limit. */
  readonly memory?: MemoryGovernor;
}
