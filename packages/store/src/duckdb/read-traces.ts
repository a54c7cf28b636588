/**
 * Reads whole traces given their summaries (`traces` rows). Every span of a
 * trace starts within the trace's [start, end], so the read filters `start_us`
 * to those ranges — DuckDB skips row groups whose min/max miss them — and then
 * by trace id. Traces far apart in time are read as separate ranges:
 *
 *   traces:  [a─b] [c──d]              [e─f]
 *   ranges:  [a──────d] (gap < 60 s)   [e─f]   one UNION ALL branch each
 *
 * One query reads them all and returns one row per trace: its spans packed
 * as one JSON string (`span-rows.ts`), decoded when the trace is used.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Attributes, TraceId, TraceSpans } from '@pathprof/model';
import { orderTraceSpans } from '../internal/order-trace-spans.js';
import { queryColumns, sqlString, sqlTextFromHex } from './query-columns.js';
import type { ResourceCache } from './resource-cache.js';
import {
  decodePackedSpan,
  parsePackedSpans,
  resourceIdsOf,
  SPAN_JSON,
  TRACE_SPANS_JSON,
} from './span-rows.js';
import type { PackedSpan } from './span-rows.js';

export interface TraceSummary {
  readonly traceId: TraceId;
  readonly startMicros: number;
  readonly endMicros: number;
}

/** A trace's spans as read, still packed (`parsePackedSpans`). */
export interface PackedTrace {
  readonly traceId: TraceId;
  readonly json: string;
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
  const parsed = (await readPackedTraces(conn, summaries)).map((t) => ({
    traceId: t.traceId,
    spans: parsePackedSpans(t.json),
  }));
  await resources.fetch(
    conn,
    resources.missing(parsed.flatMap((t) => resourceIdsOf(t.spans))),
  );
  return parsed.map((t) =>
    decodeTrace(t.traceId, t.spans, resources.attributesOf),
  );
}

/**
 * The traces' packed spans in the order of `summaries`; traces without spans,
 * or without a span of `service` when it is given, are left out.
 */
export async function readPackedTraces(
  conn: DuckDBConnection,
  summaries: readonly TraceSummary[],
  service?: string,
): Promise<PackedTrace[]> {
  if (summaries.length === 0) {
    return [];
  }
  const rows = planRanges(summaries)
    .map(
      (r) =>
        `SELECT trace_id, service, ${SPAN_JSON} AS span_json FROM spans
         WHERE start_us BETWEEN ${r.from} AND ${r.to}
           AND trace_id IN (${r.ids.map(sqlString).join(',')})`,
    )
    .join('\nUNION ALL\n');
  const [ids, jsons] = (await queryColumns(
    conn,
    `SELECT trace_id, ${TRACE_SPANS_JSON} FROM (${rows}) GROUP BY trace_id
     ${service === undefined ? '' : `HAVING bool_or(service = ${sqlTextFromHex(service)})`}`,
  )) as [TraceId[], string[]];
  const jsonById = new Map<string, string>();
  ids.forEach((id, i) => jsonById.set(id, jsons[i]!));
  return summaries.flatMap(({ traceId }) => {
    const json = jsonById.get(traceId);
    return json === undefined ? [] : [{ traceId, json }];
  });
}

/** The trace's spans, decoded and ordered. */
export function decodeTrace(
  traceId: TraceId,
  spans: readonly PackedSpan[],
  resourceOf: (id: number) => Attributes,
): TraceSpans {
  return {
    traceId,
    spans: orderTraceSpans(
      spans.map((s) => decodePackedSpan(traceId, s, resourceOf)),
    ),
  };
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
