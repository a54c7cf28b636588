import { describe, expect, it } from 'vitest';
import { buildTraceTree, decodeOtlpTraces } from '@pathprof/engine';
import type {
  OtlpExportTraceServiceRequest,
  OtlpKeyValue,
  OtlpSpan,
  Span,
} from '@pathprof/model';
import { dumpTree } from '../helpers.js';
import {
  assemblySummary,
  factsOfDecoded,
  groupByTrace,
  listTraceFiles,
  readTraceJson,
  summarise,
} from './real-traces.js';
import type { RawSpanFacts } from './real-traces.js';

const TRACE_HEX = '5b8efff798038103d269b633813fc60c';
/** The same 16 bytes in base64, as protobuf-JSON mappers write bytes. */
const TRACE_B64 = 'W47/95gDgQPSabYzgT/GDA==';
const SPAN_HEX = 'eee19b7ec3c1b174';
const SPAN_B64 = '7uGbfsPBsXQ=';

function otlpSpan(
  fields: Partial<OtlpSpan> & Record<string, unknown>,
): OtlpSpan {
  return {
    traceId: TRACE_HEX,
    spanId: SPAN_HEX,
    name: 'op',
    kind: 1,
    startTimeUnixNano: '1544712660000000000',
    endTimeUnixNano: '1544712660001000000',
    ...fields,
  };
}

function request(
  spans: OtlpSpan[],
  resource: OtlpKeyValue[] = [
    { key: 'service.name', value: { stringValue: 'api' } },
  ],
): OtlpExportTraceServiceRequest {
  return {
    resourceSpans: [
      { resource: { attributes: resource }, scopeSpans: [{ spans }] },
    ],
  };
}

function decodeOne(fields: Partial<OtlpSpan> & Record<string, unknown>): Span {
  const { spans, rejected } = decodeOtlpTraces(request([otlpSpan(fields)]));
  expect(rejected).toBe(0);
  return spans[0]!;
}

/** Counts straight from the raw OTLP JSON, without the decoder (hex ids only). */
function rawFacts(req: OtlpExportTraceServiceRequest): RawSpanFacts[] {
  return (req.resourceSpans ?? []).flatMap((rs) => {
    const service = rs.resource?.attributes?.find(
      (a) => a.key === 'service.name',
    )?.value?.stringValue;
    return (rs.scopeSpans ?? rs.instrumentationLibrarySpans ?? []).flatMap(
      (ss) =>
        (ss.spans ?? []).map((s) => ({
          traceId: s.traceId!.toLowerCase(),
          spanId: s.spanId!.toLowerCase(),
          parentId: s.parentSpanId ? s.parentSpanId.toLowerCase() : null,
          service: service ?? 'unknown_service',
        })),
    );
  });
}

describe('decodeOtlpTraces', () => {
  it('decodes a span with its resource, attributes, events, links and status', () => {
    const { spans } = decodeOtlpTraces(
      request(
        [
          otlpSpan({
            traceId: TRACE_HEX.toUpperCase(),
            spanId: SPAN_HEX.toUpperCase(),
            parentSpanId: 'EEE19B7EC3C1B173',
            name: "I'm a server span",
            kind: 2,
            startTimeUnixNano: '1544712660000000000',
            endTimeUnixNano: '1544712661000000000',
            attributes: [
              { key: 'my.span.attr', value: { stringValue: 'some value' } },
            ],
            events: [
              {
                timeUnixNano: '1544712660500000000',
                name: 'retry',
                attributes: [{ key: 'n', value: { intValue: '2' } }],
              },
            ],
            links: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) }],
            status: { code: 2, message: 'boom' },
          }),
        ],
        [
          { key: 'service.name', value: { stringValue: 'my.service' } },
          { key: 'host.name', value: { stringValue: 'h1' } },
        ],
      ),
    );
    expect(spans).toEqual([
      {
        traceId: TRACE_HEX,
        spanId: SPAN_HEX,
        parentSpanId: 'eee19b7ec3c1b173',
        references: [
          { type: 'child_of', traceId: TRACE_HEX, spanId: 'eee19b7ec3c1b173' },
          { type: 'link', traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) },
        ],
        service: 'my.service',
        operation: "I'm a server span",
        kind: 'server',
        startMicros: 1_544_712_660_000_000,
        durationMicros: 1_000_000,
        status: 'error',
        statusMessage: 'boom',
        attributes: { 'my.span.attr': 'some value' },
        resource: { 'host.name': 'h1' },
        events: [
          {
            timeMicros: 1_544_712_660_500_000,
            name: 'retry',
            attributes: { n: 2 },
          },
        ],
      },
    ]);
  });

  it('reads ids in hex of any case and in base64 alike', () => {
    const lower = decodeOne({});
    const upper = decodeOne({
      traceId: TRACE_HEX.toUpperCase(),
      spanId: SPAN_HEX.toUpperCase(),
    });
    const b64 = decodeOne({
      traceId: TRACE_B64,
      spanId: SPAN_B64,
      parentSpanId: SPAN_B64,
    });
    expect([upper.traceId, upper.spanId]).toEqual([TRACE_HEX, SPAN_HEX]);
    expect([b64.traceId, b64.spanId, b64.parentSpanId]).toEqual([
      lower.traceId,
      lower.spanId,
      SPAN_HEX,
    ]);
  });

  it('reads base64 ids without padding and in the URL-safe alphabet', () => {
    const span = decodeOne({
      traceId: TRACE_B64.replace(/=+$/, '').replace(/\//g, '_'),
    });
    expect(span.traceId).toBe(TRACE_HEX);
  });

  it.each([
    [0, 'unspecified'],
    [1, 'internal'],
    [2, 'server'],
    [3, 'client'],
    [4, 'producer'],
    [5, 'consumer'],
    [9, 'unspecified'],
    ['SPAN_KIND_UNSPECIFIED', 'unspecified'],
    ['SPAN_KIND_INTERNAL', 'internal'],
    ['SPAN_KIND_SERVER', 'server'],
    ['SPAN_KIND_CLIENT', 'client'],
    ['SPAN_KIND_PRODUCER', 'producer'],
    ['SPAN_KIND_CONSUMER', 'consumer'],
    ['server', 'server'],
    [undefined, 'unspecified'],
    [null, 'unspecified'],
  ])('reads kind %j as %s', (kind, expected) => {
    // null is how proto3 JSON may write an unset field
    expect(decodeOne({ kind: kind as OtlpSpan['kind'] }).kind).toBe(expected);
  });

  it('converts int64 nanoseconds beyond 2^53 exactly', () => {
    // as a double, 1700000000000000999 ns rounds to ...1024 ns: one µs too many
    const span = decodeOne({
      startTimeUnixNano: '1700000000000000999',
      endTimeUnixNano: '1700000000002000999',
    });
    expect(span.startMicros).toBe(1_700_000_000_000_000);
    expect(span.durationMicros).toBe(2000);
    expect(Math.floor(Number('1700000000000000999') / 1000)).not.toBe(
      span.startMicros,
    );
  });

  it('accepts nanoseconds as JSON numbers too', () => {
    const span = decodeOne({
      startTimeUnixNano: 1_000_000,
      endTimeUnixNano: 3_500_000,
    });
    expect([span.startMicros, span.durationMicros]).toEqual([1000, 2500]);
  });

  it('clamps an end before the start to a zero duration', () => {
    expect(
      decodeOne({ endTimeUnixNano: '1544712659000000000' }).durationMicros,
    ).toBe(0);
  });

  it.each([
    [{ code: 2 }, 'error'],
    [{ code: 'STATUS_CODE_ERROR' }, 'error'],
    [{ code: 1 }, 'ok'],
    [{ code: 'STATUS_CODE_OK' }, 'ok'],
    [{ code: 0 }, 'unset'],
    [{ code: 'STATUS_CODE_UNSET' }, 'unset'],
    [{}, 'unset'],
    [undefined, 'unset'],
  ])('reads status %j as %s', (status, expected) => {
    expect(decodeOne(status === undefined ? {} : { status }).status).toBe(
      expected,
    );
  });

  it('flattens attribute values of every type, kvlists into dotted keys', () => {
    const span = decodeOne({
      attributes: [
        { key: 's', value: { stringValue: 'x' } },
        { key: 'b', value: { boolValue: false } },
        { key: 'i', value: { intValue: '42' } },
        { key: 'in', value: { intValue: 7 } },
        { key: 'd', value: { doubleValue: 0.5 } },
        { key: 'bytes', value: { bytesValue: 'AAEC' } },
        {
          key: 'arr',
          value: {
            arrayValue: {
              values: [
                { stringValue: 'a' },
                { intValue: '1' },
                { kvlistValue: { values: [] } },
              ],
            },
          },
        },
        {
          key: 'kv',
          value: {
            kvlistValue: {
              values: [
                { key: 'a', value: { stringValue: '1' } },
                {
                  key: 'deep',
                  value: {
                    kvlistValue: {
                      values: [{ key: 'b', value: { boolValue: true } }],
                    },
                  },
                },
              ],
            },
          },
        },
        { key: 'empty', value: {} },
        { key: 'novalue' },
      ],
    });
    expect(span.attributes).toEqual({
      s: 'x',
      b: false,
      i: 42,
      in: 7,
      d: 0.5,
      bytes: 'AAEC',
      arr: ['a', 1],
      'kv.a': '1',
      'kv.deep.b': true,
    });
  });

  it('reads the pre-1.0 instrumentationLibrarySpans', () => {
    const { spans } = decodeOtlpTraces({
      resourceSpans: [
        {
          resource: {
            attributes: [
              { key: 'service.name', value: { stringValue: 'old' } },
            ],
          },
          instrumentationLibrarySpans: [{ spans: [otlpSpan({})] }],
        },
      ],
    });
    expect(spans.map((s) => s.service)).toEqual(['old']);
  });

  it('names the service unknown_service without a service.name', () => {
    const { spans } = decodeOtlpTraces(request([otlpSpan({})], []));
    expect(spans[0]!.service).toBe('unknown_service');
  });

  it('dates an event without a time at the span start', () => {
    const span = decodeOne({ events: [{ name: 'e' }] });
    expect(span.events).toEqual([
      { timeMicros: 1_544_712_660_000_000, name: 'e', attributes: {} },
    ]);
  });

  it('skips links with invalid ids and treats an empty parentSpanId as none', () => {
    const span = decodeOne({
      parentSpanId: '',
      links: [
        { traceId: 'not an id!', spanId: SPAN_HEX },
        { spanId: SPAN_HEX },
        { traceId: TRACE_HEX, spanId: '0'.repeat(16) },
      ],
    });
    expect(span.parentSpanId).toBeUndefined();
    expect(span.references).toEqual([]);
  });

  it('keeps links as link references, which assembly does not follow when a parent exists', () => {
    // root   [0-------10]
    // child     [2--4]              parent root, also a link to root
    // linked              [20--30]  no parent, a link to root
    const { spans } = decodeOtlpTraces(
      request([
        otlpSpan({
          spanId: '0000000000000001',
          name: 'root',
          startTimeUnixNano: '0',
          endTimeUnixNano: '10000',
        }),
        otlpSpan({
          spanId: '0000000000000002',
          parentSpanId: '0000000000000001',
          name: 'child',
          startTimeUnixNano: '2000',
          endTimeUnixNano: '4000',
          links: [{ traceId: TRACE_HEX, spanId: '0000000000000001' }],
        }),
        otlpSpan({
          spanId: '0000000000000003',
          name: 'linked',
          startTimeUnixNano: '20000',
          endTimeUnixNano: '30000',
          links: [{ traceId: TRACE_HEX, spanId: '0000000000000001' }],
        }),
      ]),
    );
    expect(spans[2]!.references).toEqual([
      { type: 'link', traceId: TRACE_HEX, spanId: '0000000000000001' },
    ]);
    const { tree } = buildTraceTree(spans[0]!.traceId, spans);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "root (api) [0-10]
        child (api) [2-4]
        linked (api) [20-30] link"
    `);
  });

  it('rejects and counts spans with missing timestamps or invalid ids', () => {
    const { spans, rejected, warnings } = decodeOtlpTraces(
      request([
        otlpSpan({}),
        otlpSpan({ startTimeUnixNano: undefined }),
        otlpSpan({ endTimeUnixNano: undefined }),
        otlpSpan({ startTimeUnixNano: '12.5' }),
        otlpSpan({ traceId: '0'.repeat(32) }),
        otlpSpan({ spanId: '' }),
        otlpSpan({ spanId: 'not base64!' }),
        otlpSpan({ spanId: 'zz' }), // valid base64, but one byte: not a span id
        otlpSpan({ traceId: 'AAECAwQFBgc=' }), // 8 bytes: too short for a trace id
        otlpSpan({ traceId: undefined }),
        null as never,
      ]),
    );
    expect(spans).toHaveLength(1);
    expect(rejected).toBe(10);
    expect(warnings.map((w) => w.code)).toEqual(
      Array.from({ length: 10 }, () => 'invalid-span'),
    );
    expect(warnings[0]!.traceId).toBe(TRACE_HEX);
  });

  it('decodes nothing from requests without resourceSpans or spans', () => {
    expect(decodeOtlpTraces({}).spans).toEqual([]);
    expect(
      decodeOtlpTraces({
        resourceSpans: [null as never, { scopeSpans: [null as never, {}] }],
      }),
    ).toEqual({ spans: [], rejected: 0, warnings: [] });
  });

  it('does not mutate its input', () => {
    const input = request([
      otlpSpan({
        attributes: [
          {
            key: 'kv',
            value: {
              kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] },
            },
          },
        ],
        events: [{ name: 'e' }],
        links: [{ traceId: TRACE_B64, spanId: SPAN_B64 }],
        status: { code: 2 },
      }),
    ]);
    const copy = structuredClone(input);
    deepFreeze(input);
    decodeOtlpTraces(input);
    expect(input).toEqual(copy);
  });
});

describe('decodeOtlpTraces on fields of the wrong type', () => {
  /** The one warning of a request whose second span has `fields`; the first span is stored. */
  function rejectionOf(fields: Record<string, unknown>): string {
    const { spans, rejected, warnings } = decodeOtlpTraces(
      request([otlpSpan({}), otlpSpan({ spanId: '1'.repeat(16), ...fields })]),
    );
    expect(spans.map((s) => s.spanId)).toEqual([SPAN_HEX]);
    expect(rejected).toBe(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.code).toBe('invalid-span');
    return warnings[0]!.message;
  }

  const AT = 'resourceSpans[0].scopeSpans[0].spans[1]';

  it.each([
    [{ name: 7 }, 'name must be a string, got a number'],
    [
      { kind: 'SPAN_KIND_BOGUS' },
      'kind must be a SpanKind number or name, got "SPAN_KIND_BOGUS"',
    ],
    [{ kind: 1.5 }, 'kind must be a SpanKind number or name, got a number'],
    [{ kind: {} }, 'kind must be a SpanKind number or name, got an object'],
    [{ status: [] }, 'status must be an object, got an array'],
    [
      { status: { code: 'FAILED' } },
      'status.code must be a StatusCode number or name, got "FAILED"',
    ],
    [
      { status: { code: '__proto__' } },
      'status.code must be a StatusCode number or name, got "__proto__"',
    ],
    [
      { status: { code: 'constructor' } },
      'status.code must be a StatusCode number or name, got "constructor"',
    ],
    [
      { status: { message: 1 } },
      'status.message must be a string, got a number',
    ],
    [
      { parentSpanId: 12 },
      'parentSpanId must be a hex or base64 string, got a number',
    ],
    [{ attributes: {} }, 'attributes must be an array, got an object'],
    [
      { attributes: ['a'] },
      'attributes[0] must be a KeyValue object, got a string',
    ],
    [
      { attributes: [{ key: 1, value: { stringValue: 'x' } }] },
      'attributes[0].key must be a string, got a number',
    ],
    [
      { attributes: [{ key: 'k', value: { boolValue: 'yes' } }] },
      'attributes[0].value.boolValue must be a boolean, got a string',
    ],
    [
      { attributes: [{ key: 'k', value: { intValue: '1.5' } }] },
      'attributes[0].value.intValue must be an integer or a decimal string, got a string',
    ],
    [
      { attributes: [{ key: 'k', value: { doubleValue: true } }] },
      'attributes[0].value.doubleValue must be a number, got a boolean',
    ],
    [
      { attributes: [{ key: 'k', value: { bytesValue: [] } }] },
      'attributes[0].value.bytesValue must be a base64 string, got an array',
    ],
    [
      { attributes: [{ key: 'k', value: { arrayValue: [] } }] },
      'attributes[0].value.arrayValue must be an ArrayValue object, got an array',
    ],
    [
      { attributes: [{ key: 'k', value: { arrayValue: { values: [1] } } }] },
      'attributes[0].value.arrayValue.values[0] must be an AnyValue object, got a number',
    ],
    [
      {
        attributes: [
          {
            key: 'k',
            value: {
              kvlistValue: {
                values: [{ key: 'a', value: { stringValue: false } }],
              },
            },
          },
        ],
      },
      'attributes[0].value.kvlistValue.values[0].value.stringValue must be a string, got a boolean',
    ],
    [{ events: 'e' }, 'events must be an array, got a string'],
    [{ events: [null] }, 'events[0] must be an Event object, got null'],
    [
      { events: [{ name: {} }] },
      'events[0].name must be a string, got an object',
    ],
    [
      { events: [{ timeUnixNano: true }] },
      'events[0].timeUnixNano must be a decimal string, got a boolean',
    ],
    [
      { events: [{ attributes: [{ key: 'k', value: 3 }] }] },
      'events[0].attributes[0].value must be an AnyValue object, got a number',
    ],
    [{ links: {} }, 'links must be an array, got an object'],
    [{ links: [7] }, 'links[0] must be a Link object, got a number'],
  ])('rejects the span with %j: %s', (fields, why) => {
    expect(rejectionOf(fields)).toBe(`${AT}.${why}`);
  });

  it('counts a spans or scopeSpans that is no array as one rejected span, and a bad resource as all of its spans', () => {
    const { spans, rejected, warnings } = decodeOtlpTraces({
      resourceSpans: [
        { scopeSpans: [{ spans: 'x' }, { spans: [otlpSpan({})] }] },
        { scopeSpans: {} },
        { instrumentationLibrarySpans: 5 },
        'text',
        {
          resource: { attributes: [{ key: 'a', value: 'b' }] },
          scopeSpans: [{ spans: [otlpSpan({}), otlpSpan({})] }],
        },
        { resource: [], scopeSpans: [{ spans: [otlpSpan({})] }] },
      ] as never,
    });
    expect(spans).toHaveLength(1);
    expect(rejected).toBe(1 + 1 + 1 + 1 + 2 + 1);
    expect(warnings.map((w) => w.message)).toEqual([
      'resourceSpans[0].scopeSpans[0].spans must be an array, got a string',
      'resourceSpans[1].scopeSpans must be an array, got an object',
      'resourceSpans[2].instrumentationLibrarySpans must be an array, got a number',
      'resourceSpans[3] must be a ResourceSpans object, got a string',
      'resourceSpans[4].resource.attributes[0].value must be an AnyValue object, got a string',
      'resourceSpans[5].resource must be a Resource object, got an array',
    ]);
  });

  /** An attribute value of `levels` AnyValues, alternating or of one kind, built as JSON text and parsed. */
  function nested(
    levels: number,
    kinds: readonly ('kvlist' | 'array')[],
  ): unknown {
    let open = '';
    let close = '';
    for (let i = 0; i < levels - 1; i++) {
      if (kinds[i % kinds.length] === 'kvlist') {
        open += '{"kvlistValue":{"values":[{"key":"k","value":';
        close = `}]}}${close}`;
      } else {
        open += '{"arrayValue":{"values":[';
        close = `]}}${close}`;
      }
    }
    return JSON.parse(`${open}{"stringValue":"leaf"}${close}`);
  }

  it.each([
    ['kvlist', ['kvlist']],
    ['array', ['array']],
    ['alternating', ['kvlist', 'array']],
  ] as const)(
    'keeps %s values 64 levels deep, as the protobuf decoder does, and rejects 65',
    (_name, kinds) => {
      const at64 = decodeOne({
        attributes: [{ key: 'deep', value: nested(64, kinds) as never }],
      });
      if (kinds.length === 1 && kinds[0] === 'kvlist') {
        expect(at64.attributes).toEqual({ [`deep${'.k'.repeat(63)}`]: 'leaf' });
      }
      expect(
        rejectionOf({
          attributes: [{ key: 'deep', value: nested(65, kinds) }],
        }),
      ).toBe(`${AT}.attributes[0].value is nested deeper than 64 levels`);
    },
  );

  it('keeps an attribute named __proto__ as an attribute, not as the prototype', () => {
    const span = decodeOne({
      attributes: JSON.parse(
        '[{"key": "__proto__", "value": {"arrayValue": {"values": [{"stringValue": "a"}]}}}]',
      ) as never,
    });
    expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype);
    expect(Object.entries(span.attributes)).toEqual([['__proto__', ['a']]]);
  });

  it('rejects values nested 100 000 levels deep without overflowing the stack', () => {
    for (const kinds of [['kvlist'], ['array']] as const) {
      expect(
        rejectionOf({
          events: [
            { attributes: [{ key: 'deep', value: nested(100_000, kinds) }] },
          ],
        }),
      ).toBe(
        `${AT}.events[0].attributes[0].value is nested deeper than 64 levels`,
      );
    }
  });
});

const OTLP_FILES = {
  // a HotROD trace from Jaeger's api_v3, wrapped as {"result": …}
  'hotrod-jaeger-apiv3-getTrace.otlp.json': {
    facts: {
      spans: 40,
      traceIds: ['2ea75461946a7dd10f2c15ab36a076cb'],
      services: [
        'customer',
        'driver',
        'frontend',
        'mysql',
        'redis-manual',
        'route',
      ],
    },
    assembly: [{ roots: 1, warnings: {} }],
  },
  // the OTLP specification's example: upper-case hex ids, its parent is not in the file
  'otlp-proto-example.otlp.json': {
    facts: { spans: 1, traceIds: [TRACE_HEX], services: ['my.service'] },
    assembly: [{ roots: 1, warnings: { 'orphan-span': 1 } }],
  },
};

function unwrap(raw: unknown): OtlpExportTraceServiceRequest {
  const r = raw as {
    result?: OtlpExportTraceServiceRequest;
  } & OtlpExportTraceServiceRequest;
  return r.result ?? r;
}

describe('decodeOtlpTraces on the real files in fixtures/traces', () => {
  it('covers every OTLP JSON file there', () => {
    expect(listTraceFiles().filter((f) => f.endsWith('.otlp.json'))).toEqual(
      Object.keys(OTLP_FILES).sort(),
    );
  });

  describe.each(Object.entries(OTLP_FILES))('%s', (file, expected) => {
    const req = unwrap(readTraceJson(file));
    const decoded = decodeOtlpTraces(req);

    it('decodes every span with its trace, parent and service as in the raw JSON', () => {
      expect(decoded.rejected).toBe(0);
      expect(factsOfDecoded(decoded.spans)).toEqual(rawFacts(req));
      expect(summarise(rawFacts(req))).toEqual(expected.facts);
    });

    it('assembles with the roots and warnings expected for this file', () => {
      expect(assemblySummary(decoded.spans)).toEqual(expected.assembly);
    });
  });

  it('reads the nanosecond times of the HotROD trace exactly', () => {
    const req = unwrap(readTraceJson('hotrod-jaeger-apiv3-getTrace.otlp.json'));
    const raw = req.resourceSpans!.flatMap((rs) =>
      rs.scopeSpans!.flatMap((ss) => ss.spans!),
    );
    const { spans } = decodeOtlpTraces(req);
    spans.forEach((s, i) => {
      const start = BigInt(raw[i]!.startTimeUnixNano as string) / 1000n;
      const end = BigInt(raw[i]!.endTimeUnixNano as string) / 1000n;
      expect(BigInt(s.startMicros)).toBe(start);
      expect(BigInt(s.startMicros + s.durationMicros)).toBe(end);
    });
  });

  it('assembles the HotROD trace into the expected tree', () => {
    const { spans } = decodeOtlpTraces(
      unwrap(readTraceJson('hotrod-jaeger-apiv3-getTrace.otlp.json')),
    );
    const [[traceId, list]] = [...groupByTrace(spans)] as [
      [Span['traceId'], Span[]],
    ];
    expect(dumpTree(buildTraceTree(traceId, list).tree)).toMatchInlineSnapshot(`
      "GET /dispatch (frontend) [1782036644630407-1782036645333015]
        HTTP GET (frontend) [1782036644636668-1782036644898226]
          GET /customer (customer) [1782036644639344-1782036644897766]
            SQL SELECT (mysql) [1782036644640068-1782036644897378]
        driver.DriverService/FindNearest (frontend) [1782036644898589-1782036645125442]
          driver.DriverService/FindNearest (driver) [1782036644899101-1782036645125156]
            FindDriverIDs (redis-manual) [1782036644899180-1782036644918894]
            GetDriver (redis-manual) [1782036644919043-1782036644951596]
            GetDriver (redis-manual) [1782036644951687-1782036644967087]
            GetDriver (redis-manual) [1782036644967219-1782036644975782]
            GetDriver (redis-manual) [1782036644975825-1782036644987277]
            GetDriver (redis-manual) [1782036644987320-1782036644997799]
            GetDriver (redis-manual) [1782036644997843-1782036645036504]
            GetDriver (redis-manual) [1782036645036557-1782036645047120]
            GetDriver (redis-manual) [1782036645047168-1782036645055628]
            GetDriver (redis-manual) [1782036645055680-1782036645067117]
            GetDriver (redis-manual) [1782036645067174-1782036645073683]
            GetDriver (redis-manual) [1782036645073763-1782036645106516]
            GetDriver (redis-manual) [1782036645106560-1782036645116017]
            GetDriver (redis-manual) [1782036645116048-1782036645124414]
        HTTP GET (frontend) [1782036645125551-1782036645186734]
          GET /route (route) [1782036645125836-1782036645186371]
        HTTP GET (frontend) [1782036645125640-1782036645172670]
          GET /route (route) [1782036645126022-1782036645172485]
        HTTP GET (frontend) [1782036645125825-1782036645163101]
          GET /route (route) [1782036645126491-1782036645162893]
        HTTP GET (frontend) [1782036645163191-1782036645231407]
          GET /route (route) [1782036645163428-1782036645231322]
        HTTP GET (frontend) [1782036645172761-1782036645231384]
          GET /route (route) [1782036645173199-1782036645231218]
        HTTP GET (frontend) [1782036645186820-1782036645245337]
          GET /route (route) [1782036645187073-1782036645245063]
        HTTP GET (frontend) [1782036645231468-1782036645272185]
          GET /route (route) [1782036645231552-1782036645271861]
        HTTP GET (frontend) [1782036645231489-1782036645281024]
          GET /route (route) [1782036645231605-1782036645280788]
        HTTP GET (frontend) [1782036645245482-1782036645289165]
          GET /route (route) [1782036645245814-1782036645288956]
        HTTP GET (frontend) [1782036645272348-1782036645332902]
          GET /route (route) [1782036645272575-1782036645332674]"
    `);
  });

  it('assembles the specification example into one orphan root', () => {
    const { spans } = decodeOtlpTraces(
      unwrap(readTraceJson('otlp-proto-example.otlp.json')),
    );
    const { tree, warnings } = buildTraceTree(spans[0]!.traceId, spans);
    expect(dumpTree(tree)).toMatchInlineSnapshot(
      `"I'm a server span (my.service) [1544712660000000-1544712661000000]"`,
    );
    expect(warnings.map((w) => [w.code, w.spanId])).toEqual([
      ['orphan-span', SPAN_HEX],
    ]);
  });
});

function deepFreeze(v: unknown): void {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
}
