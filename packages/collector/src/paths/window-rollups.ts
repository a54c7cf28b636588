/**
 * The path index's rollups: while the indexer analyses a window's traces it
 * also merges them into the engine's states for the default settings (paths
 * keyed by service and operation, proxies folded, the engine's bounds): the
 * path profile, the comparison's path samples and the service graph. Each is
 * stored with the run, and a reader of a window made of indexed windows
 * merges those states instead of aggregating the window's rows in SQL or
 * streaming its traces: merge(state(A), state(B)) answers as state(A ∪ B).
 *
 *   windows    |  w0  |  w1  |  w2  |  w3  |      query window: [ w0 … part of w3 ]
 *   rollups       ✓      ✓      –      ✓
 *   →          merged merged  rows  rows/stream (not wholly inside the query window)
 *
 * The kinds name the settings and the report schema: a rollup written by a
 * pathprof whose engine state differs is not read (nor one that fails to
 * decode), and those windows are read the older way.
 */
import { deserialize, serialize } from 'node:v8';
import {
  DEFAULT_MAX_GROUPS,
  exportEngineState,
  importEngineState,
  PathProfiler,
  PathSampleSet,
  ServiceGraphAccumulator,
} from '@pathprof/engine';
import type { EngineState, TraceAnalysis } from '@pathprof/engine';
import { REPORT_SCHEMA_VERSION } from '@pathprof/model';
import type { PathIndex, PathRollup, TimeWindow } from '@pathprof/store';
import type { IndexWindow } from './path-index-windows.js';

const VERSION = `v1.r${REPORT_SCHEMA_VERSION}`;

export const ROLLUP_KINDS = {
  paths: `paths/${VERSION}`,
  samples: `samples/${VERSION}`,
  graph: `graph/${VERSION}`,
} as const;

export type RollupKind = keyof typeof ROLLUP_KINDS;

/** A fresh state of each kind, made with the default settings. */
const CREATE = {
  paths: () => new PathProfiler({ groupings: ['path'] }),
  samples: () => new PathSampleSet(),
  graph: () => new ServiceGraphAccumulator(),
} as const;

type StateOf<K extends RollupKind> = ReturnType<(typeof CREATE)[K]>;

/** One window's states as the indexer fills them, trace by trace. */
export class WindowRollups {
  readonly #paths = CREATE.paths();
  readonly #samples = CREATE.samples();
  readonly #graph = CREATE.graph();

  /** A trace analysed with the default settings (`analyzeTrace` without options). */
  add(analysis: TraceAnalysis): void {
    this.#paths.addAnalysis(analysis);
    this.#samples.addAnalysis(analysis);
    this.#graph.addAnalysis(analysis);
  }

  toRollups(runId: string): PathRollup[] {
    const encode = (
      value: PathProfiler | PathSampleSet | ServiceGraphAccumulator,
    ): Uint8Array => serialize(exportEngineState(value));
    return [
      { runId, kind: ROLLUP_KINDS.paths, state: encode(this.#paths) },
      { runId, kind: ROLLUP_KINDS.samples, state: encode(this.#samples) },
      { runId, kind: ROLLUP_KINDS.graph, state: encode(this.#graph) },
    ];
  }
}

export interface MergedRollups<K extends RollupKind> {
  /** The rollups merged, or null when none was. */
  readonly state: StateOf<K> | null;
  /** Run ids of the windows `state` covers (empty windows too). */
  readonly covered: ReadonlySet<string>;
}

/**
 * Merges the rollups of kind `kind` of the current windows wholly inside
 * `within`. Windows whose run left none (or one that does not decode) are
 * left to the caller; so are all of them when the merge would reach the
 * engine's bound on distinct paths, where the order of merging would decide
 * which paths are kept.
 */
export async function mergeWindowRollups<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  within: TimeWindow,
  kind: K,
): Promise<MergedRollups<K>> {
  const inside = windows.filter(
    (w) =>
      w.run !== undefined &&
      w.startMicros >= within.startMicros &&
      w.endMicros <= within.endMicros,
  );
  const covered = new Set<string>();
  for (const w of inside) {
    if (w.run!.traces === 0) {
      covered.add(w.run!.runId);
    }
  }
  const wanted = inside
    .map((w) => w.run!.runId)
    .filter((id) => !covered.has(id));
  const none = { state: null, covered: new Set<string>() };
  if (wanted.length === 0) {
    return { state: null, covered };
  }
  const found = await index.readPathRollups(wanted, ROLLUP_KINDS[kind]);
  const state = CREATE[kind]() as StateOf<K>;
  for (const [runId, bytes] of found) {
    let part: StateOf<K>;
    try {
      part = importEngineState(
        deserialize(bytes) as EngineState,
        CREATE[kind]() as StateOf<K>,
      );
    } catch {
      continue;
    }
    (state as { merge(other: StateOf<K>): void }).merge(part);
    covered.add(runId);
  }
  if (atPathBound(state)) {
    return none;
  }
  return { state: covered.size > 0 ? state : null, covered };
}

function atPathBound(
  state: PathProfiler | PathSampleSet | ServiceGraphAccumulator,
): boolean {
  if (state instanceof PathProfiler) {
    return state.overflowRecords > 0 || state.pathCount >= DEFAULT_MAX_GROUPS;
  }
  if (state instanceof PathSampleSet) {
    return state.overflowRecords > 0 || state.paths.size >= DEFAULT_MAX_GROUPS;
  }
  return false;
}
