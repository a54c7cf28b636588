/**
 * The path index's drill-down reads in DuckDB's SQL (`path-record-reads.ts`
 * in internal/ is the reference): per path and time bucket, counts and
 * duration sketch bins; one path's records filtered, ordered and paged.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  PathRecordMatch,
  PathRecordPage,
  PathRecordQuery,
  PathSeriesCell,
  PathSeriesOptions,
  TraceId,
} from '@pathprof/model';
import { indexBounds } from '../internal/path-record-reads.js';
import type { TimeWindow } from '../span-store.js';
import { sqlString, sqlTextFromHex } from './query-columns.js';

type Row = unknown[];

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowsJS() as Row[];
}

function recordFilter(runIds: readonly string[], window: TimeWindow): string {
  const { start, end } = indexBounds(window);
  return `run_id IN (${runIds.map(sqlString).join(', ')})
    AND trace_start_us >= ${start} AND trace_start_us < ${end}`;
}

export async function readPathSeries(
  conn: DuckDBConnection,
  runIds: readonly string[],
  window: TimeWindow,
  options: PathSeriesOptions,
): Promise<PathSeriesCell[]> {
  const { start, end } = indexBounds(window);
  if (runIds.length === 0 || end <= start || options.keys?.length === 0) {
    return [];
  }
  let filter = recordFilter(runIds, window);
  if (options.service !== undefined) {
    filter += ` AND list_contains(pos_services, ${sqlTextFromHex(options.service)})`;
  }
  if (options.keys !== undefined) {
    filter += ` AND path_key IN (${options.keys.map(sqlTextFromHex).join(', ')})`;
  }
  const top = await rows(
    conn,
    `SELECT path_key, count(*)::DOUBLE AS n FROM path_records WHERE ${filter}
     GROUP BY path_key ORDER BY n DESC, path_key LIMIT ${options.maxPaths}`,
  );
  if (top.length === 0) {
    return [];
  }
  const rank = new Map(top.map((r, i) => [String(r[0]), i]));
  const step = options.stepMicros;
  const cells = await rows(
    conn,
    `SELECT path_key, b, list(k ORDER BY k) AS ks, list(n ORDER BY k) AS ns,
       sum(n)::DOUBLE, sum(e)::DOUBLE, min(lo), max(hi),
       CASE WHEN sum(n) <= ${options.exactLimit}
         THEN flatten(list(vs)) END AS vals
     FROM (
       SELECT path_key, (trace_start_us // ${step} * ${step})::DOUBLE AS b,
         CASE WHEN duration_us <= ${options.sketchMinIndexable} THEN NULL
              ELSE ceil(log2(duration_us) * ${options.sketchLog2Multiplier})::INTEGER END AS k,
         count(*)::DOUBLE AS n, count(*) FILTER (WHERE error)::DOUBLE AS e,
         min(duration_us) AS lo, max(duration_us) AS hi,
         CASE WHEN count(*) <= ${options.exactLimit} THEN list(duration_us) END AS vs
       FROM path_records
       WHERE ${filter} AND path_key IN (${top.map((r) => sqlString(String(r[0]))).join(', ')})
       GROUP BY path_key, b, k)
     GROUP BY path_key, b`,
  );
  return cells
    .map((r): PathSeriesCell => {
      const ks = r[2] as (number | null)[];
      const ns = (r[3] as number[]).map(Number);
      let zeroCount = 0;
      const positive: [number, number][] = [];
      ks.forEach((k, i) => {
        if (k === null) {
          zeroCount += ns[i]!;
        } else {
          positive.push([Number(k), ns[i]!]);
        }
      });
      return {
        key: String(r[0]),
        bucketStartMicros: Number(r[1]),
        count: Number(r[4]),
        errors: Number(r[5]),
        minMicros: Number(r[6]),
        maxMicros: Number(r[7]),
        bins: { zeroCount, positive, negative: [] },
        values:
          r[8] === null || r[8] === undefined
            ? null
            : (r[8] as number[]).map(Number).sort((a, b) => a - b),
      };
    })
    .sort(
      (a, b) =>
        rank.get(a.key)! - rank.get(b.key)! ||
        a.bucketStartMicros - b.bucketStartMicros,
    );
}

export async function searchPathRecords(
  conn: DuckDBConnection,
  runIds: readonly string[],
  window: TimeWindow,
  query: PathRecordQuery,
): Promise<PathRecordPage> {
  const { start, end } = indexBounds(window);
  if (runIds.length === 0 || end <= start) {
    return { records: [], total: 0 };
  }
  const p = query.position;
  // DuckDB lists are 1-based
  const value = p === undefined ? 'duration_us' : `pos_duration[${p + 1}]`;
  const error = p === undefined ? 'error' : `pos_error[${p + 1}]`;
  const conditions = [
    recordFilter(runIds, window),
    `path_key = ${sqlTextFromHex(query.key)}`,
  ];
  if (p !== undefined) {
    conditions.push(`len(pos_duration) > ${p}`);
  }
  if (query.minDurationMicros !== undefined) {
    conditions.push(`${value} >= ${query.minDurationMicros}`);
  }
  if (query.maxDurationMicros !== undefined) {
    conditions.push(`${value} <= ${query.maxDurationMicros}`);
  }
  if (query.errorsOnly === true) {
    conditions.push(error);
  }
  const desc = query.direction !== 'asc';
  const order =
    query.orderBy === 'sample'
      ? 'trace_hash ASC'
      : `${query.orderBy === 'start' ? 'trace_start_us' : value} ${desc ? 'DESC' : 'ASC'}`;
  const found = await rows(
    conn,
    `SELECT trace_id, trace_start_us::DOUBLE, trace_hash::DOUBLE, duration_us,
       error, ${p === undefined ? 'NULL, NULL' : `${value}, ${error}`},
       count(*) OVER ()::DOUBLE
     FROM path_records WHERE ${conditions.join(' AND ')}
     ORDER BY ${order}, trace_id LIMIT ${query.limit}`,
  );
  return {
    total: Number(found[0]?.[7] ?? 0),
    records: found.map((r): PathRecordMatch => ({
      traceId: String(r[0]) as TraceId,
      traceStartMicros: Number(r[1]),
      traceHash: Number(r[2]),
      durationMicros: Number(r[3]),
      error: r[4] === true,
      positionDurationMicros: r[5] === null ? null : Number(r[5]),
      positionError: r[6] === null ? null : r[6] === true,
    })),
  };
}
