/**
 * The latency histogram of one path in a window, in fixed logarithmic
 * buckets (bounded memory, whatever the window holds). Windows the path
 * index holds come from the database: the path's end-to-end durations
 * themselves while the window has at most `exactLimit` of its requests
 * (then the histogram is the one streaming would give), else their duration
 * sketch bins, each counted at its bin's middle (within the sketch's 1%).
 * The rest of the window is streamed through the engine with the same
 * path-key strategy as the path API.
 */
import {
  createLatencyHistogramBuilder,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
} from '@pathprof/engine';
import type { LatencyHistogram } from '@pathprof/engine';
import type { SpanStore } from '@pathprof/store';
import { planIndexReads } from './plan-index-reads.js';
import { streamPathRecords } from './stream-path-records.js';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';

/** Durations read from the index one by one at most; beyond, sketch bins. */
export const HISTOGRAM_EXACT_LIMIT = 200_000;

export async function buildPathHistogram(
  store: SpanStore,
  query: ProfileQuery,
  pathKey: string,
  exactLimit: number = HISTOGRAM_EXACT_LIMIT,
): Promise<LatencyHistogram> {
  const builder = createLatencyHistogramBuilder();
  const { startMicros, endMicros } = query;
  const plan = await planIndexReads(store, query);
  if (plan.index !== undefined) {
    const cells = await plan.index.readPathSeries(
      plan.runIds,
      { startMicros, endMicros },
      {
        // one bucket: every trace start lies below it
        stepMicros: Math.max(1, Math.ceil(endMicros) + 1),
        sketchLog2Multiplier: SKETCH_LOG2_MULTIPLIER,
        sketchMinIndexable: SKETCH_MIN_INDEXABLE,
        maxPaths: 1,
        exactLimit,
        keys: [pathKey],
        ...(query.service === undefined ? {} : { service: query.service }),
      },
    );
    for (const cell of cells) {
      if (cell.values !== null) {
        for (const v of cell.values) {
          builder.add(v);
        }
        continue;
      }
      builder.add(0, cell.bins.zeroCount);
      for (const [key, count] of cell.bins.positive) {
        builder.add(sketchBinMiddle(key), count);
      }
    }
  }
  for await (const r of streamPathRecords(store, plan.streamed, query)) {
    if (
      r.key === pathKey &&
      r.traceStartMicros >= startMicros &&
      r.traceStartMicros < endMicros &&
      (query.service === undefined ||
        r.positions.some((p) => p.service === query.service))
    ) {
      builder.add(r.durationMicros);
    }
  }
  return builder.build();
}

/** The value halfway (relatively) through sketch bin `key`: (γ^(key−1), γ^key]. */
function sketchBinMiddle(key: number): number {
  const gamma = 2 ** (1 / SKETCH_LOG2_MULTIPLIER);
  return (2 * gamma ** key) / (1 + gamma);
}
