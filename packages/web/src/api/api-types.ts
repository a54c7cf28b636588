/**
 * The shapes the UI reads, imported from the packages the server builds them
 * with: the path API's report and the comparison report from
 * `@pathprof/model`, the service graph and histogram from `@pathprof/engine`,
 * Jaeger's trace JSON from `@pathprof/model`. A change on the server side is
 * a type error here.
 */
export type {
  AnalysisReport,
  Anomaly,
  AttributeOffer,
  AttributeValuesReport,
  BreakdownGroup,
  CompareDistributions,
  OverlaidBucket,
  PathBreakdownReport,
  PathRequest,
  PathRequestsReport,
  PathSeries,
  PathSeriesPoint,
  PathSeriesReport,
  JaegerSpan,
  JaegerKeyValue,
  AnomalyFinding,
  ComparisonReport,
  HopProfile,
  JaegerTrace,
  MeasureChange,
  PathComparison,
  PathProfile,
  PathVerdict,
  ShapeProfile,
  SummaryStats,
} from '@pathprof/model';
export type {
  LatencyHistogram,
  ServiceGraph,
  ServiceGraphEdge,
  ServiceGraphNode,
} from '@pathprof/engine';

/** What the collector serves at `/ui-config.json`. */
export interface UiConfig {
  /** Prefix of the query API, e.g. `/jaeger`; '' at the root. */
  readonly apiBase: string;
}
