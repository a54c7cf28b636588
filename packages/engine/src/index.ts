// Exports added here are public: list each one by name.
export { buildTraceTree } from './tree/build-trace-tree.js';
export type { BuildTraceTreeResult } from './tree/build-trace-tree.js';
export type { TraceTree, TraceNode, ParentLink } from './tree/trace-tree.js';
export { extractHopTree } from './hops/extract-hop-tree.js';
export type { ExtractHopTreeOptions } from './hops/extract-hop-tree.js';
export type {
  Hop,
  HopErrorSource,
  HopTree,
  HopSource,
} from './hops/hop-tree.js';
export { isProxySpan } from './hops/is-proxy-span.js';
export { extractCallPaths } from './paths/extract-call-paths.js';
export type { CallPath, CallPaths } from './paths/extract-call-paths.js';
export { MAX_PATH_POSITIONS_PER_TRACE } from './paths/extract-call-paths.js';
export {
  KEY_BY_SERVICE_AND_OPERATION,
  KEY_BY_SERVICE,
  KEY_BY_SERVICE_COLLAPSED,
  PATH_KEY_STRATEGIES,
  findPathKeyStrategy,
  joinPathKey,
} from './paths/path-key.js';
export type { PathKeyStrategy } from './paths/path-key.js';
export { computeShapeSignature } from './paths/shape-signature.js';
export { computeSelfTime } from './stats/self-time.js';
export { quantileOfSorted } from './stats/quantile-of-sorted.js';
export {
  Distribution,
  EXACT_LIMIT,
  SKETCH_RELATIVE_ACCURACY,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
} from './stats/distribution.js';
export { computeCriticalPath } from './critical-path/compute-critical-path.js';
export type { CriticalPathInput } from './critical-path/compute-critical-path.js';
export { computeCriticalSegments } from './critical-path/compute-critical-segments.js';
export type { CriticalSegment } from './critical-path/compute-critical-segments.js';
export { analyzeTrace } from './profile/analyze-trace.js';
export type {
  AnalyzeTraceOptions,
  TraceAnalysis,
} from './profile/analyze-trace.js';
export type {
  PathRecord,
  PositionRecord,
} from './profile/build-path-records.js';
export { DEFAULT_MAX_GROUPS, PathProfiler } from './profile/path-profiler.js';
export {
  exportEngineState,
  importEngineState,
} from './transfer/engine-state.js';
export type { EngineState } from './transfer/engine-state.js';
export {
  toIndexedRows,
  createPathStateOptions,
} from './profile/path-index-records.js';
export type { IndexedTraceRows } from './profile/path-index-records.js';
export type {
  GroupBy,
  PathProfilerOptions,
  ReportOptions,
} from './profile/path-profiler.js';
export { PathSampleSet } from './compare/path-sample-set.js';
export type {
  PathSampleSetOptions,
  PathSamples,
} from './compare/path-sample-set.js';
export {
  comparePathSamples,
  DEFAULT_COMPARE_ALPHA,
  DEFAULT_MIN_EFFECT,
  DEFAULT_MIN_SAMPLES,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  MANN_WHITNEY_METHOD,
} from './compare/compare-path-samples.js';
export type {
  CompareOptions,
  ComparisonInput,
} from './compare/compare-path-samples.js';
export { assignTraceSide } from './compare/assign-trace-side.js';
export {
  ComparisonSides,
  describeSplitSide,
  describeWindowSide,
  formatWindowLabel,
  windowLengthSeconds,
} from './compare/comparison-sides.js';
export type {
  ComparisonSideName,
  ComparisonWindow,
  SideDescription,
} from './compare/comparison-sides.js';
export type { AttributeSplit, TraceSide } from './compare/assign-trace-side.js';
export {
  DEFAULT_MAD_THRESHOLD,
  DEFAULT_ANOMALY_OPTIONS,
} from './anomalies/detect-anomalies.js';
export type { AnomalyOptions } from './anomalies/detect-anomalies.js';
export { decodeJaegerTrace } from './ingest/decode-jaeger-trace.js';
export { createJaegerBytesDecoder } from './ingest/decode-jaeger-bytes.js';
export type { JaegerBytesDecoder } from './ingest/decode-jaeger-bytes.js';
export {
  ANALYSIS_PROJECTION,
  FULL_SPANS,
  projectSpan,
  withKeptAttributes,
} from './ingest/span-projection.js';
export type { SpanProjection } from './ingest/span-projection.js';
export { decodeOtlpTraces } from './ingest/decode-otlp-json.js';
export { decodeZipkinSpans } from './ingest/decode-zipkin-spans.js';
export {
  decodeJaegerThriftBatch,
  decodeJaegerAgentMessage,
} from './ingest/decode-jaeger-thrift.js';
export type { WireDecodeResult } from './ingest/decode-jaeger-thrift.js';
export type { ThriftProtocol } from './internal/thrift-reader.js';
export { decodeJaegerPostSpans } from './ingest/decode-jaeger-protobuf.js';
export { decodeZipkinProtobuf } from './ingest/decode-zipkin-protobuf.js';
export type { DecodedSpans } from './ingest/decode-result.js';
export { TraceBuffer } from './ingest/trace-buffer.js';
export type {
  BufferedTrace,
  TraceBufferOptions,
} from './ingest/trace-buffer.js';
export { decodeOtlpProtobuf } from './ingest/decode-otlp-protobuf.js';
export { decodeOtlpProtobufSpans } from './ingest/decode-otlp-protobuf-spans.js';
export type { DecodeResult as OtlpProtobufDecodeResult } from './ingest/decode-otlp-protobuf.js';
export { toOtlpJson } from './ingest/to-otlp-json.js';
export type { OtlpTracesJson } from './ingest/to-otlp-json.js';
export {
  toJaegerTrace,
  formatJaegerTraceId,
} from './ingest/to-jaeger-trace.js';
export type {
  JaegerTraceJson,
  JaegerSpanJson,
  JaegerProcessJson,
} from './ingest/to-jaeger-trace.js';
export { createSeedAggregator } from './compat/seed-aggregator.js';
export type { SeedAggregator } from './compat/seed-aggregator.js';
export {
  EngineError,
  ENGINE_ERROR_CODES,
  isEngineError,
} from './engine-error.js';
export type { EngineErrorCode, EngineErrorLocation } from './engine-error.js';
export { createServiceGraphBuilder } from './graph/service-graph.js';
export { ServiceGraphAccumulator } from './graph/service-graph-accumulator.js';
export type {
  ServiceGraph,
  ServiceGraphBuilder,
  ServiceGraphOptions,
  ServiceGraphEdge,
  ServiceGraphNode,
} from './graph/service-graph.js';
export {
  BUCKETS_PER_DECADE,
  createLatencyHistogramBuilder,
} from './graph/latency-histogram.js';
export type {
  HistogramBucket,
  LatencyHistogram,
  LatencyHistogramBuilder,
} from './graph/latency-histogram.js';
export { createUniform, drawIndex } from './compare/seeded-random.js';
export type { Uniform } from './compare/seeded-random.js';
export {
  bootstrapPaired,
  DEFAULT_PAIRED_BOOTSTRAP,
} from './compare/bootstrap-paired.js';
export type {
  BootstrapInterval,
  PairedBootstrapOptions,
} from './compare/bootstrap-paired.js';
