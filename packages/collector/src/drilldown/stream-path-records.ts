/**
 * The path records of the traces in some windows, made by the engine as the
 * indexer makes them (`toIndexedRows`), so that streamed traces and the path
 * index answer a drill-down the same way.
 */
import { analyzeTrace, KEY_BY_SERVICE_AND_OPERATION } from '@pathprof/engine';
import { toIndexedRows } from '@pathprof/engine';
import type { IndexedPathRecord } from '@pathprof/model';
import type { SpanStore, TimeWindow } from '@pathprof/store';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';

export async function* streamPathRecords(
  store: SpanStore,
  windows: readonly TimeWindow[],
  query: ProfileQuery,
): AsyncIterable<IndexedPathRecord> {
  const options = {
    pathKey: query.pathKey ?? KEY_BY_SERVICE_AND_OPERATION,
    keepProxies: query.keepProxies ?? false,
  };
  for (const window of windows) {
    for await (const trace of store.streamTraces(
      window,
      query.service === undefined ? {} : { service: query.service },
    )) {
      if (query.signal?.aborted === true) {
        return;
      }
      const analysis = analyzeTrace(trace.traceId, trace.spans, options);
      yield* toIndexedRows(analysis, trace.spans, analysis.startMicros).records;
    }
  }
}
