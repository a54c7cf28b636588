/**
 * The path index's drill-down reads in ClickHouse's SQL (`path-record-reads.ts`
 * in internal/ is the reference). ClickHouse 18.16 has no window functions,
 * so a search counts its matches in a second query.
 */
import type { ClickHouseClient } from '@clickhouse/client';
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
import { quoteList, quoteString } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';

/** The sketch key standing for the zero bin. */
const ZERO_BIN = -2147483648;

function recordFilter(runIds: readonly string[], window: TimeWindow): string {
  const { start, end } = indexBounds(window);
  return `run_id IN (${quoteList(runIds)})
    AND trace_start_us >= ${start} AND trace_start_us < ${end}`;
}

interface CellRow {
  path_key: string;
  b: string | number;
  ks: number[];
  ns: (string | number)[];
  n: string | number;
  e: string | number;
  lo: number;
  hi: number;
  vals: number[];
}

export async function readPathSeries(
  client: ClickHouseClient,
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
    filter += ` AND has(pos_services, ${quoteString(options.service)})`;
  }
  if (options.keys !== undefined) {
    filter += ` AND path_key IN (${quoteList(options.keys)})`;
  }
  const top = await selectRows<{ path_key: string; n: string | number }>(
    client,
    `SELECT path_key, count() AS n FROM path_records WHERE ${filter}
     GROUP BY path_key ORDER BY n DESC, path_key LIMIT ${options.maxPaths}`,
  );
  if (top.length === 0) {
    return [];
  }
  const rank = new Map(top.map((r, i) => [r.path_key, i]));
  const step = options.stepMicros;
  // values ≤ the sketch's smallest indexable one are zeros; compared scaled,
  // as 18.16 reads literals that small as 0
  const zero = options.sketchMinIndexable * 1e300;
  const cells = await selectRows<CellRow>(
    client,
    `SELECT path_key, b, groupArray(k) AS ks, groupArray(cnt) AS ns,
       sum(cnt) AS n, sum(errs) AS e, min(lo0) AS lo, max(hi0) AS hi,
       groupArrayArray(vs) AS vals
     FROM (
       SELECT path_key, intDiv(trace_start_us, ${step}) * ${step} AS b,
         if(duration_us * 1e300 <= ${zero}, ${ZERO_BIN},
            toInt32(ceil(log2(duration_us) * ${options.sketchLog2Multiplier}))) AS k,
         count() AS cnt, countIf(error = 1) AS errs,
         min(duration_us) AS lo0, max(duration_us) AS hi0,
         groupArray(${Math.max(1, options.exactLimit)})(duration_us) AS vs
       FROM path_records
       WHERE ${filter} AND path_key IN (${quoteList(top.map((r) => r.path_key))})
       GROUP BY path_key, b, k)
     GROUP BY path_key, b`,
  );
  return cells
    .map((r): PathSeriesCell => {
      let zeroCount = 0;
      const positive: [number, number][] = [];
      r.ks.forEach((k, i) => {
        const n = Number(r.ns[i]);
        if (Number(k) === ZERO_BIN) {
          zeroCount += n;
        } else {
          positive.push([Number(k), n]);
        }
      });
      positive.sort((a, b) => a[0] - b[0]);
      return {
        key: r.path_key,
        bucketStartMicros: Number(r.b),
        count: Number(r.n),
        errors: Number(r.e),
        minMicros: Number(r.lo),
        maxMicros: Number(r.hi),
        bins: { zeroCount, positive, negative: [] },
        values:
          Number(r.n) <= options.exactLimit
            ? r.vals.map(Number).sort((a, b) => a - b)
            : null,
      };
    })
    .sort(
      (a, b) =>
        rank.get(a.key)! - rank.get(b.key)! ||
        a.bucketStartMicros - b.bucketStartMicros,
    );
}

interface MatchRow {
  trace_id: string;
  trace_start_us: string | number;
  trace_hash: string | number;
  duration_us: number;
  error: number;
  pd: number | null;
  pe: number | null;
}

export async function searchPathRecords(
  client: ClickHouseClient,
  runIds: readonly string[],
  window: TimeWindow,
  query: PathRecordQuery,
): Promise<PathRecordPage> {
  const { start, end } = indexBounds(window);
  if (runIds.length === 0 || end <= start) {
    return { records: [], total: 0 };
  }
  const p = query.position;
  // ClickHouse arrays are 1-based
  const value = p === undefined ? 'duration_us' : `pos_duration[${p + 1}]`;
  const error = p === undefined ? 'error' : `pos_error[${p + 1}]`;
  const conditions = [
    recordFilter(runIds, window),
    `path_key = ${quoteString(query.key)}`,
  ];
  if (p !== undefined) {
    conditions.push(`length(pos_duration) > ${p}`);
  }
  if (query.minDurationMicros !== undefined) {
    conditions.push(`${value} >= ${query.minDurationMicros}`);
  }
  if (query.maxDurationMicros !== undefined) {
    conditions.push(`${value} <= ${query.maxDurationMicros}`);
  }
  if (query.errorsOnly === true) {
    conditions.push(`${error} = 1`);
  }
  const where = conditions.join(' AND ');
  const desc = query.direction !== 'asc';
  const order =
    query.orderBy === 'sample'
      ? 'trace_hash ASC'
      : `${query.orderBy === 'start' ? 'trace_start_us' : value} ${desc ? 'DESC' : 'ASC'}`;
  const [page, count] = await Promise.all([
    selectRows<MatchRow>(
      client,
      `SELECT trace_id, trace_start_us, trace_hash, duration_us, error,
         ${p === undefined ? 'CAST(NULL AS Nullable(Float64)) AS pd, CAST(NULL AS Nullable(UInt8)) AS pe' : `${value} AS pd, ${error} AS pe`}
       FROM path_records WHERE ${where}
       ORDER BY ${order}, trace_id LIMIT ${query.limit}`,
    ),
    selectRows<{ n: string | number }>(
      client,
      `SELECT count() AS n FROM path_records WHERE ${where}`,
    ),
  ]);
  return {
    total: Number(count[0]?.n ?? 0),
    records: page.map((r): PathRecordMatch => ({
      traceId: r.trace_id as TraceId,
      traceStartMicros: Number(r.trace_start_us),
      traceHash: Number(r.trace_hash),
      durationMicros: Number(r.duration_us),
      error: Number(r.error) === 1,
      positionDurationMicros: r.pd === null ? null : Number(r.pd),
      positionError: r.pe === null ? null : Number(r.pe) === 1,
    })),
  };
}
