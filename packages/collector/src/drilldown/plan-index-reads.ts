/**
 * Which parts of a window the path index answers and which must be streamed
 * through the engine, by the rule the path API follows (see
 * profile-stored-traces.ts): the index holds paths keyed by service and
 * operation with proxies folded, so only such queries read it, and only its
 * current runs; the rest of the window is streamed.
 */
import { KEY_BY_SERVICE_AND_OPERATION } from '@pathprof/engine';
import type { PathIndex, SpanStore, TimeWindow } from '@pathprof/store';
import type { IndexWindow } from '../path-index/path-index-windows.js';
import {
  joinWindows,
  readIndexWindows,
} from '../path-index/path-index-windows.js';
import type { ProfileQuery } from '../paths/profile-stored-traces.js';

export interface IndexPlan {
  /** The index to read with `runIds`; undefined when none applies. */
  readonly index: PathIndex | undefined;
  readonly runIds: readonly string[];
  /** The parts of the window to stream through the engine. */
  readonly streamed: readonly TimeWindow[];
  /** The index's windows over the window, as read; null when the index does not apply. */
  readonly windows: readonly IndexWindow[] | null;
}

export async function planIndexReads(
  store: SpanStore,
  query: ProfileQuery,
): Promise<IndexPlan> {
  const window = { startMicros: query.startMicros, endMicros: query.endMicros };
  const index = store.pathIndex;
  const usable =
    index !== undefined &&
    query.useIndex !== false &&
    (query.pathKey ?? KEY_BY_SERVICE_AND_OPERATION).name ===
      KEY_BY_SERVICE_AND_OPERATION.name &&
    query.keepProxies !== true;
  if (!usable) {
    return { index: undefined, runIds: [], streamed: [window], windows: null };
  }
  const windows = await readIndexWindows(index, window);
  const runIds = windows.flatMap((w) =>
    w.run === undefined ? [] : [w.run.runId],
  );
  return {
    index: runIds.length === 0 ? undefined : index,
    runIds,
    streamed: joinWindows(
      windows.filter((w) => w.run === undefined),
      window,
    ),
    windows,
  };
}
