/**
 * The path index's rollups: while the indexer analyses a window's traces it
 * also merges them into the engine's states for the default settings (paths
 * keyed by service and operation, proxies folded, the engine's bounds): the
 * path profile, the comparison's path samples and the service graph. Each is
 * stored with the run (rollup-states.ts), ten-minute blocks of them merged
 * again (block-rollups.ts), and a reader of a window made of indexed windows
 * merges those states instead of aggregating the window's rows in SQL or
 * streaming its traces: merge(state(A), state(B)) answers as state(A ∪ B).
 *
 *   windows    |  w0  |  w1  |  w2  |  w3  |      query window: [ w0 … part of w3 ]
 *   rollups       ✓      ✓      –      ✓
 *   →          merged merged  rows  rows/stream (not wholly inside the query window)
 */
import type { TraceAnalysis } from '@pathprof/engine';
import type { PathIndex, PathRollup, TimeWindow } from '@pathprof/store';
import { readBlockRollups } from './block-rollups.js';
import { BoundedCache } from './bounded-cache.js';
import type { IndexWindow } from './path-index-windows.js';
import type { RollupKind, RollupState } from './rollup-states.js';
import {
  createRollupState,
  decodeRollupState,
  encodeRollupState,
  isAtPathBound,
  mergeRollupState,
  readRollupBytes,
  ROLLUP_KINDS,
} from './rollup-states.js';

/** One window's states as the indexer fills them, trace by trace. */
export class WindowRollups {
  readonly #paths = createRollupState('paths');
  readonly #samples = createRollupState('samples');
  readonly #graph = createRollupState('graph');

  /** A trace analysed with the default settings (`analyzeTrace` without options). */
  add(analysis: TraceAnalysis): void {
    this.#paths.addAnalysis(analysis);
    this.#samples.addAnalysis(analysis);
    this.#graph.addAnalysis(analysis);
  }

  toRollups(runId: string): PathRollup[] {
    return [
      {
        runId,
        kind: ROLLUP_KINDS.paths,
        state: encodeRollupState(this.#paths),
      },
      {
        runId,
        kind: ROLLUP_KINDS.samples,
        state: encodeRollupState(this.#samples),
      },
      {
        runId,
        kind: ROLLUP_KINDS.graph,
        state: encodeRollupState(this.#graph),
      },
    ];
  }
}

export interface MergedRollups<K extends RollupKind> {
  /** The rollups merged, or null when none was; possibly shared: merge from it, never into it. */
  readonly state: RollupState<K> | null;
  /** Run ids of the windows `state` covers (empty windows too). */
  readonly covered: ReadonlySet<string>;
}

/**
 * Merged states of whole windows kept per index, by kind and the windows'
 * runs (see mergeWholeWindows): a few hours of windows per kind, each
 * entry about as large as the engine's state for those windows (for the
 * paths kind, some 10–20 MiB per hour of the benchmark's store).
 */
const MERGED_PER_INDEX = 6;
const mergedByIndex = new WeakMap<
  PathIndex,
  BoundedCache<MergedRollups<RollupKind>>
>();

/**
 * Merges the rollups of kind `kind` of the current windows in `within`:
 * blocks from their block rollups, the other windows from their own. A
 * window `within` cuts counts as inside it when all its traces start inside
 * `within` anyway (the first and last window of a store, say), and so does
 * a block when each of its windows with traces does: a comparison's side
 * that starts with the store, a few milliseconds after a minute, still reads
 * the block's one state instead of its ten windows'. Windows whose run left
 * none (or one that does not decode) are left to the caller; so are all of
 * them when the merge would reach the engine's bound on distinct paths. The
 * windows inside `within` are merged once per set of runs and kept (a
 * bounded cache per index): a view's next ask, or the next view's over the
 * same hour, only copies that state.
 */
export async function mergeWindowRollups<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  within: TimeWindow,
  kind: K,
): Promise<MergedRollups<K>> {
  const isWhole = (w: IndexWindow): boolean =>
    w.startMicros >= within.startMicros && w.endMicros <= within.endMicros;
  const cut = windows.filter(
    (w) =>
      !isWhole(w) &&
      w.run !== undefined &&
      w.startMicros < within.endMicros &&
      w.endMicros > within.startMicros,
  );
  // the windows `within` cuts whose traces all start inside it (or none)
  const empty = new Set<string>();
  const found = await readWindowStates(index, cut, kind, empty);
  const known = new Map(
    [...found].filter(
      ([, part]) =>
        part.firstStartMicros >= within.startMicros &&
        part.lastStartMicros < within.endMicros,
    ),
  );
  const inside = windows.filter(
    (w) =>
      isWhole(w) ||
      (w.run !== undefined &&
        (empty.has(w.run.runId) || known.has(w.run.runId))),
  );
  let cache = mergedByIndex.get(index);
  if (cache === undefined) {
    cache = new BoundedCache(MERGED_PER_INDEX);
    mergedByIndex.set(index, cache);
  }
  // what the merge depends on: the windows' runs (each block's stored
  // rollup is used only when it lists exactly the runs seen in the block)
  const runs = inside
    .map((w) => `${w.startMicros}:${w.run?.runId ?? '-'}`)
    .join(',');
  const merged = (await cache.answer(`${kind}|${runs}`, () =>
    mergeInsideWindows(index, inside, known, kind),
  )) as MergedRollups<K>;
  if (merged.state !== null && isAtPathBound(merged.state)) {
    return { state: null, covered: new Set() };
  }
  return merged;
}

/**
 * The rollups of `windows` (each inside the reader's window, so its traces
 * start there too) merged: blocks from their block rollups, the rest from
 * their own (those in `known` already decoded). Depends only on the
 * windows' runs.
 */
async function mergeInsideWindows<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  known: ReadonlyMap<string, RollupState<K>>,
  kind: K,
): Promise<MergedRollups<K>> {
  const state = createRollupState(kind);
  const blocks = await readBlockRollups(index, windows, kind);
  for (const part of blocks.parts) {
    mergeRollupState(state, part);
  }
  const covered = new Set(blocks.covered);
  const found = await readWindowStates(
    index,
    windows.filter((w) => w.run !== undefined && !known.has(w.run.runId)),
    kind,
    covered,
  );
  for (const [runId, part] of known) {
    if (!covered.has(runId)) {
      found.set(runId, part);
    }
  }
  const windowOf = new Map(windows.map((w) => [w.run?.runId, w]));
  for (const [runId, part] of found) {
    const w = windowOf.get(runId)!;
    if (
      part.firstStartMicros >= w.startMicros &&
      part.lastStartMicros < w.endMicros
    ) {
      mergeRollupState(state, part);
      covered.add(runId);
    }
  }
  return { state: covered.size > 0 ? state : null, covered };
}

/**
 * The decoded rollups of the current `windows` not yet in `covered`; the
 * runs of windows without traces are added to `covered` instead.
 */
async function readWindowStates<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  kind: K,
  covered: Set<string>,
): Promise<Map<string, RollupState<K>>> {
  for (const w of windows) {
    if (w.run !== undefined && w.run.traces === 0) {
      covered.add(w.run.runId);
    }
  }
  const wanted = windows
    .flatMap((w) => (w.run === undefined ? [] : [w.run.runId]))
    .filter((id) => !covered.has(id));
  const out = new Map<string, RollupState<K>>();
  if (wanted.length === 0) {
    return out;
  }
  for (const [runId, bytes] of await readRollupBytes(index, wanted, kind)) {
    const part = decodeRollupState(kind, bytes);
    if (part !== null) {
      out.set(runId, part.state);
    }
  }
  return out;
}
