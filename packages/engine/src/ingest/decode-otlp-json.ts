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
  SPAN_KINDS,
} from '@pathprof/model';
import type {
  Attributes,
  OtlpExportTraceServiceRequest,
  Span,
  SpanEvent,
  SpanKind,
  SpanRef,
  SpanStatus,
  TraceWarning,
} from '@pathprof/model';
import type { DecodedSpans } from './decode-result.js';
import { readOtlpAttributes } from './read-otlp-attributes.js';
import {
  WireProblem,
  describeJsonValue,
  isJsonObject,
  isUnset,
  wrongType,
} from './wire-problem.js';

/** The reason given for spans without usable ids or times. */
const INVALID_SPAN_MESSAGE =
  'an OTLP span without a valid traceId/spanId or timestamps was skipped';

/**
 * Decodes every span it can. A span that cannot be read as sent — no valid
 * ids or times, or a field of the wrong type (`name`, `kind`, `status`,
 * `attributes`, `events`, `links`, an `AnyValue` nested too deep) — is
 * rejected with a warning naming the field, never stored half-read. A
 * `scopeSpans` or `spans` that is not an array counts as one rejected span
 * (its spans cannot be counted); a bad `resource` rejects its spans.
 * `null` reads as unset, as proto3 JSON has it.
 */
export function decodeOtlpTraces(
  request: OtlpExportTraceServiceRequest,
): DecodedSpans {
  const spans: Span[] = [];
  const warnings: TraceWarning[] = [];
  let rejected = 0;
  const reject = (count: number, message: string, traceId = ''): void => {
    rejected += count;
    warnings.push({ code: 'invalid-span', traceId, message });
  };
  const resourceSpans = Array.isArray(request.resourceSpans)
    ? (request.resourceSpans as unknown[])
    : [];
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r];
    if (isUnset(rs)) {
      continue;
    }
    const where = `resourceSpans[${r}]`;
    if (!isJsonObject(rs)) {
      reject(1, wrongType('a ResourceSpans object', rs).describe(where));
      continue;
    }
    const scopes = readScopes(rs);
    if (scopes instanceof WireProblem) {
      reject(1, scopes.describe(where));
      continue;
    }
    const resource = readResource(rs.resource);
    for (let s = 0; s < scopes.list.length; s++) {
      const scope = scopes.list[s];
      if (isUnset(scope)) {
        continue;
      }
      const scopeWhere = `${where}.${scopes.field}[${s}]`;
      const scopeSpans = isJsonObject(scope)
        ? readList(scope.spans)
        : wrongType('a ScopeSpans object', scope);
      if (scopeSpans instanceof WireProblem) {
        const problem = isJsonObject(scope)
          ? scopeSpans.at('.spans')
          : scopeSpans;
        reject(1, problem.describe(scopeWhere));
        continue;
      }
      if (resource instanceof WireProblem) {
        if (scopeSpans.length > 0) {
          reject(scopeSpans.length, resource.describe(`${where}.resource`));
        }
        continue;
      }
      for (let i = 0; i < scopeSpans.length; i++) {
        const raw = scopeSpans[i];
        const span = isJsonObject(raw)
          ? decodeOtlpSpan(raw, resource.service, resource.attributes)
          : null;
        if (span instanceof WireProblem) {
          reject(1, span.describe(`${scopeWhere}.spans[${i}]`), traceIdOf(raw));
        } else if (span === null) {
          reject(1, INVALID_SPAN_MESSAGE, traceIdOf(raw));
        } else {
          spans.push(span);
        }
      }
    }
  }
  return { spans, rejected, warnings };
}

/** `scopeSpans`, or the pre-1.0 `instrumentationLibrarySpans`, with the field's name for messages. */
function readScopes(
  rs: Record<string, unknown>,
): { readonly field: string; readonly list: unknown[] } | WireProblem {
  const field =
    isUnset(rs.scopeSpans) && !isUnset(rs.instrumentationLibrarySpans)
      ? 'instrumentationLibrarySpans'
      : 'scopeSpans';
  const list = readList(rs[field]);
  return list instanceof WireProblem ? list.at(`.${field}`) : { field, list };
}

function readList(value: unknown): unknown[] | WireProblem {
  if (isUnset(value)) {
    return [];
  }
  return Array.isArray(value) ? value : wrongType('an array', value);
}

function readResource(
  resource: unknown,
): { readonly service: string; readonly attributes: Attributes } | WireProblem {
  if (!isUnset(resource) && !isJsonObject(resource)) {
    return wrongType('a Resource object', resource);
  }
  const attrs = readOtlpAttributes(resource?.attributes);
  if (attrs instanceof WireProblem) {
    return attrs.at('.attributes');
  }
  const serviceName = attrs['service.name'];
  const service =
    typeof serviceName === 'string' && serviceName !== ''
      ? serviceName
      : 'unknown_service';
  const attributes = { ...attrs };
  delete attributes['service.name'];
  return { service, attributes };
}

function traceIdOf(raw: unknown): string {
  return isJsonObject(raw) && typeof raw.traceId === 'string'
    ? raw.traceId
    : '';
}

/** A span; null without valid ids or times; a problem when a field has the wrong type. */
function decodeOtlpSpan(
  raw: Record<string, unknown>,
  service: string,
  resource: Attributes,
): Span | WireProblem | null {
  const traceId = decodeId(raw.traceId, parseTraceId, 32);
  const spanId = decodeId(raw.spanId, parseSpanId, 16);
  if (traceId === null || spanId === null) {
    return null;
  }
  const start = readNanos(raw.startTimeUnixNano);
  const end = readNanos(raw.endTimeUnixNano);
  if (start === null || end === null) {
    return null;
  }
  const { name, parentSpanId: rawParent } = raw;
  if (!isUnset(name) && typeof name !== 'string') {
    return wrongType('a string', name).at('.name');
  }
  if (!isUnset(rawParent) && typeof rawParent !== 'string') {
    return wrongType('a hex or base64 string', rawParent).at('.parentSpanId');
  }
  const kind = readKind(raw.kind);
  if (kind instanceof WireProblem) {
    return kind.at('.kind');
  }
  const status = readStatus(raw.status);
  if (status instanceof WireProblem) {
    return status.at('.status');
  }
  const attributes = readOtlpAttributes(raw.attributes);
  if (attributes instanceof WireProblem) {
    return attributes.at('.attributes');
  }
  const events = readEvents(raw.events, start);
  if (events instanceof WireProblem) {
    return events.at('.events');
  }
  const parentSpanId = decodeId(rawParent, parseSpanId, 16) ?? undefined;
  const references: SpanRef[] = [];
  if (parentSpanId !== undefined) {
    references.push({ type: 'child_of', traceId, spanId: parentSpanId });
  }
  const links = readLinks(raw.links, references);
  if (links !== null) {
    return links.at('.links');
  }
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references,
    service,
    operation: name ?? '',
    kind,
    startMicros: start,
    durationMicros: Math.max(0, end - start),
    status: status.code,
    ...(status.message === '' ? {} : { statusMessage: status.message }),
    attributes,
    resource,
    events,
  };
}

function readNanos(value: unknown): number | null {
  return typeof value === 'string' || typeof value === 'number'
    ? nanosToMicros(value)
    : null;
}

function readEvents(
  value: unknown,
  spanStart: number,
): SpanEvent[] | WireProblem {
  const list = readList(value);
  if (list instanceof WireProblem) {
    return list;
  }
  const events: SpanEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (!isJsonObject(e)) {
      return wrongType('an Event object', e).at(`[${i}]`);
    }
    const { name, timeUnixNano } = e;
    if (!isUnset(name) && typeof name !== 'string') {
      return wrongType('a string', name).at(`[${i}].name`);
    }
    if (
      !isUnset(timeUnixNano) &&
      typeof timeUnixNano !== 'string' &&
      typeof timeUnixNano !== 'number'
    ) {
      return wrongType('a decimal string', timeUnixNano).at(
        `[${i}].timeUnixNano`,
      );
    }
    const attributes = readOtlpAttributes(e.attributes);
    if (attributes instanceof WireProblem) {
      return attributes.at(`[${i}].attributes`);
    }
    events.push({
      timeMicros:
        (isUnset(timeUnixNano) ? null : nanosToMicros(timeUnixNano)) ??
        spanStart,
      name: name ?? '',
      attributes,
    });
  }
  return events;
}

/** Appends the links with valid ids to `references`; links with invalid ids are skipped. */
function readLinks(value: unknown, references: SpanRef[]): WireProblem | null {
  const list = readList(value);
  if (list instanceof WireProblem) {
    return list;
  }
  for (let i = 0; i < list.length; i++) {
    const link = list[i];
    if (!isJsonObject(link)) {
      return wrongType('a Link object', link).at(`[${i}]`);
    }
    const linkTrace = decodeId(link.traceId, parseTraceId, 32);
    const linkSpan = decodeId(link.spanId, parseSpanId, 16);
    if (linkTrace !== null && linkSpan !== null) {
      references.push({ type: 'link', traceId: linkTrace, spanId: linkSpan });
    }
  }
  return null;
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

/** A number (unknown numbers read as unspecified, as proto3 enums are open) or a `SPAN_KIND_*` name. */
function readKind(kind: unknown): SpanKind | WireProblem {
  if (isUnset(kind)) {
    return 'unspecified';
  }
  if (typeof kind === 'number' && Number.isInteger(kind)) {
    return SPAN_KINDS[kind] ?? 'unspecified';
  }
  if (typeof kind === 'string') {
    const name = kind.replace(/^SPAN_KIND_/i, '').toLowerCase();
    if (SPAN_KINDS.includes(name as SpanKind)) {
      return name as SpanKind;
    }
  }
  return new WireProblem(
    `must be a SpanKind number or name, got ${describeJsonValue(kind, true)}`,
  );
}

/** A Map, so names such as `__proto__` or `constructor` find nothing. */
const STATUS_BY_NAME: ReadonlyMap<string, SpanStatus> = new Map([
  ['STATUS_CODE_UNSET', 'unset'],
  ['UNSET', 'unset'],
  ['STATUS_CODE_OK', 'ok'],
  ['OK', 'ok'],
  ['STATUS_CODE_ERROR', 'error'],
  ['ERROR', 'error'],
]);

const UNSET_STATUS = { code: 'unset', message: '' } as const;

function readStatus(
  status: unknown,
): { readonly code: SpanStatus; readonly message: string } | WireProblem {
  if (isUnset(status)) {
    return UNSET_STATUS;
  }
  if (!isJsonObject(status)) {
    return wrongType('an object', status);
  }
  const { code, message } = status;
  let decoded: SpanStatus | undefined = 'unset';
  if (typeof code === 'number' && Number.isInteger(code)) {
    decoded = code === 2 ? 'error' : code === 1 ? 'ok' : 'unset';
  } else if (typeof code === 'string') {
    decoded = STATUS_BY_NAME.get(code);
  } else if (!isUnset(code)) {
    decoded = undefined;
  }
  if (decoded === undefined) {
    return new WireProblem(
      `must be a StatusCode number or name, got ${describeJsonValue(code, true)}`,
    ).at('.code');
  }
  if (!isUnset(message) && typeof message !== 'string') {
    return wrongType('a string', message).at('.message');
  }
  return { code: decoded, message: message ?? '' };
}
