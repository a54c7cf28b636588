/**
 * Turns one `appendSpans` call into what adapters write: valid spans only, the
 * call's own duplicates dropped, each span's storage start (`prepareBatch`);
 * then, for one or more calls written together, the spans in time order with
 * per-trace and per-operation aggregates (`summariseWrite`).
 *
 * Storage start: a span whose source gave no start (`missingTiming` `start` or
 * `both`, stored by the model as 0) is placed at the earliest timed start of its
 * trace in the batch, else of the batch, else at its receive time. It is returned
 * with `startMicros` 0 as given, but sorts, searches and ages by that placement,
 * so it stays with its trace instead of at 1970.
 */
import type { Micros, Span, SpanKind, SpanStatus } from '@pathprof/model';
import { SPAN_KINDS } from '@pathprof/model';
import type { AppendResult } from '../span-store.js';
import { spanKey } from './span-key.js';

export interface PreparedSpan {
  readonly span: Span;
  readonly storedStart: Micros;
  /** When the call that stored it received it (retention counts from it). */
  readonly receivedMicros: Micros;
}

export interface TraceDelta {
  startMicros: Micros;
  endMicros: Micros;
  /** The latest receive time of the trace's spans in the write. */
  receivedMicros: Micros;
  spanCount: number;
  rootService: string | undefined;
  rootOperation: string | undefined;
}

export interface OperationDelta {
  readonly service: string;
  readonly operation: string;
  readonly kind: SpanKind;
  lastSeenMicros: Micros;
}

/** One call's spans, checked. */
export interface PreparedBatch {
  readonly spans: readonly PreparedSpan[];
  readonly result: AppendResult;
}

/** What one write stores: the spans of one or more calls, and their aggregates. */
export interface WriteSet<T extends PreparedSpan = PreparedSpan> {
  /** Sorted by storage start (stable), which keeps time zone maps tight. */
  readonly spans: readonly T[];
  readonly traces: ReadonlyMap<string, TraceDelta>;
  readonly operations: readonly OperationDelta[];
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
const KINDS = new Set<SpanKind>(SPAN_KINDS);
const STATUSES = new Set<SpanStatus>(['unset', 'ok', 'error']);

export function prepareBatch(
  input: readonly Span[],
  receivedMicros: Micros,
): PreparedBatch {
  const valid: Span[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let rejected = 0;
  let rejectedMessage: string | undefined;
  for (const span of input) {
    const problem = findProblem(span);
    if (problem !== null) {
      rejected++;
      rejectedMessage ??= problem;
      continue;
    }
    const key = span.traceId + spanKey(span);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    valid.push(wholeMicros(span));
  }

  const timedStart = new Map<string, Micros>();
  let batchStart = Infinity;
  for (const span of valid) {
    if (hasStart(span)) {
      const prev = timedStart.get(span.traceId);
      if (prev === undefined || span.startMicros < prev) {
        timedStart.set(span.traceId, span.startMicros);
      }
      batchStart = Math.min(batchStart, span.startMicros);
    }
  }
  const fallback = Number.isFinite(batchStart) ? batchStart : receivedMicros;

  const spans: PreparedSpan[] = valid.map((span) => ({
    span,
    storedStart: hasStart(span)
      ? span.startMicros
      : (timedStart.get(span.traceId) ?? fallback),
    receivedMicros,
  }));
  return {
    spans,
    result: {
      stored: spans.length,
      duplicates,
      rejected,
      ...(rejectedMessage === undefined ? {} : { rejectedMessage }),
    },
  };
}

/** Sorts the spans of one or more prepared calls and aggregates them per trace and operation. */
export function summariseWrite<T extends PreparedSpan>(
  batches: readonly (readonly T[])[],
): WriteSet<T> {
  const spans = batches.length === 1 ? [...batches[0]!] : batches.flat();
  spans.sort((a, b) => a.storedStart - b.storedStart);
  const traces = new Map<string, TraceDelta>();
  const operations = new Map<string, OperationDelta>();
  for (const { span, storedStart, receivedMicros } of spans) {
    const end = storedStart + span.durationMicros;
    const isRoot = span.parentSpanId === undefined;
    const t = traces.get(span.traceId);
    if (t === undefined) {
      traces.set(span.traceId, {
        startMicros: storedStart,
        endMicros: end,
        receivedMicros,
        spanCount: 1,
        rootService: isRoot ? span.service : undefined,
        rootOperation: isRoot ? span.operation : undefined,
      });
    } else {
      t.endMicros = Math.max(t.endMicros, end);
      t.receivedMicros = Math.max(t.receivedMicros, receivedMicros);
      t.spanCount++;
      if (isRoot && t.rootService === undefined) {
        t.rootService = span.service;
        t.rootOperation = span.operation;
      }
    }
    const opKey = `${span.service}\u0000${span.operation}\u0000${span.kind}`;
    const op = operations.get(opKey);
    if (op === undefined) {
      operations.set(opKey, {
        service: span.service,
        operation: span.operation,
        kind: span.kind,
        lastSeenMicros: storedStart,
      });
    } else {
      op.lastSeenMicros = Math.max(op.lastSeenMicros, storedStart);
    }
  }
  return { spans, traces, operations: [...operations.values()] };
}

/** Times are stored as whole microseconds; a fractional one is rounded. */
function wholeMicros(span: Span): Span {
  return Number.isInteger(span.startMicros) &&
    Number.isInteger(span.durationMicros)
    ? span
    : {
        ...span,
        startMicros: Math.round(span.startMicros),
        durationMicros: Math.round(span.durationMicros),
      };
}

function hasStart(span: Span): boolean {
  return span.missingTiming !== 'start' && span.missingTiming !== 'both';
}

/** Why a span cannot be stored, or null. Messages never quote span contents. */
function findProblem(span: Span): string | null {
  if (typeof span !== 'object' || span === null) {
    return 'a span is not an object';
  }
  if (
    typeof span.traceId !== 'string' ||
    !TRACE_ID.test(span.traceId) ||
    ZERO.test(span.traceId)
  ) {
    return 'traceId must be 32 lowercase hex digits, not all zero';
  }
  if (
    typeof span.spanId !== 'string' ||
    !SPAN_ID.test(span.spanId) ||
    ZERO.test(span.spanId)
  ) {
    return 'spanId must be 16 lowercase hex digits, not all zero';
  }
  if (
    span.parentSpanId !== undefined &&
    (typeof span.parentSpanId !== 'string' || !SPAN_ID.test(span.parentSpanId))
  ) {
    return 'parentSpanId must be 16 lowercase hex digits';
  }
  if (typeof span.service !== 'string' || typeof span.operation !== 'string') {
    return 'service and operation must be strings';
  }
  if (!isTime(span.startMicros) || !isTime(span.durationMicros)) {
    return 'startMicros and durationMicros must be finite numbers of at least 0';
  }
  if (!KINDS.has(span.kind) || !STATUSES.has(span.status)) {
    return 'kind or status is not one of the model values';
  }
  if (
    !isObject(span.attributes) ||
    !isObject(span.resource) ||
    !Array.isArray(span.events) ||
    !Array.isArray(span.references)
  ) {
    return 'attributes, resource, events and references must be present';
  }
  return null;
}

function isTime(value: unknown): boolean {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    value <= Number.MAX_SAFE_INTEGER
  );
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
