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
export type {
  RunningCollector,
  CollectorRole,
} from './server/start-collector.js';
export type {
  CollectorOptions,
  CollectorListeners,
  CollectorLogRecord,
} from './server/collector-options.js';
// What RunningCollector.metrics counts.
export type {
  CollectorMetrics,
  Receiver,
  RejectReason,
} from './metrics/collector-metrics.js';
// Beside startCollector and its types, what `pathprof serve` needs to
// turn flags into options the way the collector reads them: the default
// host and ports its flags show, the base-path rule, the loopback rule
// behind the open-collector warning, and the memory bound's split between
// DuckDB (which the CLI opens) and the collector.
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
  normaliseBasePath,
} from './server/collector-options.js';
export { isLoopbackHost } from './server/loopback-host.js';
export {
  DEFAULT_MEMORY_LIMIT_BYTES,
  MIN_MEMORY_LIMIT_BYTES,
  splitMemoryLimit,
} from './server/memory-limit.js';
export type { MemoryShares } from './server/memory-limit.js';
export type { MemoryProbe } from './server/memory-governor.js';
// The path API's profile of stored traces (read from the path index's
// rollups where current) for `pathprof demo`'s closing report, and the
// path indexer, which the benchmarks and e2e tests drive step by step.
export { profileStoredTraces } from './paths/profile-stored-traces.js';
export type { ProfileQuery } from './paths/profile-stored-traces.js';
export { PathIndexer } from './path-index/path-indexer.js';
export type { PathIndexerOptions } from './path-index/path-indexer.js';
