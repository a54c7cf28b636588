import { context } from '@opentelemetry/api';
import { getSdkState } from '../internal/sdk-state.js';
import { reportSdkError } from '../internal/safe-execute.js';
import type { HeaderCarrier } from './header-carrier.js';
import { HEADER_SETTER, toLowercaseHeaders } from './header-carrier.js';

/**
 * Headers an application forwards from its incoming request to its outgoing
 * calls so that Istio's proxies keep the trace together: Envoy's request ID,
 * B3 (multi and single), W3C trace context, Lightstep, Datadog,
 * OpenCensus/Stackdriver and SkyWalking, plus Jaeger's `uber-trace-id` and
 * W3C `baggage` (which carries `pathprof.path` across unprofiled services).
 * https://istio.io/latest/docs/tasks/observability/distributed-tracing/overview/
 * https://istio.io/latest/about/faq/distributed-tracing/
 */
export const FORWARDED_HEADERS: readonly string[] = [
  'x-request-id',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'b3',
  'traceparent',
  'tracestate',
  'baggage',
  'x-ot-span-context',
  'x-cloud-trace-context',
  'grpc-trace-bin',
  'sw8',
  'x-datadog-trace-id',
  'x-datadog-parent-id',
  'x-datadog-sampling-priority',
  'uber-trace-id',
];

const B3_HEADERS = [
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
];

/**
 * Copied headers made stale by an injected one: when the active context is
 * injected in a format, the incoming request's headers of that format go.
 */
const SUPERSEDED: Readonly<Record<string, readonly string[]>> = {
  traceparent: ['traceparent', 'tracestate'],
  b3: B3_HEADERS,
  'x-b3-traceid': B3_HEADERS,
  'x-b3-flags': B3_HEADERS,
  'uber-trace-id': ['uber-trace-id'],
  baggage: ['baggage'],
};

/** Something with `headers`: an `IncomingMessage`, an Express or Fastify request. */
export interface HasHeaders {
  readonly headers: HeaderCarrier;
}

function headersOf(
  incoming: HeaderCarrier | HasHeaders | null | undefined,
): HeaderCarrier | undefined {
  if (incoming === null || typeof incoming !== 'object') {
    return undefined;
  }
  const inner = (incoming as Partial<HasHeaders>).headers;
  return inner !== null && typeof inner === 'object'
    ? inner
    : (incoming as HeaderCarrier);
}

function copyForwarded(
  incoming: HeaderCarrier | undefined,
  out: Record<string, string>,
): void {
  if (incoming === undefined) {
    return;
  }
  const headers = toLowercaseHeaders(incoming);
  for (const name of FORWARDED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') {
      out[name] = value;
    } else if (Array.isArray(value) && value.length > 0) {
      out[name] = name === 'baggage' ? value.join(',') : value[0]!;
    }
  }
}

/**
 * Headers for an outgoing call: the active context (the current hop, its
 * `pathprof.path` baggage) injected in the configured formats (default W3C
 * `traceparent`/`tracestate`/`baggage` + B3 multi-header), plus the Istio
 * tracing headers ({@link FORWARDED_HEADERS}) copied from `incoming` (its
 * headers, or a request) where no injected header supersedes them.
 * Works without HTTP instrumentation (e.g. with `fetch`); never throws.
 */
export function forwardHeaders(
  incoming?: HeaderCarrier | HasHeaders | null,
): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    copyForwarded(headersOf(incoming), out);
    const injected: Record<string, string> = {};
    getSdkState().propagator.inject(context.active(), injected, HEADER_SETTER);
    for (const name of Object.keys(injected)) {
      for (const stale of SUPERSEDED[name] ?? []) {
        delete out[stale];
      }
    }
    Object.assign(out, injected);
  } catch (error) {
    reportSdkError('building forwarded headers', error);
  }
  return out;
}
