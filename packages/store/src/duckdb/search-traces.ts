import type { DuckDBConnection } from '@duckdb/node-api';
import type { TraceId, TraceSpans } from '@pathprof/model';
import type { NormalisedQuery } from '../internal/normalise-query.js';
import type { TraceSearchResult } from '../span-store.js';
import { readTraces } from './read-traces.js';
import type { TraceSummary } from './read-traces.js';
import type { ResourceCache } from './resource-cache.js';
import { buildSearchSql } from './search-sql.js';

const TRACE_ID = /^[0-9a-f]{32}$/;

/** One page of a search: matching summaries in order, then their spans. */
export async function searchTraces(
  conn: DuckDBConnection,
  q: NormalisedQuery,
  resources: ResourceCache,
): Promise<TraceSearchResult> {
  const sql = buildSearchSql(q);
  const reader = await conn.runAndReadAll(sql.page.text, sql.page.params);
  const rows = reader.getRows() as [TraceId, number, number, number][];
  let total = rows[0]?.[3] ?? 0;
  if (rows.length === 0 && q.offset > 0) {
    const count = await conn.runAndReadAll(sql.count.text, sql.count.params);
    total = count.getRows()[0]![0] as number;
  }
  const traces = await readTraces(conn, rows.map(toSummary), resources);
  return { traces, total };
}

/** Whole traces by id, in the order asked; malformed and unknown ids are left out. */
export async function readTracesById(
  conn: DuckDBConnection,
  ids: readonly TraceId[],
  resources: ResourceCache,
): Promise<TraceSpans[]> {
  // Only validated ids reach the SQL text.
  const wanted = [...new Set(ids)].filter((id) => TRACE_ID.test(id));
  if (wanted.length === 0) {
    return [];
  }
  const reader = await conn.runAndReadAll(
    `SELECT trace_id, start_us::DOUBLE, end_us::DOUBLE FROM traces
     WHERE trace_id IN (${wanted.map((id) => `'${id}'`).join(',')})`,
  );
  const found = new Map(
    (reader.getRows() as [TraceId, number, number][]).map((r) => [
      r[0],
      toSummary(r),
    ]),
  );
  const summaries = wanted.flatMap((id) => found.get(id) ?? []);
  return readTraces(conn, summaries, resources);
}

export function toSummary([traceId, startMicros, endMicros]: readonly [
  TraceId,
  number,
  number,
  ...unknown[],
]): TraceSummary {
  return { traceId, startMicros, endMicros };
}
