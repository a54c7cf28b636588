/**
 * Model span → `spans` row, through DuckDB's appender: one value per column in
 * `SPAN_COLUMNS` order. What the row leaves out is rebuilt exactly on reading
 * (`span-rows.ts`): empty events are NULL, and references that only repeat the
 * parent (the common case) are NULL.
 */
import type { DuckDBAppender } from '@duckdb/node-api';
import {
  HOP_CPU_MS_ATTR,
  HOP_MEMORY_BYTES_ATTR,
  SEED_CPU_MS_ATTR,
  SEED_PEAK_MEM_KB_ATTR,
} from '@pathprof/model';
import type { Attributes, AttributeValue, Span } from '@pathprof/model';
import type { PreparedSpan } from '../internal/prepare-batch.js';

/**
 * Thrown when a span's attributes, events or references cannot be written as
 * JSON (a value outside the model's types, such as a bigint or a cycle).
 */
export class SpanEncodeError extends Error {
  override readonly name = 'SpanEncodeError';
}

/**
 * Appends one `spans` row. The JSON columns are encoded here, just before
 * their row is appended, rather than when `appendSpans` is called: strings
 * that die at once stay in V8's young generation, where collecting them is
 * nearly free, while strings kept across a commit are copied into the old
 * one (about 1.5 µs of garbage collection per span on the bench's spans).
 * Times go in as doubles, which the appender converts to the BIGINT
 * columns exactly (they are whole numbers below 2^53), sparing two bigints
 * per row.
 */
export function appendSpanRow(
  appender: DuckDBAppender,
  row: PreparedSpan,
  resourceId: number,
): void {
  const { span } = row;
  let attributesJson: string;
  let eventsJson: string | undefined;
  let refsJson: string | undefined;
  try {
    attributesJson = JSON.stringify(span.attributes);
    eventsJson =
      span.events.length === 0 ? undefined : JSON.stringify(span.events);
    refsJson = hasDefaultRefs(span)
      ? undefined
      : JSON.stringify(span.references);
  } catch (err) {
    throw new SpanEncodeError('a span cannot be encoded as JSON', {
      cause: err,
    });
  }
  appender.appendVarchar(span.traceId);
  appender.appendVarchar(span.spanId);
  appendOptionalText(appender, span.parentSpanId);
  appender.appendVarchar(span.service);
  appender.appendVarchar(span.operation);
  appender.appendVarchar(span.kind);
  appender.appendVarchar(span.status);
  appendOptionalText(appender, span.statusMessage);
  appender.appendDouble(row.storedStart);
  appender.appendDouble(span.durationMicros);
  appendOptionalText(appender, span.missingTiming);
  if (span.shared === true) {
    appender.appendBoolean(true);
  } else {
    appender.appendNull();
  }
  appender.appendInteger(resourceId);
  appender.appendVarchar(attributesJson);
  appendOptionalText(appender, eventsJson);
  appendOptionalText(appender, refsJson);
  appendOptionalNumber(appender, hopCpuMicros(span.attributes));
  appendOptionalNumber(appender, hopMemoryBytes(span.attributes));
  appender.appendDouble(row.receivedMicros);
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
