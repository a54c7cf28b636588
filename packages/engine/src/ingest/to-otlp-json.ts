/**
 * Stored spans → OTLP JSON (`{resourceSpans}`) as Jaeger's api_v3 writes it
 * with jsonpb: hex ids, int64 values and nanosecond times as decimal
 * strings, enums as numbers, empty and zero fields left out, one resource
 * per service and resource attributes (first-appearance order) with one
 * empty scope. Attributes are sorted by key, as Jaeger's adjusters sort
 * them. The primary parent becomes `parentSpanId`; every other reference
 * becomes a link. Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import type {
  AttributeValue,
  Attributes,
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpResourceSpans,
  OtlpSpan,
  Span,
} from '@pathprof/model';
import { SPAN_KINDS } from '@pathprof/model';

export interface OtlpTracesJson {
  readonly resourceSpans: OtlpResourceSpans[];
}

export function toOtlpJson(spans: Iterable<Span>): OtlpTracesJson {
  const groups = new Map<string, { resource: Attributes; spans: OtlpSpan[] }>();
  for (const span of spans) {
    const resource = { 'service.name': span.service, ...span.resource };
    const identity = JSON.stringify(sortedEntries(resource));
    let group = groups.get(identity);
    if (group === undefined) {
      group = { resource, spans: [] };
      groups.set(identity, group);
    }
    group.spans.push(toOtlpSpan(span));
  }
  return {
    resourceSpans: [...groups.values()].map((g) => ({
      resource: { attributes: toOtlpKeyValues(g.resource) },
      scopeSpans: [{ scope: {}, spans: g.spans }],
    })),
  };
}

function toOtlpSpan(span: Span): OtlpSpan {
  const parent =
    span.parentSpanId ??
    span.references.find(
      (r) => r.type === 'child_of' && r.traceId === span.traceId,
    )?.spanId;
  let parentSkipped = false;
  const links = span.references
    .filter((r) => {
      if (!parentSkipped && r.type === 'child_of' && r.spanId === parent) {
        parentSkipped = true;
        return false;
      }
      return true;
    })
    .map((r) => ({ traceId: r.traceId, spanId: r.spanId }));
  const out: OtlpSpan = {
    traceId: span.traceId,
    spanId: span.spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    name: span.operation,
    ...(span.kind === 'unspecified'
      ? {}
      : { kind: SPAN_KINDS.indexOf(span.kind) }),
    startTimeUnixNano: toNanosText(span.startMicros),
    endTimeUnixNano: toNanosText(span.startMicros + span.durationMicros),
  };
  const attributes = toOtlpKeyValues(span.attributes);
  if (attributes.length > 0) {
    out.attributes = attributes;
  }
  if (span.events.length > 0) {
    out.events = span.events.map((e) => {
      const eventAttributes = toOtlpKeyValues(e.attributes);
      return {
        timeUnixNano: toNanosText(e.timeMicros),
        ...(e.name === '' ? {} : { name: e.name }),
        ...(eventAttributes.length === 0
          ? {}
          : { attributes: eventAttributes }),
      };
    });
  }
  if (links.length > 0) {
    out.links = links;
  }
  out.status = {
    ...(span.statusMessage === undefined || span.statusMessage === ''
      ? {}
      : { message: span.statusMessage }),
    ...(span.status === 'unset' ? {} : { code: span.status === 'ok' ? 1 : 2 }),
  };
  return out;
}

function toOtlpKeyValues(attributes: Attributes): OtlpKeyValue[] {
  return sortedEntries(attributes).map(([key, value]) => ({
    key,
    value: toOtlpAnyValue(value),
  }));
}

function toOtlpAnyValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') {
    return { stringValue: value };
  }
  if (typeof value === 'boolean') {
    return { boolValue: value };
  }
  if (typeof value === 'number') {
    return Number.isSafeInteger(value)
      ? { intValue: String(value) }
      : { doubleValue: value };
  }
  return { arrayValue: { values: value.map(toOtlpAnyValue) } };
}

function sortedEntries(attributes: Attributes): [string, AttributeValue][] {
  return Object.entries(attributes).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/** µs → ns as a decimal string, exactly: ns since the epoch exceed 2^53. */
function toNanosText(micros: number): string {
  return (BigInt(Math.round(micros)) * 1000n).toString();
}
