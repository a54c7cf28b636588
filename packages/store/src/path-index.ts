/**
 * The path index a store may offer next to its spans: path records of
 * indexed time windows, aggregated by the database into the engine's
 * mergeable per-path state. The collector's indexer writes it; the path API
 * reads it for the windows whose runs are still current and streams the
 * rest of the window through the engine.
 *
 * A run writes the rows of the traces starting in one window under a random
 * run id and then finishes; rows of unfinished runs are never read, and of
 * several finished runs of a window the latest wins, so indexers may crash or
 * race without readers seeing a window twice or half.
 *
 * A run may also leave rollups: its window's traces already merged into
 * engine state (a profile, a service graph), as bytes the store does not
 * read. They are written before the run finishes and read by run id, so a
 * reader that asks only for the runs `listIndexRuns` lists never sees the
 * rollup of an unfinished or superseded run; a window whose run has none is
 * read from its rows.
 */
import type {
  IndexedPathRecord,
  IndexedTrace,
  Micros,
  PathIndexRun,
  PathIndexState,
  PathRecordPage,
  PathRecordQuery,
  PathSeriesCell,
  PathSeriesOptions,
  PathStateOptions,
} from '@pathprof/model';
import type { TimeWindow } from './span-store.js';

/** A run's pre-merged state of one kind, opaque to the store. */
export interface PathRollup {
  readonly runId: string;
  /** What the state holds and how it was made, e.g. `paths/v1` (letters, digits, `._:/-`). */
  readonly kind: string;
  readonly state: Uint8Array;
}

export interface PathIndex {
  /** Writes rows of run `runId`, invisible to reads until the run finishes; durable once resolved. */
  appendIndexRows(
    runId: string,
    traces: readonly IndexedTrace[],
    records: readonly IndexedPathRecord[],
  ): Promise<void>;

  /** Finishes runs: reads of their windows use their rows from now on. */
  finishIndexRuns(runs: readonly PathIndexRun[]): Promise<void>;

  /** The latest finished run of each window that overlaps `window`, by window start. */
  listIndexRuns(window: TimeWindow): Promise<PathIndexRun[]>;

  /**
   * Stored spans by start time in windows of `stepMicros`, aligned to
   * multiples of it, over `window`: window start → count; windows without
   * spans are left out.
   */
  countSpansByWindow(
    window: TimeWindow,
    stepMicros: Micros,
  ): Promise<Map<number, number>>;

  /**
   * The aggregate of the records of the runs `runIds` whose trace starts in
   * `window`, shaped by `options` (the engine's limits): the state the
   * engine's profiler would hold after adding those traces.
   */
  readPathStates(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathStateOptions,
  ): Promise<PathIndexState>;

  /**
   * Per path and bucket of trace start time (`options.stepMicros` wide,
   * aligned to multiples of it): the count, errors and duration sketch bins
   * of the records of runs `runIds` whose trace starts in `window`. Buckets
   * without records are left out; cells are ordered by path (most records
   * first, then key), then bucket.
   */
  readPathSeries(
    runIds: readonly string[],
    window: TimeWindow,
    options: PathSeriesOptions,
  ): Promise<PathSeriesCell[]>;

  /**
   * One path's records of runs `runIds` whose trace starts in `window` that
   * match `query` (see `matchPathRecord` in @pathprof/model): the first
   * `limit` in the query's order, and how many match in all.
   */
  searchPathRecords(
    runIds: readonly string[],
    window: TimeWindow,
    query: PathRecordQuery,
  ): Promise<PathRecordPage>;

  /**
   * Stores rollups of runs (a later write of the same run and kind replaces
   * the earlier); durable once resolved. A run's rollups go when a deletion
   * removes the last of its trace rows.
   */
  writePathRollups(rollups: readonly PathRollup[]): Promise<void>;

  /** The rollups of kind `kind` of the runs `runIds` that have one, by run id. */
  readPathRollups(
    runIds: readonly string[],
    kind: string,
  ): Promise<Map<string, Uint8Array>>;
}
