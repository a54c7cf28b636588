/**
 * Jaeger search in two statements run side by side: the page (matching trace
 * ids from `spans`, ordered and cut on their `trace_times` range) and the
 * total (distinct matching trace ids). The page's traces are then read whole.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { NormalisedQuery } from '../internal/normalise-query.js';
import type { TraceSearchResult } from '../span-store.js';
import { RANGE_COLUMNS, readTraces, toTraceRange } from './read-traces.js';
import type { TraceRangeRow } from './read-traces.js';
import { selectRows } from './run-query.js';
import { buildSpanConditions } from './search-conditions.js';

export async function searchTraces(
  client: ClickHouseClient,
  q: NormalisedQuery,
): Promise<TraceSearchResult> {
  const where = buildSpanConditions(q);
  const matching = `SELECT trace_id FROM spans WHERE ${where}`;
  const key = q.orderBy === 'duration' ? '(e - s)' : 's';
  const direction = q.direction === 'asc' ? 'ASC' : 'DESC';
  const [page, counted] = await Promise.all([
    selectRows<TraceRangeRow>(
      client,
      `SELECT ${RANGE_COLUMNS} FROM trace_times
       WHERE trace_id IN (${matching})
       GROUP BY trace_id
       ORDER BY ${key} ${direction}, trace_id ASC
       LIMIT ${q.offset}, ${q.limit}`,
    ),
    selectRows<{ n: string | number }>(
      client,
      `SELECT uniqExact(trace_id) AS n FROM spans WHERE ${where}`,
    ),
  ]);
  const traces = await readTraces(client, page.map(toTraceRange));
  return { traces, total: Number(counted[0]?.n ?? 0) };
}
