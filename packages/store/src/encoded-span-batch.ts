/**
 * Spans encoded for one store, off the thread that owns the store: a receiver
 * decodes a request and encodes its spans in a worker thread, hands the
 * bytes over (transferred, not copied), and the store appends them with
 * `appendEncoded` without looking at a span object again. The format is the
 * store's (`SpanStore.batchFormat`): rows as its database loads them.
 */
import type { Micros } from '@pathprof/model';
import type { AppendResult } from './span-store.js';

/**
 * The layouts `encodeSpanBatch` writes:
 * - `duckdb-tsv-1`: the rows of DuckDB's `spans` table as tab-separated text
 *   for DuckDB's CSV reader, after a JSON header with the batch's per-trace,
 *   per-operation and per-resource aggregates;
 * - `clickhouse-rowbinary-1`: the rows of ClickHouse's `spans` table in
 *   ClickHouse's RowBinary format, after the offsets of each row's `seq`;
 * - `spans-json-1`: the checked spans as JSON (the memory adapter).
 */
export const SPAN_BATCH_FORMATS = [
  'duckdb-tsv-1',
  'clickhouse-rowbinary-1',
  'spans-json-1',
] as const;

/** One of {@link SPAN_BATCH_FORMATS}. */
export type SpanBatchFormat = (typeof SPAN_BATCH_FORMATS)[number];

/** A batch of spans encoded by `encodeSpanBatch`, ready for `appendEncoded`. */
export interface EncodedSpanBatch {
  readonly format: SpanBatchFormat;
  /** The encoded rows; only the valid spans, each once. */
  readonly bytes: Uint8Array;
  /** Spans in `bytes`. */
  readonly spanCount: number;
  /** When the spans were received, µs since the epoch (retention counts from it). */
  readonly receivedMicros: Micros;
  /** What `appendEncoded` answers once the rows are durable. */
  readonly result: AppendResult;
}
