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
import type { IndexWindow } from './path-index-windows.js';
import type { RollupKind, RollupState } from './rollup-states.js';
import {
  createRollupState,
  decodeRollupState,
  encodeRollupState,
  isAtPathBound,
  mergeRollupState,
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
  /** The rollups merged, or null when none was. */
  readonly state: RollupState<K> | null;
  /** Run ids of the windows `state` covers (empty windows too). */
  readonly covered: ReadonlySet<string>;
}

/**
 * Merges the rollups of kind `kind` of the current windows in `within`:
 * whole blocks from their block rollups, the other windows from their own —
 * a window `within` cuts only when all its traces start inside `within`
 * anyway (the first and last window of a store, say). Windows whose run
 * left none (or one that does not decode) are left to the caller; so are
 * all of them when the merge would reach the engine's bound on distinct
 * paths.
 */
export async function mergeWindowRollups<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  within: TimeWindow,
  kind: K,
): Promise<MergedRollups<K>> {
  const current = windows.filter(
    (w) =>
      w.run !== undefined &&
      w.startMicros < within.endMicros &&
      w.endMicros > within.startMicros,
  );
  const state = createRollupState(kind);
  const blocks = await readBlockRollups(index, windows, within, kind);
  for (const part of blocks.parts) {
    mergeRollupState(state, part);
  }
  const covered = new Set(blocks.covered);
  for (const w of current) {
    if (w.run!.traces === 0) {
      covered.add(w.run!.runId);
    }
  }
  const wanted = current
    .map((w) => w.run!.runId)
    .filter((id) => !covered.has(id));
  const found =
    wanted.length === 0
      ? new Map<string, Uint8Array>()
      : await index.readPathRollups(wanted, ROLLUP_KINDS[kind]);
  for (const [runId, bytes] of found) {
    const part = decodeRollupState(kind, bytes);
    if (
      part !== null &&
      part.state.firstStartMicros >= within.startMicros &&
      part.state.lastStartMicros < within.endMicros
    ) {
      mergeRollupState(state, part.state);
      covered.add(runId);
    }
  }
  if (isAtPathBound(state)) {
    return { state: null, covered: new Set() };
  }
  return { state: covered.size > 0 ? state : null, covered };
}
