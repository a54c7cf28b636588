/**
 * Checked spans → the `clickhouse-rowbinary-1` layout: `spans` rows in
 * ClickHouse's RowBinary format, in `SPAN_INSERT_COLUMNS` order, ready for
 * `INSERT INTO spans (…) FORMAT RowBinary`. Each row's `seq` (storage order)
 * is left 0 and set by the store when it appends the batch, at the offsets
 * listed in front of the rows. Pure: it runs in worker threads.
 *
 *   bytes = u32 rows (LE) · u32 offset of each row's seq, from the rows' start · rows
 */
import type { Attributes, Micros, Span, SpanEvent } from '@pathprof/model';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { prepareBatch } from '../internal/prepare-batch.js';
import { toValueText } from './attribute-columns.js';
import type { ValueType } from './attribute-columns.js';
import { RowBinaryWriter } from './row-binary-writer.js';
import { readCpuMicros, readHopPath, readMemoryBytes } from './span-row.js';

/** The columns a RowBinary batch holds, in order. */
export const SPAN_INSERT_COLUMNS = [
  'trace_id',
  'span_id',
  'parent_span_id',
  'service',
  'operation',
  'kind',
  'status',
  'status_message',
  'start_us',
  'duration_us',
  'missing_timing',
  'shared',
  'attr_keys',
  'attr_values',
  'attr_types',
  'resource_keys',
  'resource_values',
  'resource_types',
  'events',
  'event_names',
  'event_attr_keys',
  'event_attr_values',
  'ref_types',
  'ref_trace_ids',
  'ref_span_ids',
  'cpu_us',
  'memory_bytes',
  'hop_path',
  'seq',
  'received_us',
] as const;

const KIND = {
  unspecified: 0,
  internal: 1,
  server: 2,
  client: 3,
  producer: 4,
  consumer: 5,
} as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;
const MISSING = { none: 0, start: 1, duration: 2, both: 3 } as const;
const VALUE_TYPE: Record<ValueType, number> = {
  string: 0,
  number: 1,
  boolean: 2,
  array: 3,
};
const REF_TYPE = { child_of: 0, follows_from: 1, link: 2 } as const;

/**
 * Where batches are written before they are copied out, kept from call to
 * call (the function is synchronous) unless a huge batch made it grow past
 * `MAX_KEPT_SCRATCH_BYTES`.
 */
let scratch = new RowBinaryWriter();
const MAX_KEPT_SCRATCH_BYTES = 8 * 1024 * 1024;

export function encodeRowBinaryBatch(
  spans: readonly Span[],
  receivedMicros: Micros,
): EncodedSpanBatch {
  const prepared = prepareBatch(spans, receivedMicros);
  const rows = prepared.spans.length;
  const head = 4 + 4 * rows;
  const w = scratch;
  w.reset(head);
  const seqOffsets: number[] = [];
  // Written straight from the span, column by column as `toSpanRow` lays
  // them out, without building the row: this runs once per span received.
  for (const { span, storedStart } of prepared.spans) {
    w.fixedString(span.traceId, 32);
    w.fixedString(span.spanId, 16);
    w.string(span.parentSpanId ?? '');
    w.string(span.service);
    w.string(span.operation);
    w.int8(KIND[span.kind]);
    w.int8(STATUS[span.status]);
    nullableString(w, span.statusMessage ?? null);
    w.uint64(storedStart);
    w.uint64(span.durationMicros);
    w.int8(MISSING[span.missingTiming ?? 'none']);
    if (span.shared === undefined) {
      w.uint8(1);
    } else {
      w.uint8(0);
      w.uint8(span.shared ? 1 : 0);
    }
    attributeColumns(w, span.attributes);
    attributeColumns(w, span.resource);
    events(w, span.events);
    const refs = span.references;
    w.varint(refs.length);
    for (const r of refs) {
      w.int8(REF_TYPE[r.type]);
    }
    w.varint(refs.length);
    for (const r of refs) {
      w.string(r.traceId);
    }
    w.varint(refs.length);
    for (const r of refs) {
      w.string(r.spanId);
    }
    nullableFloat(w, readCpuMicros(span.attributes));
    nullableFloat(w, readMemoryBytes(span.attributes));
    nullableString(w, readHopPath(span.attributes));
    seqOffsets.push(w.length - head);
    w.uint64(0);
    w.uint64(receivedMicros);
  }
  // The batch's own bytes, exactly as long as they are: they may be
  // transferred to another thread and wait in queues that count them.
  const bytes = new Uint8Array(w.length);
  bytes.set(w.bytes());
  if (w.capacity > MAX_KEPT_SCRATCH_BYTES) {
    scratch = new RowBinaryWriter();
  }
  const view = new DataView(bytes.buffer);
  view.setUint32(0, rows, true);
  seqOffsets.forEach((offset, i) => view.setUint32(4 + 4 * i, offset, true));
  return {
    format: 'clickhouse-rowbinary-1',
    bytes,
    spanCount: rows,
    receivedMicros,
    result: prepared.result,
  };
}

/**
 * The rows of a RowBinary batch with each row's `seq` set, numbering from
 * `firstSeq` up; writes into the batch's own bytes.
 */
export function sealRowBinaryBatch(
  bytes: Uint8Array,
  firstSeq: number,
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows = view.getUint32(0, true);
  const start = 4 + 4 * rows;
  for (let i = 0; i < rows; i++) {
    const at = start + view.getUint32(4 + 4 * i, true);
    const seq = firstSeq + i;
    const low = seq % 0x100000000;
    view.setUint32(at, low, true);
    view.setUint32(at + 4, (seq - low) / 0x100000000, true);
  }
  return bytes.subarray(start);
}

/** Keys, values as text and value types: `toAttributeColumns` written in place. */
function attributeColumns(w: RowBinaryWriter, attributes: Attributes): void {
  const keys = Object.keys(attributes);
  w.varint(keys.length);
  for (const key of keys) {
    w.string(key);
  }
  w.varint(keys.length);
  for (const key of keys) {
    const value = attributes[key]!;
    w.string(typeof value === 'string' ? value : toValueText(value));
  }
  w.varint(keys.length);
  for (const key of keys) {
    const value = attributes[key]!;
    w.int8(
      typeof value === 'string'
        ? VALUE_TYPE.string
        : Array.isArray(value)
          ? VALUE_TYPE.array
          : VALUE_TYPE[typeof value as 'number' | 'boolean'],
    );
  }
}

/** `events` (JSON), `event_names`, `event_attr_keys`, `event_attr_values`. */
function events(w: RowBinaryWriter, list: readonly SpanEvent[]): void {
  if (list.length === 0) {
    w.uint8(0);
    w.uint8(0);
    w.uint8(0);
    w.uint8(0);
    return;
  }
  w.string(JSON.stringify(list));
  w.varint(list.length);
  for (const e of list) {
    w.string(e.name);
  }
  const keys: string[] = [];
  const values: string[] = [];
  for (const e of list) {
    for (const [key, value] of Object.entries(e.attributes)) {
      keys.push(key);
      values.push(toValueText(value));
    }
  }
  strings(w, keys);
  strings(w, values);
}

function strings(w: RowBinaryWriter, values: readonly string[]): void {
  w.varint(values.length);
  for (const v of values) {
    w.string(v);
  }
}

function nullableString(w: RowBinaryWriter, value: string | null): void {
  if (value === null) {
    w.uint8(1);
  } else {
    w.uint8(0);
    w.string(value);
  }
}

function nullableFloat(w: RowBinaryWriter, value: number | null): void {
  if (value === null) {
    w.uint8(1);
  } else {
    w.uint8(0);
    w.float64(value);
  }
}
