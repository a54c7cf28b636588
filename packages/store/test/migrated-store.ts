/**
 * What every store promises after migrating an old database holding trace
 * t1 (spans a and b, started at T0) and one index run: the spans kept and
 * taken as received at the migration, the path index made anew.
 */
import { expect } from 'vitest';
import type { SpanStore } from '../src/index.js';
import { dumpTraces, T0, tid } from './helpers.js';

export const HOUR = 3_600_000_000;

/** Checks a store migrated at `migratedAt`, opened with a retention of an hour. */
export async function expectMigratedStore(
  store: SpanStore,
  migratedAt: number,
): Promise<void> {
  expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a b']);
  // the old index's run is gone, so the indexer does its window again
  expect(
    await store.pathIndex!.listIndexRuns({
      startMicros: 0,
      endMicros: T0 + HOUR,
    }),
  ).toEqual([]);
  // received at the migration: kept for the retention, then deleted
  expect(await store.applyRetention(migratedAt + HOUR)).toEqual({
    traces: 0,
    spans: 0,
  });
  expect(await store.applyRetention(migratedAt + HOUR + 1)).toEqual({
    traces: 1,
    spans: 2,
  });
  expect(await store.getTraces([tid('t1')])).toEqual([]);
}
