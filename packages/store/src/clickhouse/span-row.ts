/**
 * A span as a row of `spans` and back. The row keeps the storage start
 * (`start_us`, placed within its trace when the source gave none) and the
 * span's missing-timing flag, so the start reads back as the model gave it.
 */
import {
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  HOP_PATH_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type {
  Attributes,
  Micros,
  Span,
  SpanEvent,
  SpanId,
  SpanKind,
  SpanRefType,
  SpanStatus,
  TraceId,
} from '@pathprof/model';
import type { StoredSpan } from '../internal/order-trace-spans.js';
import type { PreparedSpan } from '../internal/prepare-batch.js';
import {
  fromAttributeColumns,
  toAttributeColumns,
  toValueText,
} from './attribute-columns.js';
import type { ValueType } from './attribute-columns.js';

/** The columns of `spans` as JSONEachRow reads them (UInt64 as text). */
export interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  service: string;
  operation: string;
  kind: SpanKind;
  status: SpanStatus;
  status_message: string | null;
  start_us: number | string;
  duration_us: number | string;
  missing_timing: 'none' | 'start' | 'duration' | 'both';
  shared: number | null;
  attr_keys: string[];
  attr_values: string[];
  attr_types: ValueType[];
  resource_keys: string[];
  resource_values: string[];
  resource_types: ValueType[];
  events: string;
  event_names: string[];
  event_attr_keys: string[];
  event_attr_values: string[];
  ref_types: SpanRefType[];
  ref_trace_ids: string[];
  ref_span_ids: string[];
  cpu_us: number | null;
  memory_bytes: number | null;
  hop_path: string | null;
  seq: number | string;
  /** When the span was received, µs (retention counts from it). */
  received_us: number | string;
}

export function toSpanRow(
  { span, storedStart, receivedMicros }: PreparedSpan,
  seq: number,
): SpanRow {
  const attrs = toAttributeColumns(span.attributes);
  const resource = toAttributeColumns(span.resource);
  const eventKeys: string[] = [];
  const eventValues: string[] = [];
  for (const event of span.events) {
    for (const [key, value] of Object.entries(event.attributes)) {
      eventKeys.push(key);
      eventValues.push(toValueText(value));
    }
  }
  return {
    trace_id: span.traceId,
    span_id: span.spanId,
    parent_span_id: span.parentSpanId ?? '',
    service: span.service,
    operation: span.operation,
    kind: span.kind,
    status: span.status,
    status_message: span.statusMessage ?? null,
    start_us: storedStart,
    duration_us: span.durationMicros,
    missing_timing: span.missingTiming ?? 'none',
    shared: span.shared === undefined ? null : Number(span.shared),
    attr_keys: attrs.keys,
    attr_values: attrs.values,
    attr_types: attrs.types,
    resource_keys: resource.keys,
    resource_values: resource.values,
    resource_types: resource.types,
    events: span.events.length === 0 ? '' : JSON.stringify(span.events),
    event_names: span.events.map((e) => e.name),
    event_attr_keys: eventKeys,
    event_attr_values: eventValues,
    ref_types: span.references.map((r) => r.type),
    ref_trace_ids: span.references.map((r) => r.traceId),
    ref_span_ids: span.references.map((r) => r.spanId),
    cpu_us: readCpuMicros(span.attributes),
    memory_bytes: readMemoryBytes(span.attributes),
    hop_path: readHopPath(span.attributes),
    seq,
    received_us: receivedMicros,
  };
}

export function fromSpanRow(row: SpanRow): StoredSpan {
  const traceId = row.trace_id as TraceId;
  const storedStart = Number(row.start_us);
  const noStart =
    row.missing_timing === 'start' || row.missing_timing === 'both';
  const span: Span = {
    traceId,
    spanId: row.span_id as SpanId,
    ...(row.parent_span_id === ''
      ? {}
      : { parentSpanId: row.parent_span_id as SpanId }),
    references: row.ref_types.map((type, i) => ({
      type,
      traceId: (row.ref_trace_ids[i] ?? '') as TraceId,
      spanId: (row.ref_span_ids[i] ?? '') as SpanId,
    })),
    service: row.service,
    operation: row.operation,
    kind: row.kind,
    startMicros: (noStart ? 0 : storedStart) as Micros,
    durationMicros: Number(row.duration_us) as Micros,
    ...(row.missing_timing === 'none'
      ? {}
      : { missingTiming: row.missing_timing }),
    status: row.status,
    ...(row.status_message === null
      ? {}
      : { statusMessage: row.status_message }),
    attributes: fromAttributeColumns(
      row.attr_keys,
      row.attr_values,
      row.attr_types,
    ),
    resource: fromAttributeColumns(
      row.resource_keys,
      row.resource_values,
      row.resource_types,
    ),
    events: row.events === '' ? [] : (JSON.parse(row.events) as SpanEvent[]),
    ...(row.shared === null ? {} : { shared: row.shared === 1 }),
  };
  return { span, storedStart: storedStart as Micros, seq: Number(row.seq) };
}

/** Hop CPU in µs: `pathprof.cpu_ms`, else the seed's `cpu.ms`. */
export function readCpuMicros(attributes: Attributes): number | null {
  const ms =
    readNumber(attributes[HOP_CPU_MS_ATTR]) ??
    readNumber(attributes[SEED_CPU_MS_ATTR]);
  return ms === null ? null : ms * 1000;
}

/** Hop memory in bytes: `pathprof.memory_bytes`, else the seed's `peak_mem.kb`. */
export function readMemoryBytes(attributes: Attributes): number | null {
  const bytes = readNumber(attributes[HOP_MEMORY_BYTES_ATTR]);
  if (bytes !== null) {
    return bytes;
  }
  const kb = readNumber(attributes[SEED_PEAK_MEM_KB_ATTR]);
  return kb === null ? null : kb * 1024;
}

function readNumber(value: unknown): number | null {
  const n =
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** The hop's path, `pathprof.hop_path`, when it is text. */
export function readHopPath(attributes: Attributes): string | null {
  const value = attributes[HOP_PATH_ATTR];
  return typeof value === 'string' ? value : null;
}
