/**
 * Builders for store tests: `span({ trace: 't1', id: 'a', parent: 'root', ... })`
 * makes a valid model span with short readable ids (hex-encoded), times in µs.
 */
import type {
  Attributes,
  Span,
  SpanEvent,
  SpanId,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceId,
  TraceSpans,
} from '@pathprof/model';

/** A stable 32-digit trace id from a short name. */
export function tid(name: string): TraceId {
  return hex(name).padStart(32, '0') as TraceId;
}

/** A stable 16-digit span id from a short name. */
export function sid(name: string): SpanId {
  return hex(name).slice(-16).padStart(16, '0') as SpanId;
}

function hex(name: string): string {
  let out = '';
  for (const ch of name) {
    out += ch.charCodeAt(0).toString(16).padStart(2, '0');
  }
  return out;
}

export interface SpanSpec {
  trace?: string;
  id: string;
  parent?: string;
  service?: string;
  op?: string;
  kind?: SpanKind;
  start: number;
  dur: number;
  status?: SpanStatus;
  statusMessage?: string;
  attrs?: Attributes;
  resource?: Attributes;
  events?: SpanEvent[];
  references?: SpanRef[];
  shared?: boolean;
  missingTiming?: Span['missingTiming'];
}

/** Base instant of test data: 2024-05-01T00:00:00Z in µs. */
export const T0 = Date.UTC(2024, 4, 1) * 1000;

export function span(spec: SpanSpec): Span {
  const traceId = tid(spec.trace ?? 't1');
  const parentSpanId = spec.parent === undefined ? undefined : sid(spec.parent);
  return {
    traceId,
    spanId: sid(spec.id),
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references:
      spec.references ??
      (parentSpanId === undefined
        ? []
        : [{ type: 'child_of', traceId, spanId: parentSpanId }]),
    service: spec.service ?? 'svc-a',
    operation: spec.op ?? 'op',
    kind: spec.kind ?? 'server',
    startMicros: spec.start,
    durationMicros: spec.dur,
    ...(spec.missingTiming === undefined
      ? {}
      : { missingTiming: spec.missingTiming }),
    status: spec.status ?? 'unset',
    ...(spec.statusMessage === undefined
      ? {}
      : { statusMessage: spec.statusMessage }),
    attributes: spec.attrs ?? {},
    resource: spec.resource ?? {},
    events: spec.events ?? [],
    ...(spec.shared === undefined ? {} : { shared: spec.shared }),
  };
}

/** `traceId: spanId spanId …` per trace, with ids shortened back to names. */
export function dumpTraces(traces: readonly TraceSpans[]): string[] {
  return traces.map(
    (t) =>
      `${name(t.traceId)}: ${t.spans.map((s) => name(s.spanId)).join(' ')}`,
  );
}

/** Decodes an id made by `tid`/`sid` back to its name. */
export function name(id: string): string {
  const digits = id.replace(/^0+/, '');
  const even = digits.length % 2 === 0 ? digits : `0${digits}`;
  let out = '';
  for (let i = 0; i < even.length; i += 2) {
    out += String.fromCharCode(parseInt(even.slice(i, i + 2), 16));
  }
  return out;
}
