/**
 * Checked spans → the `clickhouse-rowbinary-1` layout: `spans` rows in
 * ClickHouse's RowBinary format, in `SPAN_INSERT_COLUMNS` order, ready for
 * `INSERT INTO spans (…) FORMAT RowBinary`. Each row's `seq` (storage order)
 * is left 0 and set by the store when it appends the batch, at the offsets
 * listed in front of the rows. Pure: it runs in worker threads.
 *
 *   bytes = u32 rows (LE) · u32 offset of each row's seq, from the rows' start · rows
 */
import type { Micros, Span } from '@pathprof/model';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { prepareBatch } from '../internal/prepare-batch.js';
import type { ValueType } from './attribute-columns.js';
import { RowBinaryWriter } from './row-binary-writer.js';
import { toSpanRow } from './span-row.js';

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

export function encodeRowBinaryBatch(
  spans: readonly Span[],
  receivedMicros: Micros,
): EncodedSpanBatch {
  const prepared = prepareBatch(spans, receivedMicros);
  const w = new RowBinaryWriter();
  const seqOffsets: number[] = [];
  for (const item of prepared.spans) {
    const row = toSpanRow(item, 0);
    w.fixedString(row.trace_id, 32);
    w.fixedString(row.span_id, 16);
    w.string(row.parent_span_id);
    w.string(row.service);
    w.string(row.operation);
    w.int8(KIND[row.kind]);
    w.int8(STATUS[row.status]);
    nullableString(w, row.status_message);
    w.uint64(Number(row.start_us));
    w.uint64(Number(row.duration_us));
    w.int8(MISSING[row.missing_timing]);
    if (row.shared === null) {
      w.uint8(1);
    } else {
      w.uint8(0);
      w.uint8(row.shared);
    }
    strings(w, row.attr_keys);
    strings(w, row.attr_values);
    valueTypes(w, row.attr_types);
    strings(w, row.resource_keys);
    strings(w, row.resource_values);
    valueTypes(w, row.resource_types);
    w.string(row.events);
    strings(w, row.event_names);
    strings(w, row.event_attr_keys);
    strings(w, row.event_attr_values);
    w.varint(row.ref_types.length);
    for (const t of row.ref_types) {
      w.int8(REF_TYPE[t]);
    }
    strings(w, row.ref_trace_ids);
    strings(w, row.ref_span_ids);
    nullableFloat(w, row.cpu_us);
    nullableFloat(w, row.memory_bytes);
    nullableString(w, row.hop_path);
    seqOffsets.push(w.length);
    w.uint64(0);
    w.uint64(Number(row.received_us));
  }
  const rows = w.bytes();
  const head = 4 + 4 * seqOffsets.length;
  const bytes = new Uint8Array(head + rows.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, seqOffsets.length, true);
  seqOffsets.forEach((offset, i) => view.setUint32(4 + 4 * i, offset, true));
  bytes.set(rows, head);
  return {
    format: 'clickhouse-rowbinary-1',
    bytes,
    spanCount: seqOffsets.length,
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

function strings(w: RowBinaryWriter, values: readonly string[]): void {
  w.varint(values.length);
  for (const v of values) {
    w.string(v);
  }
}

function valueTypes(w: RowBinaryWriter, types: readonly ValueType[]): void {
  w.varint(types.length);
  for (const t of types) {
    w.int8(VALUE_TYPE[t]);
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
