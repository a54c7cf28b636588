/**
 * Rollups of blocks of ten index windows: once every window of an aligned
 * ten-minute block that holds spans has a current run, the indexer merges
 * their rollups into one per kind, so a reader of an hour merges a handful
 * of states instead of sixty. A block's rollup is stored under the run of
 * its latest window with traces and lists the runs it was made of; a reader
 * uses it only when those are exactly the block's current runs (a window
 * indexed again since makes it stale until the indexer merges the block
 * again), so the path index's rules hold for blocks too. The indexer merges
 * a block after a run in it, so a merge lost to a crash is made again only
 * when a window of the block is indexed again; until then its windows are
 * read from their own rollups.
 *
 *   block      | w0  w1  w2  …  w9 |      runs r0 … r9 current, block rollup
 *   rollup       stored under r9, made of [r0 … r9] → read in place of ten
 */
import type { PathIndex } from '@pathprof/store';
import type { IndexWindow } from './path-index-windows.js';
import {
  PATH_INDEX_STEP_MICROS,
  readIndexWindows,
} from './path-index-windows.js';
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

export const BLOCK_MICROS = 10 * PATH_INDEX_STEP_MICROS;

const BLOCK_SUFFIX = '/block10';
const blockKind = (kind: RollupKind): string =>
  `${ROLLUP_KINDS[kind]}${BLOCK_SUFFIX}`;

const KINDS: readonly RollupKind[] = ['paths', 'samples', 'graph'];

/** The block's windows with traces, and the run its rollup is stored under. */
function planBlock(
  windows: readonly IndexWindow[],
): { runs: string[]; keyRun: string } | null {
  if (windows.some((w) => w.run === undefined)) {
    return null;
  }
  const full = windows.filter((w) => w.run!.traces > 0);
  if (full.length < 2) {
    return null;
  }
  return {
    runs: full.map((w) => w.run!.runId).sort(),
    keyRun: full[full.length - 1]!.run!.runId,
  };
}

/**
 * Merges the block starting at `blockStart` from its windows' rollups, when
 * every window of it that holds spans has a current run with rollups;
 * returns whether it wrote.
 */
export async function writeBlockRollups(
  index: PathIndex,
  blockStart: number,
): Promise<boolean> {
  const windows = await readIndexWindows(index, {
    startMicros: blockStart,
    endMicros: blockStart + BLOCK_MICROS,
  });
  const plan = planBlock(windows);
  if (plan === null) {
    return false;
  }
  const rollups = [];
  for (const kind of KINDS) {
    const found = await readRollupBytes(index, plan.runs, kind);
    if (found.size < plan.runs.length) {
      continue;
    }
    const merged = createRollupState(kind);
    const parts = [...found.values()].map((b) => decodeRollupState(kind, b));
    if (parts.some((p) => p === null)) {
      continue;
    }
    for (const p of parts) {
      mergeRollupState(merged, p!.state);
    }
    if (!isAtPathBound(merged)) {
      rollups.push({
        runId: plan.keyRun,
        kind: blockKind(kind),
        state: encodeRollupState(merged, { runs: plan.runs }),
      });
    }
  }
  await index.writePathRollups(rollups);
  return rollups.length > 0;
}

/** The start of the block each window lies in. */
export function blockStartOf(startMicros: number): number {
  return Math.floor(startMicros / BLOCK_MICROS) * BLOCK_MICROS;
}

/**
 * The block rollups of kind `kind` for the blocks whose windows with traces
 * are all among `windows` (windows inside a reader's window) with current
 * runs: the states, and the run ids of the windows they cover. A block
 * whose rollup lists another set of runs (a window outside `windows`, or
 * indexed again since) is left to its windows' own rollups.
 */
export async function readBlockRollups<K extends RollupKind>(
  index: PathIndex,
  windows: readonly IndexWindow[],
  kind: K,
): Promise<{ parts: RollupState<K>[]; covered: Set<string> }> {
  const blocks = new Map<number, IndexWindow[]>();
  for (const w of windows) {
    const start = blockStartOf(w.startMicros);
    blocks.set(start, [...(blocks.get(start) ?? []), w]);
  }
  const plans = [...blocks.values()]
    .map((ws) => ({ windows: ws, plan: planBlock(ws) }))
    .filter((b) => b.plan !== null);
  const parts: RollupState<K>[] = [];
  const covered = new Set<string>();
  if (plans.length === 0) {
    return { parts, covered };
  }
  const found = await readRollupBytes(
    index,
    plans.map((b) => b.plan!.keyRun),
    kind,
    BLOCK_SUFFIX,
  );
  for (const { windows: ws, plan } of plans) {
    const bytes = found.get(plan!.keyRun);
    const decoded = bytes === undefined ? null : decodeRollupState(kind, bytes);
    const runs = decoded?.extra['runs'];
    if (
      decoded === null ||
      !Array.isArray(runs) ||
      runs.join(',') !== plan!.runs.join(',')
    ) {
      continue;
    }
    parts.push(decoded.state);
    for (const w of ws) {
      covered.add(w.run!.runId);
    }
  }
  return { parts, covered };
}
