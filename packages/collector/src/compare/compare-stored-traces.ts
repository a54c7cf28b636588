/**
 * The comparison of stored traces: two windows streamed one after the other,
 * or one window streamed once and split by an attribute. Memory is bounded by
 * the store's page size plus the engine's bounded per-path state.
 */
import {
  assignTraceSide,
  comparePathSamples,
  PathSampleSet,
} from '@pathprof/engine';
import type { ComparisonInput } from '@pathprof/engine';
import type { ComparisonReport } from '@pathprof/model';
import type { SpanStore } from '@pathprof/store';
import type { TimeWindowMicros } from '../query/parse-time-window.js';
import type { CompareQuery } from './parse-compare-params.js';

/** Both sides' path samples, labelled, and the seconds each covers. */
export interface CompareSides {
  readonly baseline: ComparisonInput;
  readonly candidate: ComparisonInput;
}

/** Streams the store once per side (windows) or once in all (an attribute split). */
export async function collectCompareSides(
  store: SpanStore,
  query: CompareQuery,
  signal?: AbortSignal,
): Promise<CompareSides> {
  const newSet = (): PathSampleSet =>
    new PathSampleSet({
      pathKey: query.pathKey,
      keepProxies: query.keepProxies,
    });
  const stream = (window: TimeWindowMicros) =>
    store.streamTraces(
      window,
      query.service === undefined ? {} : { service: query.service },
    );
  const { sides } = query;
  if (sides.kind === 'windows') {
    const baseline = newSet();
    const candidate = newSet();
    for (const [set, window] of [
      [baseline, sides.baseline],
      [candidate, sides.candidate],
    ] as const) {
      for await (const trace of stream(window)) {
        if (signal?.aborted === true) {
          break;
        }
        set.addTrace(trace.traceId, trace.spans);
      }
    }
    return {
      baseline: {
        label: formatWindow(sides.baseline),
        samples: baseline,
        windowSeconds: secondsOf(sides.baseline),
      },
      candidate: {
        label: formatWindow(sides.candidate),
        samples: candidate,
        windowSeconds: secondsOf(sides.candidate),
      },
    };
  }
  const sets = { baseline: newSet(), candidate: newSet() };
  for await (const trace of stream(sides.window)) {
    if (signal?.aborted === true) {
      break;
    }
    const side = assignTraceSide(trace.spans, sides.split);
    if (side === 'baseline' || side === 'candidate') {
      sets[side].addTrace(trace.traceId, trace.spans);
    }
  }
  const { split } = sides;
  const seconds = secondsOf(sides.window);
  return {
    baseline: {
      label: `${split.key}=${split.baseline}`,
      samples: sets.baseline,
      windowSeconds: seconds,
    },
    candidate: {
      label: `${split.key}=${split.candidate}`,
      samples: sets.candidate,
      windowSeconds: seconds,
    },
  };
}

export async function compareStoredTraces(
  store: SpanStore,
  query: CompareQuery,
  signal?: AbortSignal,
): Promise<ComparisonReport> {
  const { baseline, candidate } = await collectCompareSides(
    store,
    query,
    signal,
  );
  return comparePathSamples(baseline, candidate, {
    alpha: query.alpha,
    minEffect: query.minEffect,
    minSamples: query.minSamples,
  });
}

function secondsOf(window: TimeWindowMicros): number {
  return (window.endMicros - window.startMicros) / 1_000_000;
}

/** RFC 3339 UTC, to the second unless finer: `2026-11-25T10:00:00Z..2026-11-25T10:15:00Z`. */
function formatWindow(window: TimeWindowMicros): string {
  const format = (micros: number): string => {
    const iso = new Date(Math.floor(micros / 1000)).toISOString();
    const rest = micros % 1000;
    return rest !== 0
      ? `${iso.slice(0, -1)}${String(rest).padStart(3, '0')}Z`
      : iso.replace('.000Z', 'Z');
  };
  return `${format(window.startMicros)}..${format(window.endMicros)}`;
}
