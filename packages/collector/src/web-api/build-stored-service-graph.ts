/**
 * The service graph of the traces a store holds for a window, streamed page
 * by page through the engine's graph builder (memory bounded by the number of
 * services and edges). With a service, only the calls on paths through it,
 * as the path API's service filter.
 */
import { createServiceGraphBuilder } from '@pathprof/engine';
import type { ServiceGraph } from '@pathprof/engine';
import type { SpanStore } from '@pathprof/store';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';

export async function buildStoredServiceGraph(
  store: SpanStore,
  query: ProfileQuery,
): Promise<ServiceGraph> {
  const builder = createServiceGraphBuilder({
    keepProxies: query.keepProxies ?? false,
    ...(query.service === undefined ? {} : { throughService: query.service }),
  });
  for await (const trace of store.streamTraces(
    { startMicros: query.startMicros, endMicros: query.endMicros },
    query.service === undefined ? {} : { service: query.service },
  )) {
    builder.addTrace(trace.traceId, trace.spans);
  }
  return builder.build();
}
