// Exports added here are public: list each one by name.

/**
 * The pathprof collector: OTLP (HTTP and gRPC), Zipkin v2 (JSON and
 * protobuf) and Jaeger (Thrift over HTTP and UDP, gRPC) receivers writing
 * through a bounded queue into a `SpanStore`, Jaeger's query APIs (v1,
 * api_v3, the gRPC QueryServices, the Jaeger UI's metrics and deep
 * dependencies), the path API and Prometheus metrics. `startCollector` is
 * its one entry.
 *
 * @packageDocumentation
 */
export {
  startCollector,
  OPEN_COLLECTOR_WARNING,
} from './server/start-collector.js';
export { isLoopbackHost } from './server/loopback-host.js';
export type {
  RunningCollector,
  CollectorRole,
} from './server/start-collector.js';
export {
  DEFAULT_HOST,
  DEFAULT_OTLP_PORT,
  DEFAULT_ZIPKIN_PORT,
  DEFAULT_QUERY_PORT,
  DEFAULT_OTLP_GRPC_PORT,
  DEFAULT_JAEGER_THRIFT_HTTP_PORT,
  DEFAULT_JAEGER_THRIFT_COMPACT_PORT,
  DEFAULT_JAEGER_THRIFT_BINARY_PORT,
  DEFAULT_JAEGER_GRPC_PORT,
  DEFAULT_QUERY_GRPC_PORT,
  DEFAULT_MAX_UDP_DATAGRAM_BYTES,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MILLIS,
  DEFAULT_MIN_BODY_BYTES_PER_SECOND,
  DEFAULT_MIN_BODY_RATE_GRACE_MILLIS,
  DEFAULT_MAX_UPLOADS_PER_CLIENT,
  DEFAULT_MAX_QUEUED_SPANS,
  DEFAULT_MAX_METRIC_PATHS,
  EMPTY_TOKEN_MESSAGE,
  normaliseBasePath,
} from './server/collector-options.js';
export type {
  CollectorOptions,
  CollectorLogRecord,
} from './server/collector-options.js';
export {
  DEFAULT_MEMORY_LIMIT_BYTES,
  MIN_MEMORY_LIMIT_BYTES,
  splitMemoryLimit,
} from './server/memory-limit.js';
export type { MemoryShares } from './server/memory-limit.js';
export { profileStoredTraces } from './paths/profile-stored-traces.js';
export { PathIndexer } from './path-index/path-indexer.js';
export type { PathIndexerOptions } from './path-index/path-indexer.js';
export { PATH_INDEX_STEP_MICROS } from './path-index/path-index-windows.js';
export type { ProfileQuery } from './paths/profile-stored-traces.js';
export type {
  CollectorMetrics,
  Receiver,
  RejectReason,
} from './metrics/collector-metrics.js';
