/**
 * Jaeger query-API JSON trace → spans. Service names come from
 * `processes[processID].serviceName` (or an embedded `process`); the span kind
 * from the `span.kind` tag; status from `error`/`otel.status_code` tags.
 */
import { parseLenientSpanId, parseLenientTraceId } from '@pathprof/model';
import type {
  AttributeValue,
  Attributes,
  JaegerKeyValue,
  JaegerProcess,
  JaegerSpan,
  JaegerTrace,
  Span,
  SpanEvent,
  SpanRef,
  TraceId,
} from '@pathprof/model';
import type { DecodedSpans } from './decode-result.js';
import {
  jaegerTagValue,
  kindFromTags,
  statusFromTags,
  toNumber,
} from './jaeger-span-fields.js';

export function decodeJaegerTrace(trace: JaegerTrace): DecodedSpans {
  const spans: Span[] = [];
  let rejected = 0;
  const warnings: DecodedSpans['warnings'] = [];
  const processes = isObject(trace.processes) ? trace.processes : {};
  const traceIds = new TraceIdCache();
  const resources = new Map<
    string,
    { service: string; resource: Attributes }
  >();
  const spanList = Array.isArray(trace.spans) ? trace.spans : [];
  for (const raw of spanList) {
    const span = isObject(raw)
      ? decodeJaegerSpan(traceIds, raw, processes, resources)
      : null;
    if (span === null) {
      rejected++;
      warnings.push({
        code: 'invalid-span',
        traceId: String(trace.traceID ?? ''),
        message: 'a span without a valid traceID/spanID was skipped',
      });
      continue;
    }
    spans.push(span);
  }
  return { spans, rejected, warnings };
}

function decodeJaegerSpan(
  traceIds: TraceIdCache,
  raw: JaegerSpan,
  processes: Record<string, JaegerProcess>,
  resources: Map<string, { service: string; resource: Attributes }>,
): Span | null {
  const traceId =
    typeof raw.traceID === 'string' ? traceIds.parse(raw.traceID) : null;
  const spanId =
    typeof raw.spanID === 'string' ? parseLenientSpanId(raw.spanID) : null;
  if (traceId === null || spanId === null) {
    return null;
  }
  const processId = typeof raw.processID === 'string' ? raw.processID : '';
  let proc = resources.get(processId);
  if (proc === undefined || raw.process !== undefined) {
    const p = raw.process ?? processes[processId];
    proc = {
      service:
        isObject(p) && typeof p.serviceName === 'string'
          ? p.serviceName
          : 'unknown',
      resource: isObject(p) ? tagsToAttributes(p.tags) : {},
    };
    if (raw.process === undefined) {
      resources.set(processId, proc);
    }
  }
  const references: SpanRef[] = [];
  if (Array.isArray(raw.references)) {
    for (const ref of raw.references) {
      if (!isObject(ref)) {
        continue;
      }
      const refTrace =
        typeof ref.traceID === 'string' ? traceIds.parse(ref.traceID) : null;
      const refSpan =
        typeof ref.spanID === 'string' ? parseLenientSpanId(ref.spanID) : null;
      if (refTrace !== null && refSpan !== null) {
        references.push({
          type: ref.refType === 'FOLLOWS_FROM' ? 'follows_from' : 'child_of',
          traceId: refTrace,
          spanId: refSpan,
        });
      }
    }
  }
  const parentSpanId =
    typeof raw.parentSpanID === 'string'
      ? (parseLenientSpanId(raw.parentSpanID) ?? undefined)
      : undefined;
  if (
    parentSpanId !== undefined &&
    !references.some((r) => r.spanId === parentSpanId)
  ) {
    references.unshift({ type: 'child_of', traceId, spanId: parentSpanId });
  }
  const attributes = tagsToAttributes(raw.tags);
  const events: SpanEvent[] = [];
  if (Array.isArray(raw.logs)) {
    for (const log of raw.logs) {
      if (!isObject(log)) {
        continue;
      }
      const fields = tagsToAttributes(log.fields);
      const name = fields['event'];
      events.push({
        timeMicros: toNumber(log.timestamp),
        name: typeof name === 'string' ? name : 'log',
        attributes: fields,
      });
    }
  }
  const startMicros = toNumber(raw.startTime);
  const durationMicros = toNumber(raw.duration);
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references,
    service: proc.service,
    operation: typeof raw.operationName === 'string' ? raw.operationName : '',
    kind: kindFromTags(attributes),
    startMicros,
    durationMicros,
    status: statusFromTags(attributes),
    attributes,
    resource: proc.resource,
    events,
  };
}

function tagsToAttributes(
  tags: readonly JaegerKeyValue[] | undefined,
): Attributes {
  const out: Record<string, AttributeValue> = {};
  if (!Array.isArray(tags)) {
    return out;
  }
  for (const tag of tags as readonly JaegerKeyValue[]) {
    if (!isObject(tag) || typeof tag.key !== 'string') {
      continue;
    }
    const v = tag.value;
    if (
      typeof v === 'string' ||
      typeof v === 'number' ||
      typeof v === 'boolean'
    ) {
      out[tag.key] = jaegerTagValue(tag.type, v);
    }
  }
  return out;
}

function isObject<T>(v: T): v is T & object {
  return typeof v === 'object' && v !== null;
}

/** All spans of a trace repeat one trace id: parse it once. */
class TraceIdCache {
  private raw = '';
  private parsed: TraceId | null = null;

  parse(raw: string): TraceId | null {
    if (raw !== this.raw) {
      this.raw = raw;
      this.parsed = parseLenientTraceId(raw);
    }
    return this.parsed;
  }
}
