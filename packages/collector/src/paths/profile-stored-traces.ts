/**
 * The path profile of the traces a store holds for a time window. Where the
 * store has a path index and the query asks for what the index holds (paths
 * keyed by service and operation, proxies folded), the windows with a
 * current run come from their rollups (for all services; window-rollups.ts)
 * or the database's aggregate, and only the rest of the window is streamed
 * through the engine; the two merge into the report the
 * engine alone would give (see docs/clickhouse.md, "Path index"). Otherwise
 * every trace is streamed, page by page, so memory stays bounded by the page
 * size plus the profiler's own bounded state. The path API and
 * `pathprof demo` both call this.
 */
import {
  createPathStateOptions,
  KEY_BY_SERVICE_AND_OPERATION,
  PathProfiler,
} from '@pathprof/engine';
import type { GroupBy, PathKeyStrategy } from '@pathprof/engine';
import type { AnalysisReport, AnomalyRule, Micros } from '@pathprof/model';
import type { SpanStore, TimeWindow } from '@pathprof/store';
import {
  joinWindows,
  readIndexWindows,
} from '../path-index/path-index-windows.js';
import { mergeWindowRollups } from '../path-index/window-rollups.js';

export interface ProfileQuery {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
  /** Only the paths through this service (read from the traces with a span of it). */
  readonly service?: string;
  readonly groupBy?: GroupBy;
  readonly pathKey?: PathKeyStrategy;
  readonly keepProxies?: boolean;
  readonly top?: number;
  /** Include per-path anomaly summaries; default true. */
  readonly anomalies?: boolean;
  /** The anomaly rule: `robust` (default) or the seed's `mean+2sd`. */
  readonly anomalyRule?: AnomalyRule;
  /** Traces read per store query; default the store's. */
  readonly pageSize?: number;
  /** Stops early when aborted; the report then covers what was read. */
  readonly signal?: AbortSignal;
  /** Use the store's path index where it is current; default true. */
  readonly useIndex?: boolean;
}

export async function profileStoredTraces(
  store: SpanStore,
  query: ProfileQuery,
): Promise<AnalysisReport> {
  const pathKey = query.pathKey ?? KEY_BY_SERVICE_AND_OPERATION;
  const profiler = new PathProfiler({
    pathKey,
    keepProxies: query.keepProxies ?? false,
  });
  const window = { startMicros: query.startMicros, endMicros: query.endMicros };
  const index = store.pathIndex;
  const indexed =
    index !== undefined &&
    query.useIndex !== false &&
    (query.groupBy ?? 'path') === 'path' &&
    pathKey.name === KEY_BY_SERVICE_AND_OPERATION.name &&
    query.keepProxies !== true;
  let streamed = [window] as readonly TimeWindow[];
  let indexedTraces = 0;
  if (indexed) {
    const windows = await readIndexWindows(index, window);
    let current = windows.filter((w) => w.run !== undefined);
    if (query.service === undefined) {
      // windows wholly inside: their rollups, merged; the rest from rows
      const rollups = await mergeWindowRollups(index, windows, window, 'paths');
      if (rollups.state !== null) {
        profiler.merge(rollups.state);
        indexedTraces += rollups.state.traces;
      }
      current = current.filter((w) => !rollups.covered.has(w.run!.runId));
    }
    if (current.length > 0) {
      const state = await index.readPathStates(
        current.map((w) => w.run!.runId),
        window,
        createPathStateOptions(undefined, query.service),
      );
      profiler.addIndexState(state);
      indexedTraces += state.totals.traces;
    }
    streamed = joinWindows(
      windows.filter((w) => w.run === undefined),
      window,
    );
  }
  for (const part of streamed) {
    for await (const trace of store.streamTraces(part, {
      ...(query.service === undefined ? {} : { service: query.service }),
      ...(query.pageSize === undefined ? {} : { pageSize: query.pageSize }),
    })) {
      if (query.signal?.aborted === true) {
        break;
      }
      profiler.addTrace(trace.traceId, trace.spans);
    }
  }
  const report = profiler.report({
    groupBy: query.groupBy ?? 'path',
    ...(query.top === undefined ? {} : { top: query.top }),
    anomalies: query.anomalies ?? true,
    ...(query.anomalyRule === undefined
      ? {}
      : { anomalyOptions: { rule: query.anomalyRule } }),
    ...(query.service === undefined ? {} : { service: query.service }),
  });
  return {
    ...report,
    source: {
      indexedTraces,
      streamedTraces: report.totals.traces - indexedTraces,
    },
  };
}
