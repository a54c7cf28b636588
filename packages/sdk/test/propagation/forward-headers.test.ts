import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { extractContext, forwardHeaders, profiled } from '../../src/index.js';
import type { TestTracing } from '../helpers.js';
import { startTestTracing } from '../helpers.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';
const INCOMING = {
  'x-request-id': 'f9d7c3a4-2b1e-4b5c-9d2f-1a2b3c4d5e6f',
  'x-b3-traceid': TRACE_ID,
  'x-b3-spanid': SPAN_ID,
  'x-b3-parentspanid': '05e3ac9a4f6e3b90',
  'x-b3-sampled': '1',
  'x-ot-span-context': 'lightstep-context',
  sw8: '1-skywalking',
  'x-cloud-trace-context': `${TRACE_ID}/1;o=1`,
  'user-agent': 'curl/8',
  cookie: 'session=secret',
};

describe('forwardHeaders', () => {
  let t: TestTracing | undefined;
  afterEach(async () => {
    await t?.tracing.shutdown();
    t = undefined;
  });

  it('injects the current hop as W3C traceparent, baggage and B3 multi-header by default', () => {
    t = startTestTracing();
    const headers = profiled('a1', () => forwardHeaders())();

    const hop = t.span('a1').spanContext();
    expect(headers).toEqual({
      traceparent: `00-${hop.traceId}-${hop.spanId}-01`,
      baggage: 'pathprof.path=svc-test%3Aa1',
      'x-b3-traceid': hop.traceId,
      'x-b3-spanid': hop.spanId,
      'x-b3-sampled': '1',
    });
  });

  it('injects only the configured formats', () => {
    t = startTestTracing({ propagators: ['b3'] });
    const headers = profiled('a1', () => forwardHeaders())();

    const hop = t.span('a1').spanContext();
    expect(headers).toEqual({ b3: `${hop.traceId}-${hop.spanId}-1` });
  });

  it('honours OTEL_PROPAGATORS', () => {
    t = startTestTracing({ env: { OTEL_PROPAGATORS: 'jaeger' } });
    const headers = profiled('a1', () => forwardHeaders())();

    const hop = t.span('a1').spanContext();
    expect(headers).toEqual({
      'uber-trace-id': `${hop.traceId}:${hop.spanId}:0:01`,
      'uberctx-pathprof.path': 'svc-test%3Aa1',
    });
  });

  it('copies x-request-id and the other Istio tracing headers, never others', () => {
    t = startTestTracing({ propagators: [] });
    expect(forwardHeaders(INCOMING)).toEqual({
      'x-request-id': INCOMING['x-request-id'],
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': SPAN_ID,
      'x-b3-parentspanid': '05e3ac9a4f6e3b90',
      'x-b3-sampled': '1',
      'x-ot-span-context': 'lightstep-context',
      sw8: '1-skywalking',
      'x-cloud-trace-context': `${TRACE_ID}/1;o=1`,
    });
  });

  it('replaces copied headers of an injected format by the current hop', () => {
    t = startTestTracing();
    const handler = profiled('b1', () => forwardHeaders(INCOMING));

    const headers = context.with(extractContext(INCOMING), () => handler());

    const hop = t.span('b1').spanContext();
    expect(hop.traceId).toBe(TRACE_ID);
    expect(headers['x-b3-spanid']).toBe(hop.spanId);
    expect(headers['x-b3-parentspanid']).toBeUndefined();
    expect(headers['x-request-id']).toBe(INCOMING['x-request-id']);
    expect(headers['x-ot-span-context']).toBe('lightstep-context');
    expect(headers.traceparent).toBe(`00-${TRACE_ID}-${hop.spanId}-01`);
  });

  it('forwards the incoming trace and path unchanged outside any hop (an unprofiled handler)', () => {
    t = startTestTracing();
    const incoming = {
      traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
      baggage: 'pathprof.path=svc-a%3Aa4',
      'x-request-id': 'r-1',
    };

    expect(forwardHeaders(incoming)).toEqual(incoming);
  });

  it('accepts a request object, a fetch Headers object and mixed-case names', () => {
    t = startTestTracing({ propagators: [] });
    expect(forwardHeaders({ headers: { 'x-request-id': 'r-2' } })).toEqual({
      'x-request-id': 'r-2',
    });
    expect(forwardHeaders(new Headers({ 'X-Request-Id': 'r-3' }))).toEqual({
      'x-request-id': 'r-3',
    });
    expect(forwardHeaders({ 'X-Request-Id': 'r-4' })).toEqual({
      'x-request-id': 'r-4',
    });
  });

  it('joins repeated baggage headers and takes the first of other repeated headers', () => {
    t = startTestTracing({ propagators: [] });
    expect(
      forwardHeaders({
        baggage: ['a=1', 'b=2'],
        'x-request-id': ['r-5', 'r-6'],
      }),
    ).toEqual({ baggage: 'a=1,b=2', 'x-request-id': 'r-5' });
  });

  it('returns no headers outside a hop without incoming headers', () => {
    expect(forwardHeaders()).toEqual({});
    expect(forwardHeaders(null)).toEqual({});
  });

  it('never throws, even for a hostile carrier', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile');
        },
      },
    );
    expect(forwardHeaders(hostile)).toEqual({});
  });
});

describe('forwardHeaders with a path at its bound', () => {
  it('still sends the path in baggage at the largest bound, for labels that encode longest', async () => {
    const t = startTestTracing({ maxPathLength: 10_000 }); // clamped to 1300
    // Every character of ':::' and ' > ' percent-encodes to 3 bytes.
    const dense = Array.from({ length: 600 }, () => ':::').join(' > ');
    const parent = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({ 'pathprof.path': { value: dense } }),
    );

    const headers = context.with(parent, () =>
      profiled('x', () => forwardHeaders())(),
    );

    expect(headers.baggage!.length).toBeLessThanOrEqual(4096);
    const sent = decodeURIComponent(
      headers.baggage!.replace(/^pathprof\.path=/, ''),
    );
    expect(sent.length).toBeLessThanOrEqual(1300);
    expect(sent).toMatch(/^::: > …\d+#[0-9a-f]{8} > ::: > /);
    expect(sent.endsWith(' > svc-test:x')).toBe(true);
    await t.tracing.shutdown();
  });
});
