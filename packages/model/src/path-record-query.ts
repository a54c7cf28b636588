/**
 * The meaning of a `PathRecordQuery` on records in memory: the memory
 * store's path index and the collector (for windows no run has indexed yet)
 * both select with these, the database adapters in SQL to the same effect.
 */
import type {
  IndexedPathRecord,
  PathRecordMatch,
  PathRecordQuery,
} from './path-index.js';

/** The record as a match of the query, or null when it does not match. */
export function matchPathRecord(
  record: IndexedPathRecord,
  query: PathRecordQuery,
): PathRecordMatch | null {
  if (record.key !== query.key) {
    return null;
  }
  let duration = record.durationMicros;
  let error = record.error;
  const position =
    query.position === undefined ? undefined : record.positions[query.position];
  if (query.position !== undefined) {
    if (position === undefined) {
      return null;
    }
    duration = position.durationMicros;
    error = position.error;
  }
  if (
    (query.minDurationMicros !== undefined &&
      duration < query.minDurationMicros) ||
    (query.maxDurationMicros !== undefined &&
      duration > query.maxDurationMicros) ||
    (query.errorsOnly === true && !error)
  ) {
    return null;
  }
  return {
    traceId: record.traceId,
    traceStartMicros: record.traceStartMicros,
    traceHash: record.traceHash,
    durationMicros: record.durationMicros,
    error: record.error,
    positionDurationMicros: position?.durationMicros ?? null,
    positionError: position?.error ?? null,
  };
}

/** The query's order on matches (see `PathRecordQuery.orderBy`). */
export function comparePathRecordMatches(
  query: PathRecordQuery,
): (a: PathRecordMatch, b: PathRecordMatch) => number {
  const sign = query.orderBy !== 'sample' && query.direction === 'asc' ? 1 : -1;
  const value = (m: PathRecordMatch): number =>
    query.orderBy === 'sample'
      ? -m.traceHash
      : query.orderBy === 'start'
        ? m.traceStartMicros
        : (m.positionDurationMicros ?? m.durationMicros);
  return (a, b) => {
    const d = value(a) - value(b);
    if (d !== 0) {
      return sign * d;
    }
    return a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0;
  };
}
