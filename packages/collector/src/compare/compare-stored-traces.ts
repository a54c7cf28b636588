/**
 * The comparison of stored traces: two windows streamed one after the other,
 * or one window streamed once and split by an attribute, into the engine's
 * `ComparisonSides`. Memory is bounded by the store's page size plus the
 * engine's bounded per-path state, and the last few comparisons kept.
 */
import {
  ComparisonSides,
  KEY_BY_SERVICE_AND_OPERATION,
  SKETCH_LOG2_MULTIPLIER,
  SKETCH_MIN_INDEXABLE,
  comparePathSamples,
  createPathStateOptions,
  describeSplitSide,
  describeWindowSide,
  windowLengthSeconds,
} from '@pathprof/engine';
import type { ComparisonInput, PathSampleSet } from '@pathprof/engine';
import type { ComparisonReport } from '@pathprof/model';
import type { PathIndex, SpanStore, TimeWindow } from '@pathprof/store';
import { BoundedCache } from '../path-index/bounded-cache.js';
import {
  describeWindowVersions,
  joinWindows,
  readIndexWindows,
} from '../path-index/path-index-windows.js';
import type { IndexWindow } from '../path-index/path-index-windows.js';
import { mergeWindowRollups } from '../path-index/window-rollups.js';
import type { TimeWindowMicros } from '../request-params/parse-time-window.js';
import type { CompareQuery } from './parse-compare-params.js';

/** Both sides' path samples, labelled, and the seconds each covers. */
export interface CompareSides {
  readonly baseline: ComparisonInput;
  readonly candidate: ComparisonInput;
  /** With an attribute split: traces that carried both values (on neither side). */
  readonly ambiguous: number | undefined;
}

/**
 * The last comparisons per store, sides and reports, keyed by the query
 * and the versions of the windows read (describeWindowVersions): the UI asks
 * for a comparison, then for its distributions, and each would collect both
 * sides again. Each entry of sides is two of the engine's bounded sample
 * sets (a few MiB on the benchmark's store); reports are small.
 */
const SIDES_PER_STORE = 2;
const REPORTS_PER_STORE = 4;
const sidesByStore = new WeakMap<SpanStore, BoundedCache<CompareSides>>();
const reportsByStore = new WeakMap<SpanStore, BoundedCache<ComparisonReport>>();

function cacheOf<T>(
  caches: WeakMap<SpanStore, BoundedCache<T>>,
  store: SpanStore,
  size: number,
): BoundedCache<T> {
  let cache = caches.get(store);
  if (cache === undefined) {
    cache = new BoundedCache(size);
    caches.set(store, cache);
  }
  return cache;
}

/** The path index's windows over each side's window (the split's one window once); null without a path index. */
type SideWindows = readonly (readonly IndexWindow[])[] | null;

async function readSideWindows(
  store: SpanStore,
  query: CompareQuery,
): Promise<SideWindows> {
  const index = store.pathIndex;
  if (index === undefined) {
    return null;
  }
  const plan = query.sides;
  return await Promise.all(
    (plan.kind === 'windows'
      ? [plan.baseline, plan.candidate]
      : [plan.window]
    ).map((w) => readIndexWindows(index, w)),
  );
}

/**
 * The sides' data as text, for the caches: the query and the versions of
 * the path index's windows over both sides; null without a path index
 * (nothing then says whether the stored spans changed).
 */
function describeCompareData(
  query: CompareQuery,
  windows: SideWindows,
): string | null {
  if (windows === null) {
    return null;
  }
  return JSON.stringify({
    sides: query.sides,
    service: query.service ?? null,
    pathKey: query.pathKey.name,
    keepProxies: query.keepProxies,
    versions: windows.map(describeWindowVersions),
  });
}

/**
 * Both sides of the comparison; computed once while the stored windows stay
 * as they are (a small cache per store), unless a signal may cut it short.
 */
export async function collectCompareSides(
  store: SpanStore,
  query: CompareQuery,
  signal?: AbortSignal,
): Promise<CompareSides> {
  const windows = await readSideWindows(store, query);
  const data =
    signal === undefined ? describeCompareData(query, windows) : null;
  return await cachedSides(store, query, windows, data, signal);
}

function cachedSides(
  store: SpanStore,
  query: CompareQuery,
  windows: SideWindows,
  data: string | null,
  signal?: AbortSignal,
): Promise<CompareSides> {
  return data === null
    ? readCompareSides(store, query, windows, signal)
    : cacheOf(sidesByStore, store, SIDES_PER_STORE).answer(data, () =>
        readCompareSides(store, query, windows),
      );
}

/**
 * Streams the store once per side (windows) or once in all (an attribute
 * split). Two windows' sides are read at once: one side's rollups decode
 * while the database reads the other's index rows.
 */
async function readCompareSides(
  store: SpanStore,
  query: CompareQuery,
  windows: SideWindows,
  signal?: AbortSignal,
): Promise<CompareSides> {
  const sides = new ComparisonSides({
    pathKey: query.pathKey,
    keepProxies: query.keepProxies,
  });
  const stream = (window: TimeWindowMicros) =>
    store.streamTraces(
      window,
      query.service === undefined ? {} : { service: query.service },
    );
  const plan = query.sides;
  if (plan.kind === 'windows') {
    const names = ['baseline', 'candidate'] as const;
    await Promise.all(
      names.map(async (side, i) => {
        for (const part of await mergeSideRollups(
          store,
          query,
          plan[side],
          windows?.[i] ?? null,
          sides[side],
        )) {
          for await (const trace of stream(part)) {
            if (signal?.aborted === true) {
              break;
            }
            sides.add(side, trace.traceId, trace.spans);
          }
        }
      }),
    );
    return {
      ...sides.inputs(
        describeWindowSide(plan.baseline),
        describeWindowSide(plan.candidate),
      ),
      ambiguous: undefined,
    };
  }
  for await (const trace of stream(plan.window)) {
    if (signal?.aborted === true) {
      break;
    }
    sides.route(plan.split, trace.traceId, trace.spans);
  }
  const seconds = windowLengthSeconds(plan.window);
  return {
    ...sides.inputs(
      describeSplitSide(plan.split, 'baseline', seconds),
      describeSplitSide(plan.split, 'candidate', seconds),
    ),
    ambiguous: sides.ambiguous,
  };
}

/**
 * Merges into `samples` the rollups of the path index's windows wholly
 * inside `window` (when the query asks for what they hold: all services,
 * the default path key, proxies folded) and the index rows of its other
 * current windows; returns the parts of `window` left to stream.
 */
async function mergeSideRollups(
  store: SpanStore,
  query: CompareQuery,
  window: TimeWindowMicros,
  indexWindows: readonly IndexWindow[] | null,
  samples: PathSampleSet,
): Promise<readonly TimeWindow[]> {
  const index = store.pathIndex;
  if (
    index === undefined ||
    query.service !== undefined ||
    query.keepProxies ||
    query.pathKey.name !== KEY_BY_SERVICE_AND_OPERATION.name
  ) {
    return [window];
  }
  const windows = indexWindows ?? (await readIndexWindows(index, window));
  const rollups = await mergeWindowRollups(index, windows, window, 'samples');
  if (rollups.state !== null) {
    samples.merge(rollups.state);
  }
  const rest = windows.filter(
    (w) => w.run === undefined || !rollups.covered.has(w.run.runId),
  );
  const current = rest.filter((w) => w.run !== undefined);
  if (
    current.length > 0 &&
    (await addIndexRows(
      index,
      current.map((w) => w.run!.runId),
      window,
      samples,
    ))
  ) {
    return joinWindows(
      rest.filter((w) => w.run === undefined),
      window,
    );
  }
  return joinWindows(rest, window);
}

/** Most durations read from the index rows per path in place of streaming. */
const INDEX_DURATIONS_LIMIT = 200_000;

/**
 * Adds to `samples` the path index's rows of runs `runIds` whose traces
 * start in `window` (the windows it cuts, say the one a split between two
 * sides falls in): the aggregate the path API reads and every record's
 * duration, which give the side what streaming those traces would. Returns
 * false, having added nothing, when a path has more durations than are
 * read or the paths reach the engine's bound: those are then streamed.
 */
async function addIndexRows(
  index: PathIndex,
  runIds: readonly string[],
  window: TimeWindow,
  samples: PathSampleSet,
): Promise<boolean> {
  // a side keeps no anomaly candidates (ComparedPath), only the slowest
  // record as an exemplar: the rest of the candidates are not read
  const options = {
    ...createPathStateOptions(),
    extremes: 1,
    madSample: 0,
    measures: 'compared' as const,
  };
  const [state, cells] = await Promise.all([
    index.readPathStates(runIds, window, options),
    index.readPathSeries(runIds, window, {
      // one bucket: every trace start lies below it
      stepMicros: Math.max(1, Math.ceil(window.endMicros) + 1),
      sketchLog2Multiplier: SKETCH_LOG2_MULTIPLIER,
      sketchMinIndexable: SKETCH_MIN_INDEXABLE,
      maxPaths: options.maxPaths,
      exactLimit: INDEX_DURATIONS_LIMIT,
    }),
  ]);
  if (state.paths.length >= options.maxPaths) {
    return false;
  }
  const durations = new Map<string, number[]>();
  for (const cell of cells) {
    if (cell.values === null) {
      return false;
    }
    const list = durations.get(cell.key) ?? [];
    list.push(...cell.values);
    durations.set(cell.key, list);
  }
  if (state.paths.some((p) => durations.get(p.key)?.length !== p.count)) {
    return false;
  }
  samples.addIndexState(state, durations);
  return true;
}

export async function compareStoredTraces(
  store: SpanStore,
  query: CompareQuery,
  signal?: AbortSignal,
): Promise<ComparisonReport> {
  const windows = await readSideWindows(store, query);
  const data =
    signal === undefined ? describeCompareData(query, windows) : null;
  return data === null
    ? await compareSides(store, query, windows, data, signal)
    : await cacheOf(reportsByStore, store, REPORTS_PER_STORE).answer(
        JSON.stringify([data, query.alpha, query.minEffect, query.minSamples]),
        () => compareSides(store, query, windows, data),
      );
}

async function compareSides(
  store: SpanStore,
  query: CompareQuery,
  windows: SideWindows,
  data: string | null,
  signal?: AbortSignal,
): Promise<ComparisonReport> {
  const { baseline, candidate, ambiguous } = await cachedSides(
    store,
    query,
    windows,
    data,
    signal,
  );
  return {
    ...comparePathSamples(baseline, candidate, {
      alpha: query.alpha,
      minEffect: query.minEffect,
      minSamples: query.minSamples,
    }),
    ...(ambiguous === undefined ? {} : { ambiguousTraces: ambiguous }),
  };
}
