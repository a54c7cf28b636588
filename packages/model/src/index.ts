// Exports added here are public: list each one by name.
export type { TraceId, SpanId } from './ids.js';
export {
  parseTraceId,
  parseSpanId,
  parseLenientTraceId,
  parseLenientSpanId,
  bytesToHex,
  base64ToHex,
} from './ids.js';
export type { Micros, Millis } from './time/micros.js';
export {
  MICROS_PER_MILLI,
  MICROS_PER_SECOND,
  MICROS_PER_MINUTE,
  MICROS_PER_HOUR,
  MICROS_PER_DAY,
  MICROS_PER_WEEK,
  nanosToMicros,
} from './time/micros.js';
export { parseDuration, formatGoDuration } from './time/duration.js';
export { parseRfc3339Micros, formatRfc3339Micros } from './time/rfc3339.js';
export { parseEpochMicros, parseInstant } from './time/instant.js';
export {
  formatMicros,
  formatBytes,
  formatPercent,
  formatShare,
  formatCount,
} from './format-units.js';
export { SPAN_KINDS } from './span.js';
export type {
  Span,
  SpanKind,
  SpanStatus,
  SpanRef,
  SpanRefType,
  SpanEvent,
  Attributes,
  AttributeValue,
  MissingTiming,
  TraceSpans,
} from './span.js';
export type { TraceWarning, TraceWarningCode } from './trace-warning.js';
export {
  HOP_ATTR,
  HOP_NAME_ATTR,
  HOP_WALL_MS_ATTR,
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_MEMORY_KIND_ATTR,
  HOP_MEMORY_SAMPLE_RATE_ATTR,
  HOP_PATH_ATTR,
  PATH_BAGGAGE_KEY,
  PATH_SEPARATOR,
  SEED_SUMMARY_SUFFIX,
  SEED_METRICS_SUFFIX,
  SEED_FUNCTION_NAME_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_EXEC_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from './hop-attributes.js';
export type {
  JaegerTrace,
  JaegerSpan,
  JaegerProcess,
  JaegerKeyValue,
  JaegerTagType,
  JaegerReference,
  JaegerLog,
  JaegerError,
  JaegerResponse,
} from './jaeger-wire-types.js';
export type {
  OtlpExportTraceServiceRequest,
  OtlpResourceSpans,
  OtlpScopeSpans,
  OtlpSpan,
  OtlpKeyValue,
  OtlpAnyValue,
  OtlpEvent,
  OtlpLink,
  OtlpStatus,
} from './otlp-wire-types.js';
export type {
  ZipkinSpan,
  ZipkinEndpoint,
  ZipkinAnnotation,
} from './zipkin-wire-types.js';
export { REPORT_SCHEMA_VERSION } from './report.js';
export type {
  SummaryStats,
  CriticalShare,
  ValueCount,
  ErrorSource,
  ErrorSources,
  HopProfile,
  Anomaly,
  AnomalyFinding,
  AnomalyMetric,
  AnomalyRule,
  AnomalySummary,
  PathProfile,
  ShapeProfile,
  HopSummaryProfile,
  Coverage,
  ReportTotals,
  ReportSource,
  AnalysisReport,
} from './report.js';
export { COMPARISON_SCHEMA_VERSION } from './comparison.js';
export type {
  PathVerdict,
  MeasureChange,
  SignificanceTest,
  HopChange,
  PathComparison,
  ComparisonSide,
  ComparisonReport,
} from './comparison.js';
export type {
  IndexedPosition,
  IndexedPathRecord,
  IndexedTrace,
  PathIndexRun,
  PathStateOptions,
  SketchBinsState,
  MeasureState,
  CategoryCount,
  PositionState,
  MetricCandidates,
  SampledValue,
  PathState,
  PathIndexTotals,
  PathIndexState,
  PathSeriesOptions,
  PathSeriesCell,
  PathRecordQuery,
  PathRecordMatch,
  PathRecordPage,
} from './path-index.js';
export {
  matchPathRecord,
  comparePathRecordMatches,
} from './path-record-query.js';
export type {
  PathSeriesPoint,
  PathSeries,
  PathSeriesReport,
  PathRequest,
  PathRequestsReport,
  AttributeOffer,
  BreakdownGroup,
  PathBreakdownReport,
  AttributeValuesReport,
  OverlaidBucket,
  CompareDistributions,
} from './path-views.js';
