/**
 * The path profile of the traces a store holds for a time window: streams
 * them page by page through the engine, so memory is bounded by the page
 * size plus the profiler's own bounded state, whatever the window holds.
 * The path API and `pathprof demo` both call this.
 */
import { KEY_BY_SERVICE_AND_OPERATION, PathProfiler } from '@pathprof/engine';
import type { GroupBy, PathKeyStrategy } from '@pathprof/engine';
import type { AnalysisReport, Micros } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';

export interface ProfileQuery {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
  /** Only traces with a span of this service. */
  readonly service?: string;
  readonly groupBy?: GroupBy;
  readonly pathKey?: PathKeyStrategy;
  readonly keepProxies?: boolean;
  readonly top?: number;
  /** Include per-path anomaly summaries; default true. */
  readonly anomalies?: boolean;
  /** Traces read per store query; default the store's. */
  readonly pageSize?: number;
  /** Stops early when aborted; the report then covers what was read. */
  readonly signal?: AbortSignal;
}

export async function profileStoredTraces(
  store: SpanStore,
  query: ProfileQuery,
): Promise<AnalysisReport> {
  const profiler = new PathProfiler({
    pathKey: query.pathKey ?? KEY_BY_SERVICE_AND_OPERATION,
    keepProxies: query.keepProxies ?? false,
  });
  for await (const trace of store.streamTraces(
    { startMicros: query.startMicros, endMicros: query.endMicros },
    {
      ...(query.service === undefined ? {} : { service: query.service }),
      ...(query.pageSize === undefined ? {} : { pageSize: query.pageSize }),
    },
  )) {
    if (query.signal?.aborted === true) {
      break;
    }
    profiler.addTrace(trace.traceId, trace.spans);
  }
  return profiler.report({
    groupBy: query.groupBy ?? 'path',
    ...(query.top === undefined ? {} : { top: query.top }),
    anomalies: query.anomalies ?? true,
  });
}
