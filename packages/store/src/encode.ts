// Exports added here are public: list each one by name.

/**
 * The part of `@pathprof/store` that encodes spans for a store's
 * `appendEncoded`, free of database clients, for worker threads:
 * `encodeSpanBatch(store.batchFormat, spans, receivedMicros)`.
 *
 * @packageDocumentation
 */
export { encodeSpanBatch } from './encode-span-batch.js';
export { SPAN_BATCH_FORMATS } from './encoded-span-batch.js';
export type {
  EncodedSpanBatch,
  SpanBatchFormat,
} from './encoded-span-batch.js';
