/**
 * `getDependencies`: the traces with a span starting in the window, read
 * trace by trace (rows streamed in trace id order, so memory holds one trace)
 * and counted with the shared rule of `internal/dependencies.ts`.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Micros, Span, SpanId, SpanKind, TraceId } from '@pathprof/model';
import {
  countTraceDependencies,
  toDependencyLinks,
} from '../internal/dependencies.js';
import { spanKey } from '../internal/span-key.js';
import type { DependencyLink } from '../span-store.js';
import { toWholeRange } from './clickhouse-sql.js';
import { selectRows, streamRows } from './run-query.js';

interface LinkRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  service: string;
  kind: SpanKind;
  shared: number | null;
}

export async function readDependencies(
  client: ClickHouseClient,
  fromMicros: number,
  toMicros: number,
): Promise<DependencyLink[]> {
  const range = toWholeRange(fromMicros, toMicros);
  if (range === null) {
    return [];
  }
  const traces = `SELECT trace_id FROM spans
    WHERE start_us >= ${range.min ?? 0} AND start_us <= ${range.max ?? 0}`;
  const [bounds] = await selectRows<{ n: string; lo: string; hi: string }>(
    client,
    `SELECT count() AS n, min(s) AS lo, max(e) AS hi FROM (
       SELECT minMerge(first_start_us) AS s, maxMerge(last_end_us) AS e
       FROM trace_times WHERE trace_id IN (${traces}) GROUP BY trace_id)`,
  );
  if (bounds === undefined || Number(bounds.n) === 0) {
    return [];
  }
  const counts = new Map<string, number>();
  let traceId = '';
  let spans = new Map<string, Span>();
  const flush = (): void => {
    countTraceDependencies([...spans.values()], counts);
    spans = new Map();
  };
  await streamRows<LinkRow>(
    client,
    `SELECT trace_id, span_id, parent_span_id, service, kind, shared
     FROM spans
     WHERE start_us >= ${bounds.lo} AND start_us <= ${bounds.hi}
       AND trace_id IN (${traces})
     ORDER BY trace_id, seq`,
    (row) => {
      if (row.trace_id !== traceId) {
        flush();
        traceId = row.trace_id;
      }
      const span = toLinkSpan(row);
      const key = spanKey(span);
      if (!spans.has(key)) {
        spans.set(key, span);
      }
    },
  );
  flush();
  return toDependencyLinks(counts);
}

/** Just what the dependency rule reads, as a model span. */
function toLinkSpan(row: LinkRow): Span {
  return {
    traceId: row.trace_id as TraceId,
    spanId: row.span_id as SpanId,
    ...(row.parent_span_id === ''
      ? {}
      : { parentSpanId: row.parent_span_id as SpanId }),
    references: [],
    service: row.service,
    operation: '',
    kind: row.kind,
    startMicros: 0 as Micros,
    durationMicros: 0 as Micros,
    status: 'unset',
    attributes: {},
    resource: {},
    events: [],
    ...(row.shared === null ? {} : { shared: row.shared === 1 }),
  };
}
