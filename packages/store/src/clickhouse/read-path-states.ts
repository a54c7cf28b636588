/**
 * `readPathStates` in SQL: every O(records) step runs in ClickHouse, and
 * what comes back is small — per path and position, each measure's moments
 * with its values (up to the exact limit) or its sketch bins, the counts of
 * its categorical values, the sampled trace ids and the anomaly candidates
 * (the queries are in path-state-sql.ts). `aggregatePathStates` is the
 * reference this must equal.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type {
  PathIndexState,
  PathStateOptions,
  TraceId,
} from '@pathprof/model';
import {
  assemblePathStates,
  assembleWithoutPaths,
  emptyPathIndexState,
} from '../internal/assemble-path-states.js';
import type { TimeWindow } from '../span-store.js';
import { quoteList, quoteString } from './clickhouse-sql.js';
import { binsQuery, categoriesQuery, momentsQuery } from './path-state-sql.js';
import { RECORD_COLUMNS, toIndexedRecord } from './path-record-row.js';
import type { RecordRow } from './path-record-row.js';
import { selectRows } from './run-query.js';

/** Anomaly metrics and their record column. */
const METRICS = [
  ['duration', 'toNullable(duration_us)'],
  ['cpu', 'cpu_us'],
  ['memory', 'memory_bytes'],
] as const;

interface Num {
  readonly [k: string]: string | number | null | undefined;
}

/** An extreme record, or (with `v`, the metric's value) a MAD sample row. */
type CandidateRow = RecordRow & { v: number };

interface MomentRow {
  path_key: string;
  pos: number;
  measure: number;
  n: string | number;
  mean: number;
  variance: number | null;
  lo: number;
  hi: number;
  vals: number[];
}

export async function readPathStates(
  client: ClickHouseClient,
  runIds: readonly string[],
  window: TimeWindow,
  options: PathStateOptions,
): Promise<PathIndexState> {
  const start = Math.max(0, Math.ceil(window.startMicros));
  const end = Math.ceil(window.endMicros);
  if (runIds.length === 0 || end <= start) {
    return emptyPathIndexState();
  }
  const traceFilter = `run_id IN (${quoteList(runIds)})
    AND trace_start_us >= ${start} AND trace_start_us < ${end}`;
  // the service's traces count in the totals, its paths (a position in it) are listed
  const service =
    options.service === undefined ? '' : quoteString(options.service);
  const serviceFilter =
    options.service === undefined ? '' : `AND has(services, ${service})`;
  const recordFilter =
    options.service === undefined
      ? traceFilter
      : `${traceFilter} AND has(pos_services, ${service})`;

  const [totals, warnings, pathRows] = await Promise.all([
    selectRows<Num>(
      client,
      `SELECT count() AS traces, sum(spans) AS spans,
         countIf(has_hops = 0) AS without,
         min(trace_start_us) AS first, max(trace_start_us) AS last
       FROM path_traces WHERE ${traceFilter} ${serviceFilter}`,
    ),
    selectRows<{ code: string; n: string }>(
      client,
      `SELECT code, count() AS n FROM path_traces
       ARRAY JOIN warning_codes AS code
       WHERE ${traceFilter} ${serviceFilter} GROUP BY code`,
    ),
    selectRows<{
      path_key: string;
      n: string;
      errors: string;
      incomplete: string;
      labels: string[];
      services: string[];
    }>(
      client,
      `SELECT path_key, count() AS n, sum(error) AS errors,
         sum(incomplete) AS incomplete, any(pos_labels) AS labels,
         any(pos_services) AS services
       FROM path_records WHERE ${recordFilter}
       GROUP BY path_key ORDER BY n DESC, path_key LIMIT ${options.maxPaths}`,
    ),
  ]);
  const t = totals[0] ?? {};
  const base = {
    totals: {
      traces: Number(t['traces'] ?? 0),
      spans: Number(t['spans'] ?? 0),
      withoutHops: Number(t['without'] ?? 0),
      firstStart: Number(t['first'] ?? 0),
      lastStart: Number(t['last'] ?? 0),
    },
    warnings: warnings.map((w) => ({ code: w.code, n: Number(w.n) })),
    paths: pathRows.map((p) => ({
      key: p.path_key,
      n: Number(p.n),
      errors: Number(p.errors),
      incomplete: Number(p.incomplete),
      labels: p.labels,
      services: p.services,
    })),
  };
  if (pathRows.length === 0) {
    return assembleWithoutPaths(base, options);
  }
  const filter =
    pathRows.length < options.maxPaths
      ? recordFilter
      : `${recordFilter} AND path_key IN (${quoteList(pathRows.map((p) => p.path_key))})`;

  const [moments, positionErrors, categories, sampled, ...candidateRows] =
    await Promise.all([
      selectRows<MomentRow>(client, momentsQuery(filter, options)),
      selectRows<{ path_key: string; pos: number; errors: string }>(
        client,
        `SELECT path_key, i - 1 AS pos, sum(err) AS errors FROM path_records
         ARRAY JOIN pos_error AS err, arrayEnumerate(pos_error) AS i
         WHERE ${filter} GROUP BY path_key, i`,
      ),
      selectRows<{
        path_key: string;
        pos: number;
        category: number;
        value: string;
        n: string;
      }>(client, categoriesQuery(filter)),
      selectRows<{ path_key: string; trace_id: string; hash: string | number }>(
        client,
        `SELECT path_key, trace_id, any(trace_hash) AS hash FROM path_records
         WHERE ${filter} GROUP BY path_key, trace_id
         ORDER BY path_key, hash, trace_id
         LIMIT ${options.sampledTraces} BY path_key`,
      ),
      ...METRICS.map(([, column]) =>
        selectRows<CandidateRow>(
          client,
          `SELECT ${RECORD_COLUMNS} FROM path_records
           WHERE ${filter} AND isNotNull(${column})
           ORDER BY path_key, ${column} DESC, trace_id
           LIMIT ${options.extremes} BY path_key`,
        ),
      ),
      ...METRICS.map(([, column]) =>
        selectRows<CandidateRow>(
          client,
          `SELECT path_key, trace_id, trace_hash, assumeNotNull(${column}) AS v
           FROM path_records WHERE ${filter} AND isNotNull(${column})
           ORDER BY path_key, trace_hash, trace_id, v
           LIMIT ${options.madSample} BY path_key`,
        ),
      ),
    ]);

  const big = new Set(
    moments
      .filter((m) => Number(m.n) > options.exactLimit)
      .map((m) => m.path_key),
  );
  const bins =
    big.size === 0
      ? []
      : await selectRows<{
          path_key: string;
          pos: number;
          measure: number;
          side: number;
          bin: number;
          n: string;
        }>(
          client,
          binsQuery(
            `${filter} AND path_key IN (${quoteList([...big])})`,
            options,
          ),
        );
  return assemblePathStates(
    {
      ...base,
      moments: moments.map((m) => ({
        key: m.path_key,
        pos: Number(m.pos),
        measure: Number(m.measure),
        n: Number(m.n),
        mean: m.mean,
        variance: m.variance,
        min: m.lo,
        max: m.hi,
        values: m.vals,
      })),
      bins: bins.map((b) => ({
        key: b.path_key,
        pos: Number(b.pos),
        measure: Number(b.measure),
        side: Number(b.side),
        bin: Number(b.bin),
        n: Number(b.n),
      })),
      positionErrors: positionErrors.map((e) => ({
        key: e.path_key,
        pos: Number(e.pos),
        errors: Number(e.errors),
      })),
      categories: categories.map((c) => ({
        key: c.path_key,
        pos: Number(c.pos),
        category: Number(c.category),
        value: c.value,
        n: Number(c.n),
      })),
      sampled: sampled.map((s) => ({
        key: s.path_key,
        traceId: s.trace_id,
        hash: Number(s.hash),
      })),
      extremes: candidateRows
        .slice(0, METRICS.length)
        .map((rows) => rows.map(toIndexedRecord)),
      samples: candidateRows.slice(METRICS.length).map((rows) =>
        rows.map((r) => ({
          key: r.path_key,
          traceId: r.trace_id as TraceId,
          hash: Number(r.trace_hash),
          value: r.v,
        })),
      ),
    },
    options,
  );
}
