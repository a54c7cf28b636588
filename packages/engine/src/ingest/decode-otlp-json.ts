/**
 * OTLP trace request (JSON mapping, or the object our protobuf decoder builds)
 * → spans. Accepts ids in hex of any case or base64, span kind as a number or
 * a `SPAN_KIND_*` string, int64 nanoseconds as strings (converted exactly via
 * BigInt) or numbers, `scopeSpans` or the older `instrumentationLibrarySpans`.
 * Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import {
  base64ToHex,
  nanosToMicros,
  parseSpanId,
  parseTraceId,
} from '@pathprof/model';
import type {
  AttributeValue,
  Attributes,
  OtlpAnyValue,
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpSpan,
  Span,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceWarning,
} from '@pathprof/model';
import type { DecodedSpans } from './decode-result.js';

const KIND_BY_NUMBER: readonly SpanKind[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

export function decodeOtlpTraces(
  request: OtlpExportTraceServiceRequest,
): DecodedSpans {
  const spans: Span[] = [];
  const warnings: TraceWarning[] = [];
  let rejected = 0;
  const resourceSpans = Array.isArray(request.resourceSpans)
    ? request.resourceSpans
    : [];
  for (const rs of resourceSpans) {
    if (!isObject(rs)) {
      continue;
    }
    const resourceAttrs = keyValuesToAttributes(
      isObject(rs.resource) ? rs.resource.attributes : undefined,
    );
    const serviceName = resourceAttrs['service.name'];
    const service =
      typeof serviceName === 'string' && serviceName !== ''
        ? serviceName
        : 'unknown_service';
    const resource = { ...resourceAttrs };
    delete resource['service.name'];
    const scopes = Array.isArray(rs.scopeSpans)
      ? rs.scopeSpans
      : Array.isArray(rs.instrumentationLibrarySpans)
        ? rs.instrumentationLibrarySpans
        : [];
    for (const scope of scopes) {
      if (!isObject(scope) || !Array.isArray(scope.spans)) {
        continue;
      }
      for (const raw of scope.spans) {
        const span = isObject(raw)
          ? decodeOtlpSpan(raw, service, resource)
          : null;
        if (span === null) {
          rejected++;
          warnings.push({
            code: 'invalid-span',
            traceId:
              isObject(raw) && typeof raw.traceId === 'string'
                ? raw.traceId
                : '',
            message:
              'an OTLP span without a valid traceId/spanId or timestamps was skipped',
          });
          continue;
        }
        spans.push(span);
      }
    }
  }
  return { spans, rejected, warnings };
}

function decodeOtlpSpan(
  raw: OtlpSpan,
  service: string,
  resource: Attributes,
): Span | null {
  const traceId = decodeId(raw.traceId, parseTraceId, 32);
  const spanId = decodeId(raw.spanId, parseSpanId, 16);
  if (traceId === null || spanId === null) {
    return null;
  }
  const start =
    raw.startTimeUnixNano === undefined
      ? null
      : nanosToMicros(raw.startTimeUnixNano);
  const end =
    raw.endTimeUnixNano === undefined
      ? null
      : nanosToMicros(raw.endTimeUnixNano);
  if (start === null || end === null) {
    return null;
  }
  const parentSpanId = decodeId(raw.parentSpanId, parseSpanId, 16) ?? undefined;
  const references: SpanRef[] = [];
  if (parentSpanId !== undefined) {
    references.push({ type: 'child_of', traceId, spanId: parentSpanId });
  }
  if (Array.isArray(raw.links)) {
    for (const link of raw.links) {
      const linkTrace = isObject(link)
        ? decodeId(link.traceId, parseTraceId, 32)
        : null;
      const linkSpan = isObject(link)
        ? decodeId(link.spanId, parseSpanId, 16)
        : null;
      if (linkTrace !== null && linkSpan !== null) {
        references.push({ type: 'link', traceId: linkTrace, spanId: linkSpan });
      }
    }
  }
  const events = Array.isArray(raw.events)
    ? raw.events.filter(isObject).map((e) => ({
        timeMicros:
          (e.timeUnixNano === undefined
            ? null
            : nanosToMicros(e.timeUnixNano)) ?? start,
        name: typeof e.name === 'string' ? e.name : '',
        attributes: keyValuesToAttributes(e.attributes),
      }))
    : [];
  const status = isObject(raw.status) ? raw.status : {};
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references,
    service,
    operation: typeof raw.name === 'string' ? raw.name : '',
    kind: decodeKind(raw.kind),
    startMicros: start,
    durationMicros: Math.max(0, end - start),
    status: decodeStatus(status.code),
    ...(typeof status.message === 'string' && status.message !== ''
      ? { statusMessage: status.message }
      : {}),
    attributes: keyValuesToAttributes(raw.attributes),
    resource,
    events,
  };
}

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Ids are hex per the OTLP JSON spec; protobuf-JSON mappers write base64.
 * 32/16 hex digits mean hex; base64 must decode to exactly 16 (trace) or 8
 * (span) bytes, i.e. the length `parse` expects.
 */
function decodeId<T>(
  raw: unknown,
  parse: (hex: string) => T | null,
  hexLength: 32 | 16,
): T | null {
  if (typeof raw !== 'string' || raw === '') {
    return null;
  }
  if (raw.length === hexLength && HEX.test(raw)) {
    return parse(raw);
  }
  const hex = base64ToHex(raw);
  return hex === null || hex.length !== hexLength ? null : parse(hex);
}

function decodeKind(kind: unknown): SpanKind {
  if (typeof kind === 'number') {
    return KIND_BY_NUMBER[kind] ?? 'unspecified';
  }
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/, '').toLowerCase();
    return KIND_BY_NUMBER.includes(name as SpanKind)
      ? (name as SpanKind)
      : 'unspecified';
  }
  return 'unspecified';
}

function decodeStatus(code: unknown): SpanStatus {
  if (code === 2 || code === 'STATUS_CODE_ERROR' || code === 'ERROR') {
    return 'error';
  }
  if (code === 1 || code === 'STATUS_CODE_OK' || code === 'OK') {
    return 'ok';
  }
  return 'unset';
}

/** OTLP key-values → flat attributes; kvlists flatten to dotted keys, bytes stay base64. */
export function keyValuesToAttributes(
  list: readonly OtlpKeyValue[] | undefined,
  prefix = '',
): Attributes {
  const out: Record<string, AttributeValue> = {};
  if (!Array.isArray(list)) {
    return out;
  }
  for (const kv of list as readonly OtlpKeyValue[]) {
    if (!isObject(kv) || typeof kv.key !== 'string' || !isObject(kv.value)) {
      continue;
    }
    const key = prefix + kv.key;
    const value = kv.value;
    if (isObject(value.kvlistValue)) {
      Object.assign(
        out,
        keyValuesToAttributes(value.kvlistValue.values, `${key}.`),
      );
      continue;
    }
    const v = anyValue(value);
    if (v !== undefined) {
      out[key] = v;
    }
  }
  return out;
}

function anyValue(v: OtlpAnyValue): AttributeValue | undefined {
  if (typeof v.stringValue === 'string') {
    return v.stringValue;
  }
  if (typeof v.boolValue === 'boolean') {
    return v.boolValue;
  }
  if (v.intValue !== undefined) {
    const n = Number(v.intValue);
    return Number.isFinite(n) ? n : String(v.intValue);
  }
  if (typeof v.doubleValue === 'number' || typeof v.doubleValue === 'string') {
    const n = Number(v.doubleValue);
    return Number.isNaN(n) && typeof v.doubleValue === 'string'
      ? v.doubleValue
      : n;
  }
  if (typeof v.bytesValue === 'string') {
    return v.bytesValue;
  }
  if (isObject(v.arrayValue) && Array.isArray(v.arrayValue.values)) {
    const items: (string | number | boolean)[] = [];
    for (const item of v.arrayValue.values) {
      const x = isObject(item) ? anyValue(item) : undefined;
      if (
        typeof x === 'string' ||
        typeof x === 'number' ||
        typeof x === 'boolean'
      ) {
        items.push(x);
      }
    }
    return items;
  }
  return undefined;
}

function isObject<T>(v: T): v is T & object {
  return typeof v === 'object' && v !== null;
}
