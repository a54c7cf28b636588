/**
 * Reads whole traces given their summaries (`traces` rows). Every span of a
 * trace starts within the trace's [start, end], so the read filters `start_us`
 * to those ranges — DuckDB skips row groups whose min/max miss them — and then
 * by trace id. Traces far apart in time are read as separate ranges:
 *
 *   traces:  [a─b] [c──d]              [e─f]
 *   ranges:  [a──────d] (gap < 60 s)   [e─f]   one UNION ALL branch each
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TraceId, TraceSpans } from '@pathprof/model';
import { orderTraceSpans } from '../internal/order-trace-spans.js';
import type { StoredSpan } from '../internal/order-trace-spans.js';
import type { ResourceCache } from './resource-cache.js';
import { decodeSpanRow, RESOURCE_ID_COLUMN, SPAN_SELECT } from './span-rows.js';

export interface TraceSummary {
  readonly traceId: TraceId;
  readonly startMicros: number;
  readonly endMicros: number;
}

/** Gaps shorter than this are read through rather than split. */
const MIN_SPLIT_GAP_MICROS = 60_000_000;
const MAX_RANGES = 32;

/** The traces' spans, ordered, in the order of `summaries`; traces without spans are left out. */
export async function readTraces(
  conn: DuckDBConnection,
  summaries: readonly TraceSummary[],
  resources: ResourceCache,
): Promise<TraceSpans[]> {
  if (summaries.length === 0) {
    return [];
  }
  const sql = planRanges(summaries)
    .map(
      (r) =>
        `SELECT ${SPAN_SELECT} FROM spans WHERE start_us BETWEEN ${r.from} AND ${r.to} AND trace_id IN (${r.ids.map((id) => `'${id}'`).join(',')})`,
    )
    .join('\nUNION ALL\n');
  const reader = await conn.runAndReadAll(sql);
  const cols = reader.getColumns() as unknown as unknown[][];
  const rowCount = reader.currentRowCount;
  const resourceOf = await resources.resolve(
    conn,
    new Set(cols[RESOURCE_ID_COLUMN] as number[]),
  );
  const byTrace = new Map<string, StoredSpan[]>();
  for (let i = 0; i < rowCount; i++) {
    const row = decodeSpanRow(cols, i, resourceOf);
    let list = byTrace.get(row.span.traceId);
    if (list === undefined) {
      list = [];
      byTrace.set(row.span.traceId, list);
    }
    list.push(row);
  }
  const out: TraceSpans[] = [];
  for (const { traceId } of summaries) {
    const entries = byTrace.get(traceId);
    if (entries !== undefined) {
      out.push({ traceId, spans: orderTraceSpans(entries) });
    }
  }
  return out;
}

interface Range {
  from: number;
  to: number;
  readonly ids: string[];
}

/** Groups summaries into at most MAX_RANGES time ranges, splitting at the widest gaps. */
function planRanges(summaries: readonly TraceSummary[]): Range[] {
  const sorted = [...summaries].sort((a, b) => a.startMicros - b.startMicros);
  const gaps: { index: number; size: number }[] = [];
  let reach = -Infinity;
  sorted.forEach((s, i) => {
    if (i > 0 && s.startMicros - reach >= MIN_SPLIT_GAP_MICROS) {
      gaps.push({ index: i, size: s.startMicros - reach });
    }
    reach = Math.max(reach, s.endMicros);
  });
  const splits = new Set(
    gaps
      .sort((a, b) => b.size - a.size)
      .slice(0, MAX_RANGES - 1)
      .map((g) => g.index),
  );
  const ranges: Range[] = [];
  let current: Range | undefined;
  sorted.forEach((s, i) => {
    if (current === undefined || splits.has(i)) {
      current = { from: s.startMicros, to: s.endMicros, ids: [] };
      ranges.push(current);
    }
    current.to = Math.max(current.to, s.endMicros);
    current.ids.push(s.traceId);
  });
  return ranges;
}
