import {
  propagation,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import type { Context, SpanContext } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractContext } from '../../src/index.js';
import type { HeaderCarrier } from '../../src/index.js';
import { startTestTracing } from '../helpers.js';

const TRACE_ID = '80f198ee56343ba864fe8b2a57d3eff7';
const SPAN_ID = 'e457b5a2e4d86bd1';
const PARENT_ID = '05e3ac9a4f6e3b90';
const TRACE_ID_64 = '463ac35c9f6413ad';

function spanContextOf(headers: HeaderCarrier): SpanContext | undefined {
  return trace.getSpanContext(extractContext(headers));
}

function expectNewTrace(headers: HeaderCarrier): void {
  const context: Context = extractContext(headers);
  expect(trace.getSpanContext(context)).toBeUndefined();
}

describe('extractContext: W3C trace context', () => {
  it('extracts traceparent', () => {
    expect(
      spanContextOf({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` }),
    ).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('extracts tracestate with traceparent', () => {
    const ctx = spanContextOf({
      traceparent: `00-${TRACE_ID}-${SPAN_ID}-00`,
      tracestate: 'congo=t61rcWkgMzE,rojo=00f067aa0ba902b7',
    });
    expect(ctx?.traceFlags).toBe(TraceFlags.NONE);
    expect(ctx?.traceState?.get('congo')).toBe('t61rcWkgMzE');
  });

  it('extracts baggage, including the path entry', () => {
    const baggage = propagation.getBaggage(
      extractContext({
        baggage: 'pathprof.path=svc-a%3Aa1%20%3E%20svc-b%3Ab1,tenant=blue',
      }),
    );
    expect(baggage?.getEntry('pathprof.path')?.value).toBe(
      'svc-a:a1 > svc-b:b1',
    );
    expect(baggage?.getEntry('tenant')?.value).toBe('blue');
  });

  it('accepts a future version with extra fields', () => {
    expect(
      spanContextOf({
        traceparent: `cc-${TRACE_ID}-${SPAN_ID}-01-what-the-future`,
      })?.spanId,
    ).toBe(SPAN_ID);
  });

  it('starts a new trace when traceparent has the forbidden version ff', () => {
    expectNewTrace({ traceparent: `ff-${TRACE_ID}-${SPAN_ID}-01` });
  });

  it('starts a new trace when the traceparent trace ID is too short', () => {
    expectNewTrace({ traceparent: `00-${TRACE_ID.slice(2)}-${SPAN_ID}-01` });
  });

  it('starts a new trace when the traceparent trace ID is all zeros', () => {
    expectNewTrace({ traceparent: `00-${'0'.repeat(32)}-${SPAN_ID}-01` });
  });

  it('starts a new trace when the traceparent span ID is all zeros', () => {
    expectNewTrace({ traceparent: `00-${TRACE_ID}-${'0'.repeat(16)}-01` });
  });

  it('starts a new trace when traceparent uses uppercase hex', () => {
    expectNewTrace({
      traceparent: `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`,
    });
  });

  it('starts a new trace when traceparent lacks the flags', () => {
    expectNewTrace({ traceparent: `00-${TRACE_ID}-${SPAN_ID}` });
  });

  it('starts a new trace when version 00 has extra fields', () => {
    expectNewTrace({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01-extra` });
  });

  it('ignores a baggage header with a bad percent-encoding', () => {
    const ctx = extractContext({ baggage: 'pathprof.path=%E0%A4%A' });
    expect(
      propagation.getBaggage(ctx)?.getEntry('pathprof.path'),
    ).toBeUndefined();
  });
});

describe('extractContext: B3 multi-header', () => {
  it('extracts x-b3-traceid, x-b3-spanid and x-b3-sampled', () => {
    expect(
      spanContextOf({
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-parentspanid': PARENT_ID,
        'x-b3-sampled': '1',
      }),
    ).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('pads a 64-bit trace ID to 128 bits', () => {
    expect(
      spanContextOf({ 'x-b3-traceid': TRACE_ID_64, 'x-b3-spanid': SPAN_ID })
        ?.traceId,
    ).toBe(`0000000000000000${TRACE_ID_64}`);
  });

  it('treats x-b3-flags: 1 (debug) as sampled', () => {
    expect(
      spanContextOf({
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-flags': '1',
      })?.traceFlags,
    ).toBe(TraceFlags.SAMPLED);
  });

  it('honours x-b3-sampled: 0', () => {
    expect(
      spanContextOf({
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
        'x-b3-sampled': '0',
      })?.traceFlags,
    ).toBe(TraceFlags.NONE);
  });

  it('normalises uppercase IDs to lowercase', () => {
    expect(
      spanContextOf({
        'x-b3-traceid': TRACE_ID.toUpperCase(),
        'x-b3-spanid': SPAN_ID.toUpperCase(),
      }),
    ).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID });
  });

  it('starts a new trace when x-b3-traceid has neither 16 nor 32 digits', () => {
    expectNewTrace({
      'x-b3-traceid': TRACE_ID.slice(0, 20),
      'x-b3-spanid': SPAN_ID,
    });
  });

  it('starts a new trace when x-b3-traceid is not hex', () => {
    expectNewTrace({ 'x-b3-traceid': 'zz'.repeat(16), 'x-b3-spanid': SPAN_ID });
  });

  it('starts a new trace when x-b3-spanid is too short', () => {
    expectNewTrace({
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': SPAN_ID.slice(1),
    });
  });

  it('starts a new trace when x-b3-spanid is missing', () => {
    expectNewTrace({ 'x-b3-traceid': TRACE_ID, 'x-b3-sampled': '1' });
  });

  it('starts a new trace when x-b3-sampled is not a sampling value', () => {
    expectNewTrace({
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': SPAN_ID,
      'x-b3-sampled': 'yes',
    });
  });

  it('starts a new trace when x-b3-traceid is all zeros', () => {
    expectNewTrace({ 'x-b3-traceid': '0'.repeat(32), 'x-b3-spanid': SPAN_ID });
  });
});

describe('extractContext: B3 single header', () => {
  it('extracts {traceid}-{spanid}-{sampled}-{parentspanid}', () => {
    expect(
      spanContextOf({ b3: `${TRACE_ID}-${SPAN_ID}-1-${PARENT_ID}` }),
    ).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('extracts {traceid}-{spanid} without a sampling state', () => {
    expect(spanContextOf({ b3: `${TRACE_ID}-${SPAN_ID}` })).toMatchObject({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
    });
  });

  it('pads a 64-bit trace ID to 128 bits', () => {
    expect(spanContextOf({ b3: `${TRACE_ID_64}-${SPAN_ID}-0` })?.traceId).toBe(
      `0000000000000000${TRACE_ID_64}`,
    );
  });

  it('treats the debug state d as sampled', () => {
    expect(spanContextOf({ b3: `${TRACE_ID}-${SPAN_ID}-d` })?.traceFlags).toBe(
      TraceFlags.SAMPLED,
    );
  });

  it('starts a new trace when the value has a prefix', () => {
    expectNewTrace({ b3: `x${TRACE_ID}-${SPAN_ID}-1` });
  });

  it('starts a new trace when only a sampling state is sent', () => {
    expectNewTrace({ b3: '1' });
  });

  it('starts a new trace when the span ID is too short', () => {
    expectNewTrace({ b3: `${TRACE_ID}-${SPAN_ID.slice(2)}-1` });
  });

  it('starts a new trace when the trace ID has 20 digits', () => {
    expectNewTrace({ b3: `${TRACE_ID.slice(0, 20)}-${SPAN_ID}-1` });
  });

  it('starts a new trace when the sampling state is invalid', () => {
    expectNewTrace({ b3: `${TRACE_ID}-${SPAN_ID}-x` });
  });

  it('falls back to valid multi headers when the single header is malformed', () => {
    expect(
      spanContextOf({
        b3: 'garbage',
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
      })?.spanId,
    ).toBe(SPAN_ID);
  });
});

describe('extractContext: Jaeger uber-trace-id (when configured)', () => {
  let t: ReturnType<typeof startTestTracing>;
  beforeAll(() => {
    t = startTestTracing({ propagators: ['jaeger'] });
  });
  afterAll(() => t.tracing.shutdown());

  it('extracts {trace-id}:{span-id}:{parent-span-id}:{flags}', () => {
    expect(
      spanContextOf({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1` }),
    ).toEqual({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it('pads short trace and span IDs', () => {
    expect(
      spanContextOf({ 'uber-trace-id': `${TRACE_ID_64}:abc:0:0` }),
    ).toMatchObject({
      traceId: `0000000000000000${TRACE_ID_64}`,
      spanId: '0000000000000abc',
      traceFlags: TraceFlags.NONE,
    });
  });

  it('accepts a percent-encoded value', () => {
    expect(
      spanContextOf({ 'uber-trace-id': `${TRACE_ID}%3A${SPAN_ID}%3A0%3A1` })
        ?.spanId,
    ).toBe(SPAN_ID);
  });

  it('starts a new trace when a field is missing', () => {
    expectNewTrace({ 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:1` });
  });

  it('starts a new trace when an ID is not hex', () => {
    expectNewTrace({ 'uber-trace-id': `${TRACE_ID}:nothex:0:1` });
  });

  it('starts a new trace when the trace ID is zero', () => {
    expectNewTrace({ 'uber-trace-id': `0:${SPAN_ID}:0:1` });
  });

  it('starts a new trace when the span ID is zero', () => {
    expectNewTrace({ 'uber-trace-id': `${TRACE_ID}:0:0:1` });
  });

  it('starts a new trace when the percent-encoding is broken', () => {
    expectNewTrace({ 'uber-trace-id': `${TRACE_ID}%3:${SPAN_ID}:0:1` });
  });
});

describe('extractContext: carriers and precedence', () => {
  it('starts a new trace without headers', () => {
    expectNewTrace({});
    expect(extractContext(undefined)).toBe(ROOT_CONTEXT);
    expect(extractContext(null)).toBe(ROOT_CONTEXT);
  });

  it('reads the first value of a repeated header', () => {
    expect(
      spanContextOf({
        traceparent: [
          `00-${TRACE_ID}-${SPAN_ID}-01`,
          `00-${TRACE_ID}-${PARENT_ID}-01`,
        ],
      })?.spanId,
    ).toBe(SPAN_ID);
  });

  it('reads mixed-case header names and fetch Headers', () => {
    expect(
      spanContextOf({ TraceParent: `00-${TRACE_ID}-${SPAN_ID}-01` })?.spanId,
    ).toBe(SPAN_ID);
    expect(
      spanContextOf(
        new Headers({ 'X-B3-TraceId': TRACE_ID, 'X-B3-SpanId': SPAN_ID }),
      )?.traceId,
    ).toBe(TRACE_ID);
  });

  it('never throws, even for a carrier whose properties throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile');
        },
        ownKeys() {
          throw new Error('hostile');
        },
      },
    );
    expect(extractContext(hostile)).toBe(ROOT_CONTEXT);
  });

  it('lets B3 win over traceparent by default (Istio sidecars rewrite B3)', () => {
    expect(
      spanContextOf({
        traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
        'x-b3-traceid': TRACE_ID,
        'x-b3-spanid': SPAN_ID,
      })?.spanId,
    ).toBe(SPAN_ID);
  });

  it('lets the first configured format with a valid context win', async () => {
    const headers = {
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      'x-b3-traceid': TRACE_ID,
      'x-b3-spanid': SPAN_ID,
    };
    const w3cFirst = startTestTracing({
      propagators: ['tracecontext', 'b3multi'],
    });
    expect(spanContextOf(headers)?.spanId).toBe(PARENT_ID);
    await w3cFirst.tracing.shutdown();
    const b3First = startTestTracing({
      propagators: ['b3multi', 'tracecontext'],
    });
    expect(spanContextOf(headers)?.spanId).toBe(SPAN_ID);
    await b3First.tracing.shutdown();
  });

  it('goes on to the next format when the first one is malformed', async () => {
    const t = startTestTracing({ propagators: ['b3multi', 'tracecontext'] });
    expect(
      spanContextOf({
        traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
        'x-b3-traceid': 'not-hex',
        'x-b3-spanid': SPAN_ID,
      })?.spanId,
    ).toBe(PARENT_ID);
    await t.tracing.shutdown();
  });

  it('reads baggage wherever it is in the list, with the first valid context', async () => {
    const t = startTestTracing({
      propagators: ['tracecontext', 'b3multi', 'baggage'],
    });
    const context = extractContext({
      traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`,
      baggage: 'pathprof.path=svc-a%3Aa1',
    });
    expect(trace.getSpanContext(context)?.spanId).toBe(PARENT_ID);
    expect(
      propagation.getBaggage(context)?.getEntry('pathprof.path')?.value,
    ).toBe('svc-a:a1');
    await t.tracing.shutdown();
  });

  it('reads only the configured formats', async () => {
    const jaegerHeader = { 'uber-trace-id': `${TRACE_ID}:${SPAN_ID}:0:1` };
    expect(spanContextOf(jaegerHeader)).toBeUndefined();
    const none = startTestTracing({ propagators: [] });
    expect(
      spanContextOf({ traceparent: `00-${TRACE_ID}-${SPAN_ID}-01` }),
    ).toBeUndefined();
    await none.tracing.shutdown();
    const w3cOnly = startTestTracing({ propagators: ['tracecontext'] });
    expect(
      spanContextOf({ 'x-b3-traceid': TRACE_ID, 'x-b3-spanid': SPAN_ID }),
    ).toBeUndefined();
    await w3cOnly.tracing.shutdown();
  });
});
