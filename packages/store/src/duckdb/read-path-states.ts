/**
 * `readPathStates` in DuckDB's SQL: the same rows as the ClickHouse adapter's
 * (see clickhouse/read-path-states.ts), with DuckDB's means — UNNEST of the
 * position lists zipped in one SELECT, and `QUALIFY row_number()` where
 * ClickHouse has `LIMIT … BY`. Values of small measures are listed only for
 * the measures known to be small, so a large one never builds its list.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type {
  IndexedPathRecord,
  PathIndexState,
  PathStateOptions,
  TraceId,
} from '@pathprof/model';
import {
  assemblePathStates,
  assembleWithoutPaths,
  emptyPathIndexState,
  INDEX_CATEGORIES,
  INDEX_MEASURES,
  UNNAMED_ERROR_SOURCE,
} from '../internal/assemble-path-states.js';
import type {
  IndexMeasure,
  PathListRows,
  PathStateRows,
} from '../internal/assemble-path-states.js';
import type { TimeWindow } from '../span-store.js';
import { toIndexedRecord } from './path-record-row.js';
import { sqlString, sqlTextFromHex } from './query-columns.js';

type Row = Record<string, unknown>;

const METRIC_COLUMNS = ['duration_us', 'cpu_us', 'memory_bytes'] as const;

async function rows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJS() as Row[];
}

const num = (v: unknown): number => Number(v);
const nullableNum = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);

export async function readPathStates(
  conn: DuckDBConnection,
  runIds: readonly string[],
  window: TimeWindow,
  options: PathStateOptions,
): Promise<PathIndexState> {
  const start = Math.max(0, Math.ceil(window.startMicros));
  const end = Math.ceil(window.endMicros);
  if (runIds.length === 0 || end <= start) {
    return emptyPathIndexState();
  }
  const traceFilter = `run_id IN (${runIds.map(sqlString).join(', ')})
    AND trace_start_us >= ${start} AND trace_start_us < ${end}`;
  // the service's traces count in the totals, its paths (a position in it) are listed
  const service =
    options.service === undefined ? '' : sqlTextFromHex(options.service);
  const serviceFilter =
    options.service === undefined
      ? ''
      : `AND list_contains(services, ${service})`;
  const recordFilter =
    options.service === undefined
      ? traceFilter
      : `${traceFilter} AND list_contains(pos_services, ${service})`;

  const [totals] = await rows(
    conn,
    `SELECT count(*)::DOUBLE AS traces, coalesce(sum(spans), 0)::DOUBLE AS spans,
       count(*) FILTER (WHERE NOT has_hops)::DOUBLE AS without,
       min(trace_start_us)::DOUBLE AS first, max(trace_start_us)::DOUBLE AS last
     FROM path_traces WHERE ${traceFilter} ${serviceFilter}`,
  );
  const warnings = await rows(
    conn,
    `SELECT code, count(*)::DOUBLE AS n FROM (
       SELECT unnest(warning_codes) AS code FROM path_traces
       WHERE ${traceFilter} ${serviceFilter}) GROUP BY code`,
  );
  const paths = await rows(
    conn,
    `SELECT path_key, count(*)::DOUBLE AS n,
       count(*) FILTER (WHERE error)::DOUBLE AS errors,
       count(*) FILTER (WHERE incomplete)::DOUBLE AS incomplete,
       any_value(pos_labels) AS labels, any_value(pos_services) AS services
     FROM path_records WHERE ${recordFilter}
     GROUP BY path_key ORDER BY n DESC, path_key LIMIT ${options.maxPaths}`,
  );
  const base: PathListRows = {
    totals: {
      traces: num(totals?.['traces'] ?? 0),
      spans: num(totals?.['spans'] ?? 0),
      withoutHops: num(totals?.['without'] ?? 0),
      firstStart: nullableNum(totals?.['first']),
      lastStart: nullableNum(totals?.['last']),
    },
    warnings: warnings.map((w) => ({
      code: String(w['code']),
      n: num(w['n']),
    })),
    paths: paths.map((p) => ({
      key: String(p['path_key']),
      n: num(p['n']),
      errors: num(p['errors']),
      incomplete: num(p['incomplete']),
      labels: p['labels'] as string[],
      services: p['services'] as string[],
    })),
  };
  if (paths.length === 0) {
    return assembleWithoutPaths(base, options);
  }
  const filter =
    paths.length < options.maxPaths
      ? recordFilter
      : `${recordFilter} AND path_key IN (${paths.map((p) => sqlString(String(p['path_key']))).join(', ')})`;
  const compared = options.measures === 'compared';
  const long = unpivoted(filter, compared);

  const moments = await rows(
    conn,
    `SELECT path_key, pos, measure, count(*)::DOUBLE AS n, avg(v) AS mean,
       var_samp(v) AS variance, min(v) AS lo, max(v) AS hi
     FROM (${long}) WHERE v IS NOT NULL GROUP BY path_key, pos, measure`,
  );
  const groups = (small: boolean): string =>
    moments
      .filter((m) => num(m['n']) <= options.exactLimit === small)
      .map(
        (m) =>
          `(${sqlString(String(m['path_key']))}, ${num(m['pos'])}, ${num(m['measure'])})`,
      )
      .join(', ');
  const smallGroups = groups(true);
  const bigGroups = groups(false);
  const values =
    smallGroups === ''
      ? []
      : await rows(
          conn,
          `SELECT l.path_key, l.pos, l.measure, list(l.v) AS vals
           FROM (${long}) l
           JOIN (VALUES ${smallGroups}) AS g(path_key, pos, measure)
             ON l.path_key = g.path_key AND l.pos = g.pos AND l.measure = g.measure
           WHERE l.v IS NOT NULL GROUP BY l.path_key, l.pos, l.measure`,
        );
  const zero = options.sketchMinIndexable * 1e300;
  const bins =
    bigGroups === ''
      ? []
      : await rows(
          conn,
          `SELECT path_key, pos, measure, side, bin, count(*)::DOUBLE AS n FROM (
             SELECT l.path_key, l.pos, l.measure,
               CASE WHEN abs(l.v) * 1e300 <= ${zero} THEN 0 WHEN l.v > 0 THEN 1 ELSE -1 END AS side,
               CASE WHEN abs(l.v) * 1e300 <= ${zero} THEN 0
                 ELSE ceil(log2(abs(l.v)) * ${options.sketchLog2Multiplier})::INTEGER END AS bin
             FROM (${long}) l
             JOIN (VALUES ${bigGroups}) AS g(path_key, pos, measure)
               ON l.path_key = g.path_key AND l.pos = g.pos AND l.measure = g.measure
             WHERE l.v IS NOT NULL)
           GROUP BY path_key, pos, measure, side, bin`,
        );
  const valuesOf = new Map(
    values.map((v) => [
      `${String(v['path_key'])}\u0000${num(v['pos'])}\u0000${num(v['measure'])}`,
      v['vals'] as number[],
    ]),
  );
  const positionErrors = compared
    ? []
    : await rows(
        conn,
        `SELECT path_key, pos, count(*) FILTER (WHERE err)::DOUBLE AS errors FROM (
       SELECT path_key, unnest(range(len(pos_error))) AS pos, unnest(pos_error) AS err
       FROM path_records WHERE ${filter}) GROUP BY path_key, pos`,
      );
  const categories = compared
    ? []
    : await rows(
        conn,
        `WITH p AS (SELECT path_key, unnest(range(len(pos_labels))) AS pos,
         unnest(pos_other_branch) AS branch, unnest(pos_error) AS err,
         unnest(pos_error_source) AS source
       FROM path_records WHERE ${filter})
     SELECT path_key, pos, category, value, count(*)::DOUBLE AS n FROM (
       SELECT path_key, pos, ${INDEX_CATEGORIES.indexOf('otherBranch')} AS category,
         branch AS value FROM p WHERE branch IS NOT NULL
       UNION ALL SELECT path_key, pos, ${INDEX_CATEGORIES.indexOf('errorSource')},
         coalesce(source, ${sqlString(UNNAMED_ERROR_SOURCE)}) FROM p WHERE err)
     GROUP BY path_key, pos, category, value`,
      );
  const sampled = await rows(
    conn,
    `SELECT path_key, trace_id, any_value(trace_hash)::DOUBLE AS hash
     FROM path_records WHERE ${filter} GROUP BY path_key, trace_id
     QUALIFY row_number() OVER (
       PARTITION BY path_key ORDER BY any_value(trace_hash), trace_id)
       <= ${options.sampledTraces}`,
  );
  const extremes: IndexedPathRecord[][] = [];
  const samples: PathStateRows['samples'][number][] = [];
  for (const column of METRIC_COLUMNS) {
    // none asked (a comparison reads no anomaly candidates): no ranking either
    const top =
      options.extremes <= 0
        ? []
        : await rows(
            conn,
            // ranked on three columns; only the few winners are read whole
            `SELECT * FROM path_records WHERE rowid IN (
               SELECT rowid FROM path_records WHERE ${filter} AND ${column} IS NOT NULL
               QUALIFY row_number() OVER (
                 PARTITION BY path_key ORDER BY ${column} DESC, trace_id) <= ${options.extremes})
             ORDER BY path_key, ${column} DESC, trace_id`,
          );
    extremes.push(top.map(toIndexedRecord));
    const sample =
      options.madSample <= 0
        ? []
        : await rows(
            conn,
            `SELECT path_key, trace_id, trace_hash::DOUBLE AS hash, ${column} AS v
             FROM path_records WHERE ${filter} AND ${column} IS NOT NULL
             QUALIFY row_number() OVER (
               PARTITION BY path_key ORDER BY trace_hash, trace_id, ${column}) <= ${options.madSample}`,
          );
    samples.push(
      sample.map((s) => ({
        key: String(s['path_key']),
        traceId: String(s['trace_id']) as TraceId,
        hash: num(s['hash']),
        value: num(s['v']),
      })),
    );
  }
  return assemblePathStates(
    {
      ...base,
      moments: moments.map((m) => {
        const key = String(m['path_key']);
        const pos = num(m['pos']);
        const measure = num(m['measure']);
        return {
          key,
          pos,
          measure,
          n: num(m['n']),
          mean: num(m['mean']),
          variance: m['variance'] === null ? null : num(m['variance']),
          min: num(m['lo']),
          max: num(m['hi']),
          values: valuesOf.get(`${key}\u0000${pos}\u0000${measure}`) ?? null,
        };
      }),
      bins: bins.map((b) => ({
        key: String(b['path_key']),
        pos: num(b['pos']),
        measure: num(b['measure']),
        side: num(b['side']),
        bin: num(b['bin']),
        n: num(b['n']),
      })),
      positionErrors: positionErrors.map((e) => ({
        key: String(e['path_key']),
        pos: num(e['pos']),
        errors: num(e['errors']),
      })),
      categories: categories.map((c) => ({
        key: String(c['path_key']),
        pos: num(c['pos']),
        category: num(c['category']),
        value: String(c['value']),
        n: num(c['n']),
      })),
      sampled: sampled.map((s) => ({
        key: String(s['path_key']),
        traceId: String(s['trace_id']),
        hash: num(s['hash']),
      })),
      extremes,
      samples,
    },
    options,
  );
}

/** One row per (path, position, measure, value) of the filtered records; position −1 is the path. */
/**
 * Every record's measures as (path, position, measure, value) rows; with
 * `compared`, only those a comparison reads (the path's duration, CPU and
 * memory, each position's self time, CPU and memory).
 */
function unpivoted(filter: string, compared: boolean): string {
  const code = (m: IndexMeasure): number => INDEX_MEASURES.indexOf(m);
  const parts = [
    `SELECT path_key, -1 AS pos, ${code('duration')} AS measure, duration_us AS v FROM r`,
    `SELECT path_key, -1, ${code('cpu')}, cpu_us FROM r`,
    `SELECT path_key, -1, ${code('memory')}, memory_bytes FROM r`,
    `SELECT path_key, pos, ${code('cpu')}, c FROM p`,
    `SELECT path_key, pos, ${code('memory')}, mem FROM p`,
    `SELECT path_key, pos, ${code('self')}, s FROM p`,
  ];
  if (!compared) {
    parts.push(
      `SELECT path_key, -1, ${code('branch')}, branch_us FROM r`,
      `SELECT path_key, pos, ${code('duration')}, d FROM p`,
      `SELECT path_key, pos, ${code('waiting')},
        CASE WHEN c IS NULL THEN NULL ELSE greatest(0, d - c) END FROM p`,
      `SELECT path_key, pos, ${code('critical')}, k FROM p`,
      `SELECT path_key, pos, ${code('calls')}, calls FROM p`,
      `SELECT path_key, pos, ${code('criticalCalls')}, critical_calls FROM p`,
      `SELECT path_key, pos, ${code('overlap')}, overlap FROM p`,
      `SELECT path_key, pos, ${code('inNext')}, in_next FROM p`,
      `SELECT path_key, pos, ${code('inOther')}, in_other FROM p`,
    );
  }
  return `WITH r AS (SELECT * FROM path_records WHERE ${filter}),
    p AS (SELECT path_key, unnest(range(len(pos_labels))) AS pos,
      unnest(pos_duration) AS d, unnest(pos_self) AS s, unnest(pos_cpu) AS c,
      unnest(pos_memory) AS mem, unnest(pos_critical) AS k,
      unnest(pos_calls)::DOUBLE AS calls,
      unnest(pos_critical_calls)::DOUBLE AS critical_calls,
      unnest(pos_overlap) AS overlap, unnest(pos_in_next) AS in_next,
      unnest(pos_in_other) AS in_other FROM r)
    ${parts.join('\n    UNION ALL ')}`;
}
