/**
 * Spans → an encoded batch for a store's `appendEncoded`, in the store's
 * format (`SpanStore.batchFormat`). Checks and de-duplicates the spans as
 * `appendSpans` does, so the batch carries its `AppendResult`. Pure and free
 * of database clients: receivers run it in worker threads.
 */
import type { Micros, Span } from '@pathprof/model';
import { encodeRowBinaryBatch } from './clickhouse/encode-rowbinary-batch.js';
import { encodeDuckDbBatch } from './duckdb/encode-duckdb-batch.js';
import type {
  EncodedSpanBatch,
  SpanBatchFormat,
} from './encoded-span-batch.js';
import { badQuery } from './internal/normalise-query.js';
import { encodeJsonBatch } from './memory/encode-json-batch.js';
import { StoreError } from './store-error.js';

/**
 * Encodes `spans`, received at `receivedMicros` (µs since the epoch), for a
 * store whose `batchFormat` is `format`. Throws a `StoreError`:
 * `PATHPROF_ERR_STORE_BAD_QUERY` for a receive time that is not a finite
 * number ≥ 0, `PATHPROF_ERR_STORE_WRITE` when a span cannot be encoded (a
 * value outside the model's types, such as a bigint).
 */
export function encodeSpanBatch(
  format: SpanBatchFormat,
  spans: readonly Span[],
  receivedMicros: Micros,
): EncodedSpanBatch {
  if (
    typeof receivedMicros !== 'number' ||
    !Number.isFinite(receivedMicros) ||
    receivedMicros < 0 ||
    receivedMicros > Number.MAX_SAFE_INTEGER
  ) {
    throw badQuery(
      'receivedMicros must be a finite number of microseconds of at least 0',
    );
  }
  const received = Math.round(receivedMicros);
  try {
    switch (format) {
      case 'duckdb-tsv-1':
        return encodeDuckDbBatch(spans, received);
      case 'clickhouse-rowbinary-1':
        return encodeRowBinaryBatch(spans, received);
      case 'spans-json-1':
        return encodeJsonBatch(spans, received);
      default:
        throw new StoreError(
          'PATHPROF_ERR_STORE_WRITE',
          `unknown batch format ${String(format)}`,
        );
    }
  } catch (err) {
    if (err instanceof StoreError) {
      throw err;
    }
    throw new StoreError(
      'PATHPROF_ERR_STORE_WRITE',
      `append failed: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
