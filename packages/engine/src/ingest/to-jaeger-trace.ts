/**
 * A stored trace → Jaeger's UI-model JSON (jaeger `model/json`, written by
 * `uiconv.FromDomain`): spans in the store's order (start time, parents
 * first on ties), processes deduplicated by service and tags and numbered
 * `p1`, `p2`… in order of first appearance.
 *
 * References: the primary parent first as CHILD_OF, then the other
 * references in order; FOLLOWS_FROM for `follows_from` and OTLP links, as
 * Jaeger's OTLP translator maps links. `flags` is 1 (sampled): every stored
 * span was sampled.
 */
import type {
  JaegerKeyValue,
  JaegerLog,
  JaegerReference,
  Span,
  TraceId,
  TraceSpans,
} from '@pathprof/model';
import {
  toJaegerKeyValues,
  toJaegerLogFields,
  toJaegerSpanTags,
} from './jaeger-tags.js';

/**
 * A trace id as Jaeger's v1 API writes it (jaeger-idl `model.TraceID`): 16
 * hex digits when the high 64 bits are zero, else 32.
 */
export function formatJaegerTraceId(id: TraceId): string {
  return id.startsWith('0000000000000000') ? id.slice(16) : id;
}

export interface JaegerSpanJson {
  readonly traceID: string;
  readonly spanID: string;
  readonly flags: number;
  readonly operationName: string;
  readonly references: JaegerReference[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: JaegerKeyValue[];
  readonly logs: JaegerLog[];
  readonly processID: string;
  readonly warnings: null;
}

export interface JaegerProcessJson {
  readonly serviceName: string;
  readonly tags: JaegerKeyValue[];
}

export interface JaegerTraceJson {
  readonly traceID: string;
  readonly spans: JaegerSpanJson[];
  readonly processes: Record<string, JaegerProcessJson>;
  readonly warnings: null;
}

const SAMPLED_FLAG = 1;

export function toJaegerTrace(trace: TraceSpans): JaegerTraceJson {
  const processes: Record<string, JaegerProcessJson> = {};
  const processIds = new Map<string, string>();
  const spans = trace.spans.map((span) => {
    const process: JaegerProcessJson = {
      serviceName: span.service,
      tags: toJaegerKeyValues(span.resource),
    };
    const identity = JSON.stringify(process);
    let processId = processIds.get(identity);
    if (processId === undefined) {
      processId = `p${processIds.size + 1}`;
      processIds.set(identity, processId);
      processes[processId] = process;
    }
    return toJaegerSpan(span, processId);
  });
  return {
    traceID: formatJaegerTraceId(trace.traceId),
    spans,
    processes,
    warnings: null,
  };
}

function toJaegerSpan(span: Span, processId: string): JaegerSpanJson {
  return {
    traceID: formatJaegerTraceId(span.traceId),
    spanID: span.spanId,
    flags: SAMPLED_FLAG,
    operationName: span.operation,
    references: toJaegerReferences(span),
    startTime: span.startMicros,
    duration: span.durationMicros,
    tags: toJaegerSpanTags(span),
    logs: span.events.map((event) => ({
      timestamp: event.timeMicros,
      fields: toJaegerLogFields(event),
    })),
    processID: processId,
    warnings: null,
  };
}

function toJaegerReferences(span: Span): JaegerReference[] {
  const refs: JaegerReference[] = [];
  if (span.parentSpanId !== undefined) {
    const primary = span.references.find(
      (r) => r.spanId === span.parentSpanId && r.type === 'child_of',
    );
    refs.push({
      refType: 'CHILD_OF',
      traceID: formatJaegerTraceId(primary?.traceId ?? span.traceId),
      spanID: span.parentSpanId,
    });
  }
  let primarySkipped = false;
  for (const ref of span.references) {
    if (
      !primarySkipped &&
      ref.type === 'child_of' &&
      ref.spanId === span.parentSpanId
    ) {
      primarySkipped = true;
      continue;
    }
    refs.push({
      refType: ref.type === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM',
      traceID: formatJaegerTraceId(ref.traceId),
      spanID: ref.spanId,
    });
  }
  return refs;
}
