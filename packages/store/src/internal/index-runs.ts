/** Shared rules of the path index's runs, for every adapter. */
import type { PathIndexRun } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { badQuery } from './normalise-query.js';

const RUN_ID = /^[0-9a-f]{16}$/;

/** The latest finished run of each window (ties: the larger run id), by window start. */
export function latestRuns(runs: readonly PathIndexRun[]): PathIndexRun[] {
  const best = new Map<number, PathIndexRun>();
  for (const run of runs) {
    const seen = best.get(run.startMicros);
    if (
      seen === undefined ||
      run.finishedMicros > seen.finishedMicros ||
      (run.finishedMicros === seen.finishedMicros && run.runId > seen.runId)
    ) {
      best.set(run.startMicros, run);
    }
  }
  return [...best.values()].sort((a, b) => a.startMicros - b.startMicros);
}

/** Rejects windows and steps no database could answer for. */
export function checkIndexWindow(
  window: TimeWindow,
  stepMicros?: number,
): void {
  const { startMicros, endMicros } = window;
  if (
    !Number.isSafeInteger(startMicros) ||
    !Number.isSafeInteger(endMicros) ||
    startMicros < 0 ||
    endMicros < startMicros
  ) {
    throw badQuery(
      'an index window needs whole microseconds with 0 ≤ startMicros ≤ endMicros',
    );
  }
  if (
    stepMicros !== undefined &&
    (!Number.isSafeInteger(stepMicros) || stepMicros < 1)
  ) {
    throw badQuery('the index step must be a whole number of microseconds ≥ 1');
  }
}

/** Refuses run ids that are not 16 lowercase hex digits (they go into SQL). */
export function checkRunIds(ids: readonly string[]): void {
  const bad = ids.find((id) => !RUN_ID.test(id));
  if (bad !== undefined) {
    throw badQuery(
      `a path index run id must be 16 lowercase hex digits, got ${JSON.stringify(bad).slice(0, 40)}`,
    );
  }
}

const ROLLUP_KIND = /^[A-Za-z0-9._:/-]{1,100}$/;

/** Refuses rollup kinds outside the safe alphabet (they go into SQL). */
export function checkRollupKind(kind: string): void {
  if (!ROLLUP_KIND.test(kind)) {
    throw badQuery(
      `a path rollup kind is 1–100 of A-Z a-z 0-9 . _ : / -, got ${JSON.stringify(kind).slice(0, 40)}`,
    );
  }
}
