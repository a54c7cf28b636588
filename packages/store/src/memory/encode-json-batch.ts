/**
 * Checked spans → the `spans-json-1` layout: the prepared spans as JSON
 * (`{ "s": [{ span, storedStart, receivedMicros }, …] }`). The memory adapter
 * reads them back as they were prepared. Pure: it runs in worker threads.
 */
import type { Micros, Span } from '@pathprof/model';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { prepareBatch } from '../internal/prepare-batch.js';
import type { PreparedSpan } from '../internal/prepare-batch.js';
import { StoreError } from '../store-error.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJsonBatch(
  spans: readonly Span[],
  receivedMicros: Micros,
): EncodedSpanBatch {
  const prepared = prepareBatch(spans, receivedMicros);
  let text: string;
  try {
    text = JSON.stringify({ s: prepared.spans });
  } catch (err) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_WRITE',
      'append failed: a span cannot be encoded as JSON',
      { cause: err },
    );
  }
  return {
    format: 'spans-json-1',
    bytes: encoder.encode(text),
    spanCount: prepared.spans.length,
    receivedMicros,
    result: prepared.result,
  };
}

/** The prepared spans of a `spans-json-1` batch. */
export function decodeJsonBatch(bytes: Uint8Array): PreparedSpan[] {
  return (JSON.parse(decoder.decode(bytes)) as { s: PreparedSpan[] }).s;
}
