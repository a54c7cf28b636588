// Exports added here are public: list each one by name.

/**
 * Span storage for pathprof behind one interface, {@link SpanStore}.
 * Composition roots open it with {@link openSpanStore}: the embedded
 * database (a data directory or `:memory:`) or a ClickHouse server. {@link createMemoryStore} is the
 * in-process reference adapter for tests; {@link openDuckDbStore} names the
 * embedded adapter for benchmarks and adapter-specific options.
 *
 * @packageDocumentation
 */
export type {
  SpanStore,
  AppendOptions,
  AppendResult,
  TraceQuery,
  TraceOrderBy,
  SortDirection,
  TraceSearchResult,
  OperationInfo,
  DependencyLink,
  TimeWindow,
  StreamTracesOptions,
  DeleteResult,
  WriteBacklog,
  AttributeValueCount,
  AttributeValuesOptions,
  AttributeValuesResult,
} from './span-store.js';
export { encodeSpanBatch } from './encode-span-batch.js';
export { SPAN_BATCH_FORMATS } from './encoded-span-batch.js';
export type {
  EncodedSpanBatch,
  SpanBatchFormat,
} from './encoded-span-batch.js';
export type { PathIndex, PathRollup } from './path-index.js';
export { StoreError, isStoreError, STORE_ERROR_CODES } from './store-error.js';
export type { StoreErrorCode } from './store-error.js';
export { openSpanStore } from './open-span-store.js';
export type {
  SpanStoreOptions,
  EmbeddedSpanStoreOptions,
  ClickHouseSpanStoreOptions,
} from './open-span-store.js';
export { createMemoryStore } from './memory/memory-span-store.js';
export type { MemoryStoreOptions } from './memory/memory-span-store.js';
export {
  openDuckDbStore,
  DUCKDB_FILE_NAME,
  IN_MEMORY,
} from './duckdb/open-duckdb-store.js';
export type { DuckDbStoreOptions } from './duckdb/open-duckdb-store.js';
