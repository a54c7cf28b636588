/**
 * Checked spans → the `duckdb-tsv-1` layout: what DuckDB's CSV reader loads
 * into `spans` in bulk (`load-batches.ts`), with no span object touched on
 * the store's thread. Pure: it runs in worker threads.
 *
 *   bytes = u32 (header length, LE) · header (JSON) · rows (TSV)
 *   header = { t: traces, o: operations, r: resources, m: longest row }
 *     t: [trace id, first start, last end, spans, root service|null,
 *         root operation|null, latest receive time][]
 *     o: [service, operation, kind, last seen][]
 *     r: [resource JSON without service.name, last seen][]
 *   row  = the columns of `TSV_COLUMNS`, tab-separated, one line per span
 *
 * Text: a field is written as is unless it is empty or holds a tab, a line
 * break or U+0001; then it is quoted with U+0001, which is doubled inside.
 * An unquoted empty field is NULL. JSON text never needs quoting (control
 * characters are escaped in it), nor do ids, kinds and numbers.
 */
import {
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type { Attributes, AttributeValue, Micros, Span } from '@pathprof/model';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { prepareBatch, summariseWrite } from '../internal/prepare-batch.js';

/** The columns of a row, in order: `spans`' columns with a batch-local resource index. */
export const TSV_COLUMNS = [
  ['trace_id', 'VARCHAR'],
  ['span_id', 'VARCHAR'],
  ['parent_span_id', 'VARCHAR'],
  ['service', 'VARCHAR'],
  ['operation', 'VARCHAR'],
  ['kind', 'VARCHAR'],
  ['status', 'VARCHAR'],
  ['status_message', 'VARCHAR'],
  ['start_us', 'BIGINT'],
  ['duration_us', 'BIGINT'],
  ['missing_timing', 'VARCHAR'],
  ['shared', 'BOOLEAN'],
  ['resource_index', 'INTEGER'],
  ['attributes', 'VARCHAR'],
  ['events', 'VARCHAR'],
  ['refs', 'VARCHAR'],
  ['cpu_us', 'DOUBLE'],
  ['memory_bytes', 'DOUBLE'],
  ['received_us', 'BIGINT'],
] as const;

/** The quote (and escape) character of the rows. */
export const TSV_QUOTE = '\u0001';

export type TraceTuple = [
  traceId: string,
  startMicros: Micros,
  endMicros: Micros,
  spanCount: number,
  rootService: string | null,
  rootOperation: string | null,
  receivedMicros: Micros,
];
export type OperationTuple = [
  service: string,
  operation: string,
  kind: string,
  lastSeenMicros: Micros,
];
export type ResourceTuple = [json: string, lastSeenMicros: Micros];

export interface DuckDbBatchHeader {
  readonly t: TraceTuple[];
  readonly o: OperationTuple[];
  readonly r: ResourceTuple[];
  /** Bytes of the longest row, for the reader's line limit. */
  readonly m: number;
}

/**
 * Thrown when a span's attributes, events or references cannot be written as
 * JSON (a value outside the model's types, such as a bigint or a cycle).
 */
export class SpanEncodeError extends Error {
  override readonly name = 'SpanEncodeError';
}

const encoder = new TextEncoder();

export function encodeDuckDbBatch(
  spans: readonly Span[],
  receivedMicros: Micros,
): EncodedSpanBatch {
  const prepared = prepareBatch(spans, receivedMicros);
  const write = summariseWrite([prepared.spans]);
  const resources = new Map<string, ResourceTuple & { index: number }>();
  const resourceJson = new Map<Attributes, string>();
  const rows: string[] = [];
  let longest = 0;
  for (const { span, storedStart } of write.spans) {
    let json = resourceJson.get(span.resource);
    if (json === undefined) {
      json = encodeJson(span.resource);
      resourceJson.set(span.resource, json);
    }
    let resource = resources.get(json);
    if (resource === undefined) {
      resource = Object.assign([json, storedStart] as ResourceTuple, {
        index: resources.size,
      });
      resources.set(json, resource);
    } else if (storedStart > resource[1]) {
      resource[1] = storedStart;
    }
    const row = encodeRow(span, storedStart, resource.index, receivedMicros);
    longest = Math.max(longest, row.length);
    rows.push(row);
  }
  const header: DuckDbBatchHeader = {
    t: [...write.traces].map(([id, t]) => [
      id,
      t.startMicros,
      t.endMicros,
      t.spanCount,
      t.rootService ?? null,
      t.rootOperation ?? null,
      t.receivedMicros,
    ]),
    o: write.operations.map((op) => [
      op.service,
      op.operation,
      op.kind,
      op.lastSeenMicros,
    ]),
    r: [...resources.values()].map(([json, lastSeen]) => [json, lastSeen]),
    // UTF-16 length × 3 bounds the UTF-8 bytes.
    m: longest * 3 + 1,
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const body = encoder.encode(rows.length === 0 ? '' : `${rows.join('\n')}\n`);
  const bytes = new Uint8Array(4 + headerBytes.length + body.length);
  new DataView(bytes.buffer).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  bytes.set(body, 4 + headerBytes.length);
  return {
    format: 'duckdb-tsv-1',
    bytes,
    spanCount: rows.length,
    receivedMicros,
    result: prepared.result,
  };
}

/** The header of a `duckdb-tsv-1` batch and where its rows start. */
export function readDuckDbBatchHeader(bytes: Uint8Array): {
  readonly header: DuckDbBatchHeader;
  readonly rowsStart: number;
} {
  const length = new DataView(
    bytes.buffer,
    bytes.byteOffset,
    bytes.byteLength,
  ).getUint32(0, true);
  const text = new TextDecoder().decode(bytes.subarray(4, 4 + length));
  return {
    header: JSON.parse(text) as DuckDbBatchHeader,
    rowsStart: 4 + length,
  };
}

function encodeRow(
  span: Span,
  storedStart: Micros,
  resourceIndex: number,
  receivedMicros: Micros,
): string {
  const attributes = encodeJson(span.attributes);
  const events = span.events.length === 0 ? '' : encodeJson(span.events);
  const refs = hasDefaultRefs(span) ? '' : encodeJson(span.references);
  const cpu = hopCpuMicros(span.attributes);
  const memory = hopMemoryBytes(span.attributes);
  return (
    span.traceId +
    '\t' +
    span.spanId +
    '\t' +
    (span.parentSpanId ?? '') +
    '\t' +
    text(span.service) +
    '\t' +
    text(span.operation) +
    '\t' +
    span.kind +
    '\t' +
    span.status +
    '\t' +
    (span.statusMessage === undefined ? '' : text(span.statusMessage)) +
    '\t' +
    String(storedStart) +
    '\t' +
    String(span.durationMicros) +
    '\t' +
    (span.missingTiming ?? '') +
    '\t' +
    (span.shared === true ? 'true' : '') +
    '\t' +
    String(resourceIndex) +
    '\t' +
    attributes +
    '\t' +
    events +
    '\t' +
    refs +
    '\t' +
    (cpu === undefined ? '' : String(cpu)) +
    '\t' +
    (memory === undefined ? '' : String(memory)) +
    '\t' +
    String(Math.round(receivedMicros))
  );
}

function encodeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new SpanEncodeError('a span cannot be encoded as JSON', {
      cause: err,
    });
  }
}

/** A text field: as is, or quoted when empty or holding a separator or the quote. */
function text(value: string): string {
  if (value === '') {
    return TSV_QUOTE + TSV_QUOTE;
  }
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 9 || c === 10 || c === 13 || c === 1) {
      return (
        TSV_QUOTE +
        value.replaceAll(TSV_QUOTE, TSV_QUOTE + TSV_QUOTE) +
        TSV_QUOTE
      );
    }
  }
  return value;
}

/** References that only repeat the parent (or none without one) are stored as NULL. */
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
