/**
 * Zipkin v2 JSON spans → spans. `shared: true` server spans keep the client's
 * id (assembly puts them below the client); spans without `timestamp` or
 * `duration` are flagged for assembly to infer; a missing
 * `localEndpoint.serviceName` gives the service "unknown" (as Zipkin's UI
 * shows it). Annotations become events; the remote service is `peer.service`.
 * Model: https://zipkin.io/zipkin-api/#/default/post_spans
 */
import { parseLenientSpanId, parseLenientTraceId } from '@pathprof/model';
import type {
  AttributeValue,
  MissingTiming,
  Span,
  SpanKind,
  TraceWarning,
  ZipkinSpan,
} from '@pathprof/model';
import type { DecodedSpans } from './decode-result.js';

/** A Map, so names such as `__proto__` or `constructor` find nothing. */
const KINDS: ReadonlyMap<string, SpanKind> = new Map([
  ['CLIENT', 'client'],
  ['SERVER', 'server'],
  ['PRODUCER', 'producer'],
  ['CONSUMER', 'consumer'],
]);

export function decodeZipkinSpans(list: readonly unknown[]): DecodedSpans {
  const spans: Span[] = [];
  const warnings: TraceWarning[] = [];
  let rejected = 0;
  for (const raw of list) {
    const span = isObject(raw)
      ? decodeZipkinSpan(raw as unknown as ZipkinSpan)
      : null;
    if (span === null) {
      rejected++;
      warnings.push({
        code: 'invalid-span',
        traceId:
          isObject(raw) && typeof raw['traceId'] === 'string'
            ? raw['traceId']
            : '',
        message: 'a Zipkin span without a valid traceId/id was skipped',
      });
      continue;
    }
    spans.push(span);
  }
  return { spans, rejected, warnings };
}

export function decodeZipkinSpan(raw: ZipkinSpan): Span | null {
  const traceId =
    typeof raw.traceId === 'string' ? parseLenientTraceId(raw.traceId) : null;
  const spanId = typeof raw.id === 'string' ? parseLenientSpanId(raw.id) : null;
  if (traceId === null || spanId === null) {
    return null;
  }
  const parentSpanId =
    typeof raw.parentId === 'string'
      ? (parseLenientSpanId(raw.parentId) ?? undefined)
      : undefined;
  const hasStart =
    typeof raw.timestamp === 'number' && Number.isFinite(raw.timestamp);
  const hasDuration =
    typeof raw.duration === 'number' && Number.isFinite(raw.duration);
  const missingTiming: MissingTiming | undefined =
    hasStart && hasDuration
      ? undefined
      : !hasStart && !hasDuration
        ? 'both'
        : hasStart
          ? 'duration'
          : 'start';
  const attributes: Record<string, AttributeValue> = {};
  if (isObject(raw.tags)) {
    for (const [k, v] of Object.entries(raw.tags)) {
      if (
        typeof v === 'string' ||
        typeof v === 'number' ||
        typeof v === 'boolean'
      ) {
        attributes[k] = v;
      }
    }
  }
  const remote = isObject(raw.remoteEndpoint) ? raw.remoteEndpoint : undefined;
  if (typeof remote?.serviceName === 'string') {
    attributes['peer.service'] = remote.serviceName;
  }
  const local = isObject(raw.localEndpoint) ? raw.localEndpoint : undefined;
  const localName =
    typeof local?.serviceName === 'string' && local.serviceName !== ''
      ? local.serviceName
      : undefined;
  const errorTag = attributes['error'];
  return {
    traceId,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references:
      parentSpanId === undefined
        ? []
        : [{ type: 'child_of', traceId, spanId: parentSpanId }],
    service: localName ?? 'unknown',
    operation: typeof raw.name === 'string' ? raw.name : '',
    kind:
      typeof raw.kind === 'string'
        ? (KINDS.get(raw.kind) ?? 'unspecified')
        : 'unspecified',
    startMicros: hasStart ? raw.timestamp! : 0,
    durationMicros: hasDuration ? Math.max(0, raw.duration!) : 0,
    ...(missingTiming === undefined ? {} : { missingTiming }),
    status: errorTag !== undefined && errorTag !== 'false' ? 'error' : 'unset',
    attributes,
    resource:
      typeof local?.ipv4 === 'string' ? { 'net.host.ip': local.ipv4 } : {},
    events: Array.isArray(raw.annotations)
      ? raw.annotations
          // the value is a string; a number or boolean is kept as its text,
          // anything else has none (String() of deeply nested arrays
          // overflows the stack)
          .filter(
            (a) =>
              isObject(a) &&
              typeof a.timestamp === 'number' &&
              isScalar(a.value),
          )
          .map((a) => ({
            timeMicros: a.timestamp,
            name: String(a.value),
            attributes: {},
          }))
      : [],
    ...(raw.shared === true ? { shared: true } : {}),
  };
}

function isScalar(v: unknown): v is string | number | boolean {
  return (
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
  );
}

function isObject<T>(v: T): v is T & Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
