/**
 * Model span ⇄ `spans` row. Writing goes through DuckDB's appender, one value
 * per column in `SPAN_COLUMNS` order; reading takes the (packed) columns of
 * `SPAN_SELECT`. What the row leaves out is rebuilt exactly: empty events are
 * NULL, and references that only repeat the parent (the common case) are NULL.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import {
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type {
  Attributes,
  AttributeValue,
  MissingTiming,
  Span,
  SpanEvent,
  SpanId,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceId,
} from '@pathprof/model';
import type { PreparedSpan } from '../internal/prepare-batch.js';

/**
 * A span with its JSON already written: encoding runs when `appendSpans` is
 * called, while the writer may still be committing an earlier group, so only
 * the appender calls are left for the write itself.
 */
export interface EncodedSpan extends PreparedSpan {
  readonly attributesJson: string;
  readonly eventsJson: string | undefined;
  readonly refsJson: string | undefined;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
}

export function encodeSpan(prepared: PreparedSpan): EncodedSpan {
  const { span } = prepared;
  return {
    span,
    storedStart: prepared.storedStart,
    attributesJson: JSON.stringify(span.attributes),
    eventsJson:
      span.events.length === 0 ? undefined : JSON.stringify(span.events),
    refsJson: hasDefaultRefs(span)
      ? undefined
      : JSON.stringify(span.references),
    cpuMicros: hopCpuMicros(span.attributes),
    memoryBytes: hopMemoryBytes(span.attributes),
  };
}

export function appendSpanRow(
  appender: DuckDBAppender,
  row: EncodedSpan,
  resourceId: number,
): void {
  const { span } = row;
  appender.appendVarchar(span.traceId);
  appender.appendVarchar(span.spanId);
  appendOptionalText(appender, span.parentSpanId);
  appender.appendVarchar(span.service);
  appender.appendVarchar(span.operation);
  appender.appendVarchar(span.kind);
  appender.appendVarchar(span.status);
  appendOptionalText(appender, span.statusMessage);
  appender.appendBigInt(BigInt(row.storedStart));
  appender.appendBigInt(BigInt(span.durationMicros));
  appendOptionalText(appender, span.missingTiming);
  if (span.shared === true) {
    appender.appendBoolean(true);
  } else {
    appender.appendNull();
  }
  appender.appendInteger(resourceId);
  appender.appendVarchar(row.attributesJson);
  appendOptionalText(appender, row.eventsJson);
  appendOptionalText(appender, row.refsJson);
  appendOptionalNumber(appender, row.cpuMicros);
  appendOptionalNumber(appender, row.memoryBytes);
  appender.endRow();
}

function appendOptionalText(
  appender: DuckDBAppender,
  text: string | undefined,
): void {
  if (text === undefined) {
    appender.appendNull();
  } else {
    appender.appendVarchar(text);
  }
}

function appendOptionalNumber(
  appender: DuckDBAppender,
  value: number | undefined,
): void {
  if (value === undefined) {
    appender.appendNull();
  } else {
    appender.appendDouble(value);
  }
}

function hasDefaultRefs(span: Span): boolean {
  const refs = span.references;
  if (span.parentSpanId === undefined) {
    return refs.length === 0;
  }
  const only = refs[0];
  return (
    refs.length === 1 &&
    only !== undefined &&
    only.type === 'child_of' &&
    only.traceId === span.traceId &&
    only.spanId === span.parentSpanId
  );
}

function hopCpuMicros(attrs: Attributes): number | undefined {
  const ms =
    toNumber(attrs[HOP_CPU_MS_ATTR]) ?? toNumber(attrs[SEED_CPU_MS_ATTR]);
  return ms === undefined ? undefined : ms * 1000;
}

function hopMemoryBytes(attrs: Attributes): number | undefined {
  const bytes = toNumber(attrs[HOP_MEMORY_BYTES_ATTR]);
  if (bytes !== undefined) {
    return bytes;
  }
  const kb = toNumber(attrs[SEED_PEAK_MEM_KB_ATTR]);
  return kb === undefined ? undefined : kb * 1024;
}

function toNumber(value: AttributeValue | undefined): number | undefined {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value !== ''
        ? Number(value)
        : NaN;
  return Number.isFinite(n) ? n : undefined;
}

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
