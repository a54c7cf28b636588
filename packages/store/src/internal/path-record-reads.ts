/**
 * The reference meaning of the path index's drill-down reads, on records in
 * memory (the memory adapter answers with these; the database adapters
 * answer the same in SQL), and the argument checks every adapter shares.
 */
import type {
  IndexedPathRecord,
  PathRecordMatch,
  PathRecordPage,
  PathRecordQuery,
  PathSeriesCell,
  PathSeriesOptions,
} from '@pathprof/model';
import { comparePathRecordMatches, matchPathRecord } from '@pathprof/model';
import type { TimeWindow } from '../span-store.js';
import { badQuery } from './normalise-query.js';

/** Rejects series options no database could answer for. */
export function checkPathSeriesOptions(options: PathSeriesOptions): void {
  if (!Number.isSafeInteger(options.stepMicros) || options.stepMicros < 1) {
    throw badQuery(
      'the series step must be a whole number of microseconds ≥ 1',
    );
  }
  if (!Number.isSafeInteger(options.maxPaths) || options.maxPaths < 1) {
    throw badQuery('maxPaths must be a whole number ≥ 1');
  }
  if (!Number.isSafeInteger(options.exactLimit) || options.exactLimit < 0) {
    throw badQuery('exactLimit must be a whole number ≥ 0');
  }
  if (
    !Number.isFinite(options.sketchLog2Multiplier) ||
    options.sketchLog2Multiplier <= 0 ||
    !Number.isFinite(options.sketchMinIndexable) ||
    options.sketchMinIndexable < 0
  ) {
    throw badQuery('the sketch mapping must be finite and positive');
  }
}

/** Rejects record queries no database could answer for. */
export function checkPathRecordQuery(query: PathRecordQuery): void {
  if (!Number.isSafeInteger(query.limit) || query.limit < 1) {
    throw badQuery('the record limit must be a whole number ≥ 1');
  }
  if (
    query.position !== undefined &&
    (!Number.isSafeInteger(query.position) || query.position < 0)
  ) {
    throw badQuery('a path position must be a whole number ≥ 0');
  }
  for (const bound of [query.minDurationMicros, query.maxDurationMicros]) {
    if (bound !== undefined && !Number.isFinite(bound)) {
      throw badQuery('duration bounds must be finite numbers');
    }
  }
  if (!['duration', 'start', 'sample'].includes(query.orderBy)) {
    throw badQuery('records are ordered by duration, start or sample');
  }
}

/** The window's bounds as the index compares trace starts: whole µs, start ≥ 0. */
export function indexBounds(window: TimeWindow): {
  start: number;
  end: number;
} {
  return {
    start: Math.max(0, Math.ceil(window.startMicros)),
    end: Math.ceil(window.endMicros),
  };
}

/** The sketch key of a duration, as the engine's sketch maps it; 0 for the zero bin. */
export function sketchKeyOf(
  micros: number,
  options: PathSeriesOptions,
): number | null {
  return micros <= options.sketchMinIndexable
    ? null
    : Math.ceil(Math.log2(micros) * options.sketchLog2Multiplier);
}

/** `readPathSeries` on records in memory: the reference the SQL adapters equal. */
export function aggregatePathSeries(
  records: Iterable<IndexedPathRecord>,
  window: TimeWindow,
  options: PathSeriesOptions,
): PathSeriesCell[] {
  const { start, end } = indexBounds(window);
  const keys = options.keys === undefined ? null : new Set(options.keys);
  const byKey = new Map<string, IndexedPathRecord[]>();
  for (const r of records) {
    if (
      r.traceStartMicros < start ||
      r.traceStartMicros >= end ||
      (keys !== null && !keys.has(r.key)) ||
      (options.service !== undefined &&
        !r.positions.some((p) => p.service === options.service))
    ) {
      continue;
    }
    const list = byKey.get(r.key) ?? [];
    list.push(r);
    byKey.set(r.key, list);
  }
  const ranked = [...byKey]
    .sort(
      ([ka, a], [kb, b]) =>
        b.length - a.length || (ka < kb ? -1 : ka > kb ? 1 : 0),
    )
    .slice(0, options.maxPaths);
  const cells: PathSeriesCell[] = [];
  for (const [key, list] of ranked) {
    const buckets = new Map<
      number,
      {
        count: number;
        errors: number;
        min: number;
        max: number;
        zero: number;
        bins: Map<number, number>;
        values: number[];
      }
    >();
    for (const r of list) {
      const b =
        Math.floor(r.traceStartMicros / options.stepMicros) *
        options.stepMicros;
      let cell = buckets.get(b);
      if (cell === undefined) {
        cell = {
          count: 0,
          errors: 0,
          min: Infinity,
          max: -Infinity,
          zero: 0,
          bins: new Map(),
          values: [],
        };
        buckets.set(b, cell);
      }
      const v = r.durationMicros;
      cell.count++;
      cell.errors += r.error ? 1 : 0;
      cell.min = Math.min(cell.min, v);
      cell.max = Math.max(cell.max, v);
      cell.values.push(v);
      const k = sketchKeyOf(v, options);
      if (k === null) {
        cell.zero++;
      } else {
        cell.bins.set(k, (cell.bins.get(k) ?? 0) + 1);
      }
    }
    for (const [b, cell] of [...buckets].sort((x, y) => x[0] - y[0])) {
      cells.push({
        key,
        bucketStartMicros: b,
        count: cell.count,
        errors: cell.errors,
        minMicros: cell.min,
        maxMicros: cell.max,
        bins: {
          zeroCount: cell.zero,
          positive: [...cell.bins].sort((x, y) => x[0] - y[0]),
          negative: [],
        },
        values:
          cell.count <= options.exactLimit
            ? cell.values.sort((x, y) => x - y)
            : null,
      });
    }
  }
  return cells;
}

/** `searchPathRecords` on records in memory. */
export function selectPathRecords(
  records: Iterable<IndexedPathRecord>,
  window: TimeWindow,
  query: PathRecordQuery,
): PathRecordPage {
  const { start, end } = indexBounds(window);
  const matches: PathRecordMatch[] = [];
  for (const r of records) {
    if (r.traceStartMicros < start || r.traceStartMicros >= end) {
      continue;
    }
    const m = matchPathRecord(r, query);
    if (m !== null) {
      matches.push(m);
    }
  }
  matches.sort(comparePathRecordMatches(query));
  return { records: matches.slice(0, query.limit), total: matches.length };
}
