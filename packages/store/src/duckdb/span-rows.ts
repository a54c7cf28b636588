/**
 * `spans` row → model span, for reads: the (packed) columns of `SPAN_SELECT`.
 * What the row leaves out (`append-span-row.ts`) is rebuilt exactly: NULL
 * events are none, and NULL references only repeat the parent.
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

/** Stands for a missing parent in the packed ids (not hex, so never an id). */
const NO_PARENT = '----------------';

/**
 * The `spans` columns a read selects, in the order `decodeSpanRow` expects.
 * Converting a DuckDB value to JavaScript costs about a microsecond whatever
 * its size, so the ids and the text fields travel packed in one string per
 * row: 64 characters of ids, then a JSON array
 * `[service, operation, statusMessage, attributes, events, refs]` that one
 * `JSON.parse` opens. Short strings (kind, status) and numbers stay columns.
 */
export const SPAN_SELECT = `concat(trace_id, span_id, coalesce(parent_span_id, '${NO_PARENT}'),
    '[', to_json(service), ',', to_json(operation), ',', coalesce(to_json(status_message), 'null'),
    ',', attributes, ',', coalesce(events, 'null'), ',', coalesce(refs, 'null'), ']'),
  kind, status, start_us::DOUBLE, duration_us::DOUBLE, resource_id, rowid::DOUBLE,
  missing_timing, shared`;

/** Column of `SPAN_SELECT` holding the resource id. */
export const RESOURCE_ID_COLUMN = 5;

/** A decoded row: the span, where it sorts, and its storage order. */
export interface SpanRow {
  readonly span: Span;
  readonly storedStart: number;
  readonly seq: number;
}

const EMPTY: readonly never[] = Object.freeze([]);

type PackedText = [
  service: string,
  operation: string,
  statusMessage: string | null,
  attributes: Attributes,
  events: SpanEvent[] | null,
  refs: SpanRef[] | null,
];

/** Decodes row `i` of the columns read with `SPAN_SELECT`. */
export function decodeSpanRow(
  cols: readonly (readonly unknown[])[],
  i: number,
  resourceOf: (id: number) => Attributes,
): SpanRow {
  const packed = cols[0]![i] as string;
  const traceId = packed.slice(0, 32) as TraceId;
  const parent = packed.slice(48, 64);
  const parentSpanId = parent === NO_PARENT ? undefined : (parent as SpanId);
  const [service, operation, statusMessage, attributes, events, refs] =
    JSON.parse(packed.slice(64)) as PackedText;
  const storedStart = cols[3]![i] as number;
  const missingTiming = cols[7]![i] as MissingTiming | null;
  const span: Span = {
    traceId,
    spanId: packed.slice(32, 48) as SpanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references:
      refs ??
      (parentSpanId === undefined
        ? EMPTY
        : [{ type: 'child_of', traceId, spanId: parentSpanId }]),
    service,
    operation,
    kind: cols[1]![i] as SpanKind,
    startMicros:
      missingTiming === 'start' || missingTiming === 'both' ? 0 : storedStart,
    durationMicros: cols[4]![i] as number,
    ...(missingTiming === null ? {} : { missingTiming }),
    status: cols[2]![i] as SpanStatus,
    ...(statusMessage === null ? {} : { statusMessage }),
    attributes,
    resource: resourceOf(cols[5]![i] as number),
    events: events ?? EMPTY,
    ...(cols[8]![i] === true ? { shared: true } : {}),
  };
  return { span, storedStart, seq: cols[6]![i] as number };
}
