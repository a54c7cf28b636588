/**
 * `spans` rows → model spans, for reads. A read returns one row per trace:
 * its spans as one JSON array of `PackedSpan` arrays, built by DuckDB
 * (`TRACE_SPANS_JSON`) and opened by one `JSON.parse`. Converting a DuckDB
 * value to JavaScript costs about a microsecond whatever its size, so one
 * string per trace instead of a dozen values per span is most of the read's
 * speed. What the row leaves out (`encode-duckdb-batch.ts`) is rebuilt exactly:
 * NULL events are none, and NULL references only repeat the parent.
 */
import type {
  Attributes,
  MissingTiming,
  Span,
  SpanEvent,
  SpanId,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceId,
} from '@pathprof/model';
import type { StoredSpan } from '../internal/order-trace-spans.js';

/** One span as `SPAN_JSON` packs it. */
export type PackedSpan = [
  spanId: SpanId,
  parentSpanId: SpanId | null,
  service: string,
  operation: string,
  kind: SpanKind,
  status: SpanStatus,
  statusMessage: string | null,
  storedStart: number,
  durationMicros: number,
  missingTiming: MissingTiming | null,
  shared: boolean | null,
  resourceId: number,
  seq: number,
  attributes: Attributes,
  events: SpanEvent[] | null,
  refs: SpanRef[] | null,
];

/** Index of the resource id in a `PackedSpan`. */
const RESOURCE_ID = 11;

/**
 * A `spans` row as a JSON array in `PackedSpan` order. Times are BIGINT
 * microseconds, exact as JSON numbers below 2^53; `rowid` is the storage order.
 */
export const SPAN_JSON = `concat('[', to_json(span_id), ',', coalesce(to_json(parent_span_id), 'null'),
    ',', to_json(service), ',', to_json(operation), ',', to_json(kind), ',', to_json(status),
    ',', coalesce(to_json(status_message), 'null'), ',', start_us, ',', duration_us,
    ',', coalesce(to_json(missing_timing), 'null'), ',', coalesce(to_json(shared), 'null'),
    ',', resource_id, ',', rowid, ',', attributes, ',', coalesce(events, 'null'),
    ',', coalesce(refs, 'null'), ']')`;

/** Aggregate of a `GROUP BY trace_id` over rows with a `span_json` column: the group's spans as one JSON array. */
export const TRACE_SPANS_JSON = `'[' || string_agg(span_json, ',') || ']'`;

/** The packed spans of one trace, as `TRACE_SPANS_JSON` gave them. */
export function parsePackedSpans(json: string): PackedSpan[] {
  return JSON.parse(json) as PackedSpan[];
}

/** The resource ids the spans use, with repeats. */
export function resourceIdsOf(spans: readonly PackedSpan[]): number[] {
  return spans.map((s) => s[RESOURCE_ID]);
}

const EMPTY: readonly never[] = Object.freeze([]);

/** Decodes one packed span of trace `traceId`. */
export function decodePackedSpan(
  traceId: TraceId,
  s: PackedSpan,
  resourceOf: (id: number) => Attributes,
): StoredSpan {
  const [spanId, parent, service, operation, kind, status, statusMessage] = s;
  const storedStart = s[7];
  const missingTiming = s[9];
  const refs = s[15];
  if (
    parent !== null &&
    refs === null &&
    missingTiming === null &&
    statusMessage === null &&
    s[10] !== true
  ) {
    // the usual span as one literal, the same properties in the same order
    // as below: building it through conditional spreads took about half
    // of the time of parsing and decoding a stored span
    return {
      span: {
        traceId,
        spanId,
        parentSpanId: parent,
        references: [{ type: 'child_of', traceId, spanId: parent }],
        service,
        operation,
        kind,
        startMicros: storedStart,
        durationMicros: s[8],
        status,
        attributes: s[13],
        resource: resourceOf(s[RESOURCE_ID]),
        events: s[14] ?? EMPTY,
      },
      storedStart,
      seq: s[12],
    };
  }
  const span: Span = {
    traceId,
    spanId,
    ...(parent === null ? {} : { parentSpanId: parent }),
    references:
      refs ??
      (parent === null
        ? EMPTY
        : [{ type: 'child_of', traceId, spanId: parent }]),
    service,
    operation,
    kind,
    startMicros:
      missingTiming === 'start' || missingTiming === 'both' ? 0 : storedStart,
    durationMicros: s[8],
    ...(missingTiming === null ? {} : { missingTiming }),
    status,
    ...(statusMessage === null ? {} : { statusMessage }),
    attributes: s[13],
    resource: resourceOf(s[RESOURCE_ID]),
    events: s[14] ?? EMPTY,
    ...(s[10] === true ? { shared: true } : {}),
  };
  return { span, storedStart, seq: s[12] };
}
