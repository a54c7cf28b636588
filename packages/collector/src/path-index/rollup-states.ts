/**
 * The engine states the path index's rollups hold, by kind, and their bytes:
 * `exportEngineState` serialised with `node:v8`. The kinds name the settings
 * (the defaults: paths keyed by service and operation, proxies folded, the
 * engine's bounds), the format and the report schema, so a rollup another
 * version wrote is not read; nor is one that fails to decode.
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

const VERSION = `v1.r${REPORT_SCHEMA_VERSION}`;

export const ROLLUP_KINDS = {
  paths: `paths/${VERSION}`,
  samples: `samples/${VERSION}`,
  graph: `graph/${VERSION}`,
} as const;

export type RollupKind = keyof typeof ROLLUP_KINDS;

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
