/**
 * Span builders and HTTP helpers for the query API tests. Times are µs;
 * `T0` is a fixed instant so answers do not depend on the clock.
 */
import type { Span, SpanId, TraceId } from '@pathprof/model';

export const T0 = 1_700_000_000_000_000;

export interface SpanSpec {
  readonly trace: number | string;
  readonly id: number | string;
  readonly parent?: number | string;
  readonly service?: string;
  readonly op?: string;
  readonly start?: number;
  readonly dur?: number;
  readonly kind?: Span['kind'];
  readonly status?: Span['status'];
  readonly statusMessage?: string;
  readonly attributes?: Span['attributes'];
  readonly resource?: Span['resource'];
  readonly events?: Span['events'];
}

export function traceIdOf(n: number | string): TraceId {
  return (typeof n === 'string' ? n : n.toString(16)).padStart(
    32,
    '0',
  ) as TraceId;
}

export function spanIdOf(n: number | string): SpanId {
  return (typeof n === 'string' ? n : n.toString(16)).padStart(
    16,
    '0',
  ) as SpanId;
}

export function span(spec: SpanSpec): Span {
  const traceId = traceIdOf(spec.trace);
  const parentSpanId =
    spec.parent === undefined ? undefined : spanIdOf(spec.parent);
  return {
    traceId,
    spanId: spanIdOf(spec.id),
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references:
      parentSpanId === undefined
        ? []
        : [{ type: 'child_of', traceId, spanId: parentSpanId }],
    service: spec.service ?? 'svc-a',
    operation: spec.op ?? 'op',
    kind: spec.kind ?? 'server',
    startMicros: T0 + (spec.start ?? 0),
    durationMicros: spec.dur ?? 1000,
    status: spec.status ?? 'unset',
    ...(spec.statusMessage === undefined
      ? {}
      : { statusMessage: spec.statusMessage }),
    attributes: spec.attributes ?? {},
    resource: spec.resource ?? {},
    events: spec.events ?? [],
  };
}

export interface JsonAnswer<T> {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: T;
}

/** GETs `url` and parses its JSON body as `T` (the test then checks it). */
export async function getJson<T = unknown>(
  url: string,
): Promise<JsonAnswer<T>> {
  const res = await fetch(url);
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: (await res.json()) as T,
  };
}

/** A query string from pairs, so repeated keys stay repeated. */
export function toQuery(
  pairs: readonly (readonly [string, string | number])[],
): string {
  return pairs
    .map(
      ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`,
    )
    .join('&');
}
