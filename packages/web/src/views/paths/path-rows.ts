/**
 * The Paths table's rows: one per path (or per shape) of a report, with its
 * rate over the time the window's traces cover, and pure sorting and
 * filtering on them.
 */
import type { AnalysisReport } from '../../api/api-types.js';

export const PATH_COLUMNS = [
  'key',
  'count',
  'rate',
  'errors',
  'p50',
  'p95',
  'p99',
  'cpu',
  'memory',
] as const;
export type PathColumn = (typeof PATH_COLUMNS)[number];
export type SortDirection = 'asc' | 'desc';

export interface PathRow {
  readonly key: string;
  readonly count: number;
  readonly ratePerSecond: number | null;
  /** Errors ÷ count, 0–1. */
  readonly errorShare: number;
  readonly p50Micros: number;
  readonly p95Micros: number;
  readonly p99Micros: number;
  readonly minMicros: number;
  readonly maxMicros: number;
  readonly cpuP50Micros: number | null;
  readonly memoryP50Bytes: number | null;
  /** Requests known to miss a hop. */
  readonly incomplete: number;
  /** Abnormal requests (distinct traces). */
  readonly anomalies: number;
  /** For shapes: the paths they hold. */
  readonly paths: readonly string[];
  readonly exemplars: readonly string[];
}

export function buildPathRows(report: AnalysisReport): PathRow[] {
  const seconds = report.totals.coverage?.seconds ?? 0;
  const rate = (count: number): number | null =>
    seconds > 0 ? count / seconds : null;
  if (report.groupBy === 'shape') {
    return (report.shapes ?? []).map((s) => ({
      key: s.key,
      count: s.count,
      ratePerSecond: rate(s.count),
      errorShare: s.count === 0 ? 0 : s.errors / s.count,
      p50Micros: s.durationMicros.p50,
      p95Micros: s.durationMicros.p95,
      p99Micros: s.durationMicros.p99,
      minMicros: s.durationMicros.min,
      maxMicros: s.durationMicros.max,
      cpuP50Micros: null,
      memoryP50Bytes: null,
      incomplete: 0,
      anomalies: 0,
      paths: s.paths,
      exemplars: s.exemplars,
    }));
  }
  return (report.paths ?? []).map((p) => ({
    key: p.key,
    count: p.count,
    ratePerSecond: p.ratePerSecond,
    errorShare: p.count === 0 ? 0 : p.errors / p.count,
    p50Micros: p.durationMicros.p50,
    p95Micros: p.durationMicros.p95,
    p99Micros: p.durationMicros.p99,
    minMicros: p.durationMicros.min,
    maxMicros: p.durationMicros.max,
    cpuP50Micros: p.cpuMicros?.p50 ?? null,
    memoryP50Bytes: p.memoryBytes?.p50 ?? null,
    incomplete: p.incomplete,
    anomalies: p.anomalies?.detected ?? 0,
    paths: [p.key],
    exemplars: p.exemplars,
  }));
}

const SORT_VALUE: Readonly<
  Record<PathColumn, (row: PathRow) => number | string | null>
> = {
  key: (r) => r.key,
  count: (r) => r.count,
  rate: (r) => r.ratePerSecond,
  errors: (r) => r.errorShare,
  p50: (r) => r.p50Micros,
  p95: (r) => r.p95Micros,
  p99: (r) => r.p99Micros,
  cpu: (r) => r.cpuP50Micros,
  memory: (r) => r.memoryP50Bytes,
};

/** A sorted copy; missing values (no CPU reported…) go last either way, ties by key. */
export function sortPathRows(
  rows: readonly PathRow[],
  column: PathColumn,
  direction: SortDirection,
): PathRow[] {
  const value = SORT_VALUE[column];
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) {
      return va === vb ? compareKeys(a, b) : va === null ? 1 : -1;
    }
    const order = va < vb ? -1 : va > vb ? 1 : 0;
    return order === 0 ? compareKeys(a, b) : sign * order;
  });
}

/** Rows whose key (or, for shapes, a path) holds every word of `text`, case-insensitive. */
export function filterPathRows(
  rows: readonly PathRow[],
  text: string,
): PathRow[] {
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) {
    return [...rows];
  }
  return rows.filter((row) => {
    const haystack = [row.key, ...row.paths].join('\n').toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

function compareKeys(a: PathRow, b: PathRow): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
