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
import { TSV_QUOTE, TsvRowWriter } from './tsv-row-writer.js';

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

export { TSV_QUOTE };

/** A row's usual size in bytes, to size the first buffer. */
const ROW_BYTES_GUESS = 1024;

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
  const rows = new TsvRowWriter(write.spans.length * ROW_BYTES_GUESS);
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
    writeRow(rows, span, storedStart, resource.index, receivedMicros);
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
    m: rows.longestRow,
  };
  const headerBytes = encoder.encode(JSON.stringify(header));
  const body = rows.bytes();
  const bytes = new Uint8Array(4 + headerBytes.length + body.length);
  new DataView(bytes.buffer).setUint32(0, headerBytes.length, true);
  bytes.set(headerBytes, 4);
  bytes.set(body, 4 + headerBytes.length);
  return {
    format: 'duckdb-tsv-1',
    bytes,
    spanCount: rows.rows,
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

/** One span's row; times and the resource index are whole numbers ≥ 0 (prepare-batch.ts checks them). */
function writeRow(
  rows: TsvRowWriter,
  span: Span,
  storedStart: Micros,
  resourceIndex: number,
  receivedMicros: Micros,
): void {
  const cpu = hopCpuMicros(span.attributes);
  const memory = hopMemoryBytes(span.attributes);
  rows.ascii(span.traceId).tab().ascii(span.spanId).tab();
  if (span.parentSpanId !== undefined) {
    rows.ascii(span.parentSpanId);
  }
  rows.tab().text(span.service).tab().text(span.operation).tab();
  rows.ascii(span.kind).tab().ascii(span.status).tab();
  if (span.statusMessage !== undefined) {
    rows.text(span.statusMessage);
  }
  rows.tab().wholeNumber(storedStart).tab();
  rows.wholeNumber(span.durationMicros).tab();
  if (span.missingTiming !== undefined) {
    rows.raw(span.missingTiming);
  }
  rows.tab();
  if (span.shared === true) {
    rows.ascii('true');
  }
  rows.tab().wholeNumber(resourceIndex).tab();
  rows.raw(encodeJson(span.attributes)).tab();
  if (span.events.length > 0) {
    rows.raw(encodeJson(span.events));
  }
  rows.tab();
  if (!hasDefaultRefs(span)) {
    rows.raw(encodeJson(span.references));
  }
  rows.tab();
  if (cpu !== undefined) {
    rows.number(cpu);
  }
  rows.tab();
  if (memory !== undefined) {
    rows.number(memory);
  }
  rows.tab().wholeNumber(receivedMicros);
  rows.endRow();
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
