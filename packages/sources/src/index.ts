// Exports added here are public: list each one by name.
export { readTraces } from './readers/read-traces.js';
export type {
  ReadOptions,
  ReadStats,
  TraceSink,
} from './readers/read-traces.js';
export type { InputFormat } from './readers/classify-value.js';
export {
  createInputError,
  createJaegerError,
  isSourceError,
  SOURCE_ERROR_CODES,
  SourceError,
} from './source-error.js';
export type {
  InputErrorCode,
  JaegerFailureReason,
  SourceErrorCode,
  SourceErrorDetails,
} from './source-error.js';
export {
  ParallelProfiling,
  PARALLEL_MIN_BYTES,
} from './pool/parallel-profiling.js';
export type { ParallelOptions } from './pool/parallel-profiling.js';
export { defaultThreads } from './pool/profile-pool.js';
export { readJaegerTraces } from './jaeger/read-jaeger-traces.js';
export { feedJaegerBatches } from './jaeger/feed-jaeger-batches.js';
export type { FeedJaegerOptions } from './jaeger/feed-jaeger-batches.js';
export type {
  JaegerBatch,
  JaegerProgress,
  JaegerSourceOptions,
} from './jaeger/read-jaeger-traces.js';
export type { JaegerQuery } from './jaeger/jaeger-query.js';
export { createBatchingSink } from './sinks/batching-sink.js';
export type { BatchingSink, ImportCounts } from './sinks/batching-sink.js';
export type { SpanWriter, WriteOutcome } from './sinks/span-writer.js';
