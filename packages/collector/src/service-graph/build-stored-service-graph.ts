/**
 * The service graph of the traces a store holds for a window. The windows
 * of the path index wholly inside it whose runs left a graph rollup (for all
 * services, proxies folded) are merged from those; the rest is streamed page
 * by page through the engine's graph builder (memory bounded by the number
 * of services and edges). With a service, only the calls on paths through
 * it, as the path API's service filter — always streamed.
 */
import { ServiceGraphAccumulator } from '@pathprof/engine';
import type { ServiceGraph } from '@pathprof/engine';
import type { SpanStore, TimeWindow } from '@pathprof/store';
import {
  joinWindows,
  readIndexWindows,
} from '../path-index/path-index-windows.js';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';
import { mergeWindowRollups } from '../path-index/window-rollups.js';

export async function buildStoredServiceGraph(
  store: SpanStore,
  query: ProfileQuery,
): Promise<ServiceGraph> {
  const graph = new ServiceGraphAccumulator({
    keepProxies: query.keepProxies ?? false,
    ...(query.service === undefined ? {} : { throughService: query.service }),
  });
  const window = { startMicros: query.startMicros, endMicros: query.endMicros };
  let streamed: readonly TimeWindow[] = [window];
  const index = store.pathIndex;
  if (
    index !== undefined &&
    query.useIndex !== false &&
    query.service === undefined &&
    query.keepProxies !== true
  ) {
    const windows = await readIndexWindows(index, window);
    const rollups = await mergeWindowRollups(index, windows, window, 'graph');
    if (rollups.state !== null) {
      graph.merge(rollups.state);
    }
    streamed = joinWindows(
      windows.filter(
        (w) => w.run === undefined || !rollups.covered.has(w.run.runId),
      ),
      window,
    );
  }
  for (const part of streamed) {
    for await (const trace of store.streamTraces(
      part,
      query.service === undefined ? {} : { service: query.service },
    )) {
      graph.addTrace(trace.traceId, trace.spans);
    }
  }
  return graph.build();
}
