/**
 * The latency histogram of one path in a window: every stored trace is
 * analysed by the engine with the same path-key strategy as the path API,
 * and the end-to-end durations of that path's records go into fixed
 * logarithmic buckets (bounded memory, whatever the window holds).
 */
import {
  analyzeTrace,
  createLatencyHistogramBuilder,
  KEY_BY_SERVICE_AND_OPERATION,
} from '@pathprof/engine';
import type { LatencyHistogram } from '@pathprof/engine';
import type { SpanStore } from '@pathprof/store';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';

export async function buildPathHistogram(
  store: SpanStore,
  query: ProfileQuery,
  pathKey: string,
): Promise<LatencyHistogram> {
  const builder = createLatencyHistogramBuilder();
  const options = {
    pathKey: query.pathKey ?? KEY_BY_SERVICE_AND_OPERATION,
    keepProxies: query.keepProxies ?? false,
  };
  for await (const trace of store.streamTraces(
    { startMicros: query.startMicros, endMicros: query.endMicros },
    query.service === undefined ? {} : { service: query.service },
  )) {
    const analysis = analyzeTrace(trace.traceId, trace.spans, options);
    for (const record of analysis.records) {
      if (record.key === pathKey) {
        builder.add(record.durationMicros);
      }
    }
  }
  return builder.build();
}
