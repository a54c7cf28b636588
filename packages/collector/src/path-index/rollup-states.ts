/**
 * The engine states the path index's rollups hold, by kind, and their bytes:
 * `exportEngineState` serialised with `node:v8`. The kinds name the settings
 * (the defaults: paths keyed by service and operation, proxies folded, the
 * engine's bounds), the format and the report schema, so a rollup another
 * version wrote is not read; nor is one that fails to decode. The one
 * exception is a kind whose older format decodes into the same state: the
 * comparison's samples were written with the whole path profile per path
 * (`samples/v1`, about 2 MiB a minute on the benchmark's store) before they
 * kept only what a comparison reads (`samples/v2`, `ComparedPath`); a run
 * without the current kind is read from the older one, which merges into
 * a current state as its records would (readRollupBytes).
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
import type { EngineState } from '@pathprof/engine';
import { REPORT_SCHEMA_VERSION } from '@pathprof/model';
import type { PathIndex } from '@pathprof/store';

const SCHEMA = `r${REPORT_SCHEMA_VERSION}`;

export const ROLLUP_KINDS = {
  paths: `paths/v1.${SCHEMA}`,
  samples: `samples/v2.${SCHEMA}`,
  graph: `graph/v1.${SCHEMA}`,
} as const;

export type RollupKind = keyof typeof ROLLUP_KINDS;

/** Older kinds read when a run has none of the current one, newest first. */
const OLDER_KINDS: Record<RollupKind, readonly string[]> = {
  paths: [],
  samples: [`samples/v1.${SCHEMA}`],
  graph: [],
};

/**
 * The stored rollups of kind `kind` (with `suffix`, e.g. a block's) of the
 * runs `runIds`, by run id: the current kind's, and for runs without one an
 * older kind's that decodes into the same state.
 */
export async function readRollupBytes(
  index: PathIndex,
  runIds: readonly string[],
  kind: RollupKind,
  suffix = '',
): Promise<Map<string, Uint8Array>> {
  const found = await index.readPathRollups(
    runIds,
    `${ROLLUP_KINDS[kind]}${suffix}`,
  );
  for (const older of OLDER_KINDS[kind]) {
    const missing = runIds.filter((id) => !found.has(id));
    if (missing.length === 0) {
      break;
    }
    for (const [id, bytes] of await index.readPathRollups(
      missing,
      `${older}${suffix}`,
    )) {
      found.set(id, bytes);
    }
  }
  return found;
}

const CREATE = {
  paths: () => new PathProfiler({ groupings: ['path'] }),
  samples: () => new PathSampleSet(),
  graph: () => new ServiceGraphAccumulator(),
} as const;

export type RollupState<K extends RollupKind> = ReturnType<(typeof CREATE)[K]>;

/** A fresh state of kind `kind`, made with the default settings. */
export function createRollupState<K extends RollupKind>(
  kind: K,
): RollupState<K> {
  return CREATE[kind]() as RollupState<K>;
}

export function encodeRollupState(
  state: PathProfiler | PathSampleSet | ServiceGraphAccumulator,
  extra?: Record<string, unknown>,
): Uint8Array {
  return serialize({ ...extra, state: exportEngineState(state) });
}

/** The state in `bytes` and what was written beside it; null when it does not decode. */
export function decodeRollupState<K extends RollupKind>(
  kind: K,
  bytes: Uint8Array,
): { state: RollupState<K>; extra: Record<string, unknown> } | null {
  try {
    const { state, ...extra } = deserialize(bytes) as {
      state: EngineState;
    } & Record<string, unknown>;
    return { state: importEngineState(state, createRollupState(kind)), extra };
  } catch {
    return null;
  }
}

export function mergeRollupState<K extends RollupKind>(
  into: RollupState<K>,
  part: RollupState<K>,
): void {
  (into as { merge(other: RollupState<K>): void }).merge(part);
}

/**
 * Whether a merge reached the engine's bound on distinct paths: past it the
 * order of merging would decide which paths are kept, so such a state is
 * not used.
 */
export function isAtPathBound(
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
