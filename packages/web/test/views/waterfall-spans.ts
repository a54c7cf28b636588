/** Span builders for the waterfall's tests. */
import type { Span, SpanId, TraceId } from '@pathprof/model';

export const TRACE = '0000000000000000000000000000abcd' as TraceId;

export function span(
  id: number,
  parent: number | null,
  service: string,
  start: number,
  dur: number,
  attributes: Span['attributes'] = {},
): Span {
  const spanId = id.toString(16).padStart(16, '0') as SpanId;
  const parentSpanId =
    parent === null
      ? undefined
      : (parent.toString(16).padStart(16, '0') as SpanId);
  return {
    traceId: TRACE,
    spanId,
    ...(parentSpanId === undefined ? {} : { parentSpanId }),
    references:
      parentSpanId === undefined
        ? []
        : [{ type: 'child_of', traceId: TRACE, spanId: parentSpanId }],
    service,
    operation: `op${id}`,
    kind: parent === null ? 'client' : 'server',
    startMicros: 1_000_000 + start,
    durationMicros: dur,
    status: 'unset',
    attributes,
    resource: {},
    events: [],
  };
}

/**
 *   1 gw (proxy)   [0------------------100]
 *   2 a (hop)        [5---------------95]
 *   3 client a         [10------60]
 *   4 e (hop)            [15--55]
 *   5 g (hop)                      [65-75]
 */
export const SPANS = [
  span(1, null, 'istio-ingressgateway.istio-system', 0, 100, {
    component: 'proxy',
  }),
  span(2, 1, 'svc-a', 5, 90, {
    'pathprof.hop': true,
    'pathprof.hop.name': 'a3',
  }),
  span(3, 2, 'svc-a', 10, 50),
  span(4, 3, 'svc-e', 15, 40, {
    'pathprof.hop': true,
    'pathprof.hop.name': 'e1',
  }),
  span(5, 2, 'svc-g', 65, 10, {
    'pathprof.hop': true,
    'pathprof.hop.name': 'g1',
  }),
];
