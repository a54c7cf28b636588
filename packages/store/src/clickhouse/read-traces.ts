/**
 * Whole traces by id. `trace_times` gives each trace's first start and last
 * end; the span query is bounded by them, so ClickHouse reads only the day
 * partitions (and, within them, the granules) the traces lie in.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { TraceId, TraceSpans } from '@pathprof/model';
import { orderTraceSpans } from '../internal/order-trace-spans.js';
import type { StoredSpan } from '../internal/order-trace-spans.js';
import { quoteList } from './clickhouse-sql.js';
import { selectRows } from './run-query.js';
import { fromSpanRow } from './span-row.js';
import type { SpanRow } from './span-row.js';

/** A trace's first span start and last span end, µs. */
export interface TraceRange {
  readonly traceId: string;
  readonly start: number;
  readonly end: number;
}

export interface TraceRangeRow {
  trace_id: string;
  s: string | number;
  e: string | number;
}

/** Ids per statement: keeps each `IN (...)` list near 70 KiB. */
const IDS_PER_QUERY = 2000;

/** The `trace_times` columns every range query selects. */
export const RANGE_COLUMNS =
  'trace_id, minMerge(first_start_us) AS s, maxMerge(last_end_us) AS e';

export function toTraceRange(row: TraceRangeRow): TraceRange {
  return { traceId: row.trace_id, start: Number(row.s), end: Number(row.e) };
}

export async function readTraceRanges(
  client: ClickHouseClient,
  ids: readonly string[],
): Promise<Map<string, TraceRange>> {
  const out = new Map<string, TraceRange>();
  for (const chunk of chunks(ids)) {
    const rows = await selectRows<TraceRangeRow>(
      client,
      `SELECT ${RANGE_COLUMNS} FROM trace_times
       WHERE trace_id IN (${quoteList(chunk)}) GROUP BY trace_id`,
    );
    for (const row of rows) {
      out.set(row.trace_id, toTraceRange(row));
    }
  }
  return out;
}

/** The traces of `ranges`, in that order; a trace without spans is left out. */
export async function readTraces(
  client: ClickHouseClient,
  ranges: readonly TraceRange[],
): Promise<TraceSpans[]> {
  const byTrace = new Map<string, StoredSpan[]>();
  for (const chunk of chunks(ranges)) {
    const lo = Math.min(...chunk.map((r) => r.start));
    const hi = Math.max(...chunk.map((r) => r.end));
    const rows = await selectRows<SpanRow>(
      client,
      `SELECT * FROM spans
       WHERE start_us >= ${lo} AND start_us <= ${hi}
         AND trace_id IN (${quoteList(chunk.map((r) => r.traceId))})`,
    );
    for (const row of rows) {
      const list = byTrace.get(row.trace_id);
      const stored = fromSpanRow(row);
      if (list === undefined) {
        byTrace.set(row.trace_id, [stored]);
      } else {
        list.push(stored);
      }
    }
  }
  const traces: TraceSpans[] = [];
  for (const { traceId } of ranges) {
    const entries = byTrace.get(traceId);
    if (entries !== undefined) {
      traces.push({
        traceId: traceId as TraceId,
        spans: orderTraceSpans(entries),
      });
    }
  }
  return traces;
}

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_QUERY) {
    out.push(items.slice(i, i + IDS_PER_QUERY));
  }
  return out;
}
