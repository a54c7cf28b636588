import { describe, expect, it } from 'vitest';
import { buildTraceTree, decodeJaegerTrace } from '@pathprof/engine';
import type {
  JaegerResponse,
  JaegerSpan,
  JaegerTrace,
  Span,
} from '@pathprof/model';
import { dumpTree } from '../helpers.js';
import {
  assemblySummary,
  factsOfDecoded,
  groupByTrace,
  listTraceFiles,
  normaliseId,
  readTraceJson,
  summarise,
} from './real-traces.js';
import type { RawSpanFacts } from './real-traces.js';

const TRACE = '2992f2a5b5d037a8aabffd08ef384237';

function jspan(fields: Partial<JaegerSpan>): JaegerSpan {
  return {
    traceID: TRACE,
    spanID: '00000000000000a1',
    operationName: 'op',
    references: [],
    startTime: 1000,
    duration: 50,
    tags: [],
    logs: [],
    processID: 'p1',
    ...fields,
  };
}

function trace(
  spans: JaegerSpan[],
  processes: JaegerTrace['processes'] = {
    p1: { serviceName: 'api', tags: [] },
  },
): JaegerTrace {
  return { traceID: TRACE, spans, processes };
}

function decodeOne(
  fields: Partial<JaegerSpan>,
  processes?: JaegerTrace['processes'],
): Span {
  const { spans, rejected } = decodeJaegerTrace(
    trace([jspan(fields)], processes),
  );
  expect(rejected).toBe(0);
  return spans[0]!;
}

/** Counts straight from the raw Jaeger JSON, without the decoder. */
function rawFacts(traces: readonly JaegerTrace[]): RawSpanFacts[] {
  return traces.flatMap((t) =>
    t.spans.map((s) => {
      const parent =
        s.parentSpanID ??
        (
          s.references?.find((r) => r.refType === 'CHILD_OF') ??
          s.references?.[0]
        )?.spanID;
      return {
        traceId: normaliseId(s.traceID, 32),
        spanId: normaliseId(s.spanID, 16),
        parentId: parent === undefined ? null : normaliseId(parent, 16),
        service: t.processes?.[s.processID!]?.serviceName ?? 'unknown',
      };
    }),
  );
}

describe('decodeJaegerTrace', () => {
  it.each(['__proto__', 'constructor', 'toString'])(
    'reads the span.kind tag %s, a name every object has, as unspecified',
    (kind) => {
      const span = decodeOne({
        tags: [{ key: 'span.kind', type: 'string', value: kind }],
      });
      expect(span.kind).toBe('unspecified');
    },
  );

  it('decodes a span with its service and resource from processes[processID]', () => {
    const span = decodeOne(
      {
        spanID: '00000000000000B2',
        operationName: 'GET /users',
        references: [
          { refType: 'CHILD_OF', traceID: TRACE, spanID: '00000000000000a1' },
        ],
        startTime: 1_509_533_706_470_949,
        duration: 70_406,
        processID: 'p2',
        tags: [
          { key: 'span.kind', type: 'string', value: 'server' },
          { key: 'http.status_code', type: 'int64', value: 200 },
        ],
      },
      {
        p1: { serviceName: 'web' },
        p2: {
          serviceName: 'users',
          tags: [{ key: 'hostname', type: 'string', value: 'host-1' }],
        },
      },
    );
    expect(span).toEqual({
      traceId: TRACE,
      spanId: '00000000000000b2',
      references: [
        { type: 'child_of', traceId: TRACE, spanId: '00000000000000a1' },
      ],
      service: 'users',
      operation: 'GET /users',
      kind: 'server',
      startMicros: 1_509_533_706_470_949,
      durationMicros: 70_406,
      status: 'unset',
      attributes: { 'span.kind': 'server', 'http.status_code': 200 },
      resource: { hostname: 'host-1' },
      events: [],
    });
  });

  it('uses a process embedded in the span', () => {
    const span = decodeOne({
      processID: undefined,
      process: { serviceName: 'embedded' },
    });
    expect(span.service).toBe('embedded');
  });

  it('names the service "unknown" when the process or its serviceName is missing', () => {
    expect(decodeOne({ processID: 'nope' }).service).toBe('unknown');
    expect(decodeOne({}, { p1: { tags: [] } as never }).service).toBe(
      'unknown',
    );
    expect(decodeOne({}, null as never).service).toBe('unknown');
  });

  it('reads a FOLLOWS_FROM reference, which assembly keeps as follows_from', () => {
    // demo   [0--------------70]
    // thread          [50-51]      FOLLOWS_FROM demo
    const { spans } = decodeJaegerTrace(
      trace([
        jspan({
          spanID: 'b',
          operationName: 'thread',
          startTime: 50,
          duration: 1,
          references: [
            { refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: 'a' },
          ],
        }),
        jspan({
          spanID: 'a',
          operationName: 'demo',
          startTime: 0,
          duration: 70,
        }),
      ]),
    );
    expect(spans[0]!.references).toEqual([
      { type: 'follows_from', traceId: TRACE, spanId: '000000000000000a' },
    ]);
    expect(spans[0]!.parentSpanId).toBeUndefined();
    const { tree } = buildTraceTree(spans[0]!.traceId, spans);
    expect(dumpTree(tree)).toMatchInlineSnapshot(`
      "demo (api) [0-70]
        thread (api) [50-51] follows_from"
    `);
  });

  it('reads the older parentSpanID field as the primary CHILD_OF parent', () => {
    const span = decodeOne({
      parentSpanID: '00000000000000C3',
      references: [
        { refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: '00000000000000d4' },
      ],
    });
    expect(span.parentSpanId).toBe('00000000000000c3');
    expect(span.references).toEqual([
      { type: 'child_of', traceId: TRACE, spanId: '00000000000000c3' },
      { type: 'follows_from', traceId: TRACE, spanId: '00000000000000d4' },
    ]);
  });

  it('does not repeat a parentSpanID that is also a reference', () => {
    const span = decodeOne({
      parentSpanID: 'c3',
      references: [{ refType: 'CHILD_OF', traceID: TRACE, spanID: 'c3' }],
    });
    expect(span.references).toHaveLength(1);
  });

  it('treats parentSpanID "0" as no parent and skips references without ids', () => {
    const span = decodeOne({
      parentSpanID: '0',
      references: [
        { refType: 'CHILD_OF', traceID: TRACE, spanID: '' },
        { refType: 'CHILD_OF', traceID: '', spanID: 'c3' },
        null as never,
      ],
    });
    expect(span.parentSpanId).toBeUndefined();
    expect(span.references).toEqual([]);
  });

  it('keeps spans with non-hex ids (as Jaeger UI fixtures write them), mapped to stable hex ids', () => {
    const { spans, rejected } = decodeJaegerTrace(
      trace([
        jspan({ traceID: 'trace-1', spanID: 'A' }),
        jspan({
          traceID: 'trace-1',
          spanID: 'B',
          references: [
            { refType: 'CHILD_OF', traceID: 'trace-1', spanID: 'A' },
          ],
        }),
      ]),
    );
    expect(rejected).toBe(0);
    expect(spans).toHaveLength(2);
    const [a, b] = spans;
    expect(a!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a!.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(b!.traceId).toBe(a!.traceId);
    expect(b!.references).toEqual([
      { type: 'child_of', traceId: a!.traceId, spanId: a!.spanId },
    ]);
  });

  it('reads tags by type: bool, int64 and float64, also string-encoded', () => {
    const span = decodeOne({
      tags: [
        { key: 'b1', type: 'bool', value: true },
        { key: 'b2', type: 'bool', value: 'true' },
        { key: 'b3', type: 'bool', value: 'false' },
        { key: 'i1', type: 'int64', value: 42 },
        { key: 'i2', type: 'int64', value: '-17' },
        { key: 'f1', type: 'float64', value: 1.5 },
        { key: 'f2', type: 'float64', value: '2.25' },
        { key: 'f3', type: 'float64', value: 'not a number' },
        { key: 's', type: 'string', value: '123' },
        { key: 'untyped', value: 'x' },
        { key: 'bin', type: 'binary', value: 'AAEC' },
        { key: 'obj', type: 'string', value: { a: 1 } as never },
        { type: 'string', value: 'no key' } as never,
      ],
    });
    expect(span.attributes).toEqual({
      b1: true,
      b2: true,
      b3: false,
      i1: 42,
      i2: -17,
      f1: 1.5,
      f2: 2.25,
      f3: 'not a number',
      s: '123',
      untyped: 'x',
      bin: 'AAEC',
    });
  });

  it.each([
    ['server', 'server'],
    ['CLIENT', 'client'],
    ['producer', 'producer'],
    ['consumer', 'consumer'],
    ['internal', 'internal'],
    ['bogus', 'unspecified'],
  ])('reads span.kind %s as %s', (tag, kind) => {
    expect(
      decodeOne({ tags: [{ key: 'span.kind', type: 'string', value: tag }] })
        .kind,
    ).toBe(kind);
  });

  it('has kind unspecified without a span.kind tag', () => {
    expect(decodeOne({}).kind).toBe('unspecified');
  });

  it.each([
    [[{ key: 'error', type: 'bool', value: true }], 'error'],
    [[{ key: 'error', type: 'string', value: 'true' }], 'error'],
    [[{ key: 'error', type: 'bool', value: false }], 'unset'],
    [[{ key: 'otel.status_code', type: 'string', value: 'ERROR' }], 'error'],
    [[{ key: 'otel.status_code', type: 'string', value: 'OK' }], 'ok'],
    [[], 'unset'],
  ] as const)('reads status from tags %j as %s', (tags, status) => {
    expect(decodeOne({ tags: [...tags] }).status).toBe(status);
  });

  it('turns logs into events named by their "event" field', () => {
    const span = decodeOne({
      logs: [
        {
          timestamp: 1010,
          fields: [
            { key: 'event', type: 'string', value: 'cache miss' },
            { key: 'key', type: 'string', value: 'u1' },
          ],
        },
        {
          timestamp: 1020,
          fields: [{ key: 'message', type: 'string', value: 'retrying' }],
        },
        null as never,
      ],
    });
    expect(span.events).toEqual([
      {
        timeMicros: 1010,
        name: 'cache miss',
        attributes: { event: 'cache miss', key: 'u1' },
      },
      { timeMicros: 1020, name: 'log', attributes: { message: 'retrying' } },
    ]);
  });

  it('reads numbers given as strings for times, and 0 for missing ones', () => {
    const span = decodeOne({
      startTime: '1509533706470949' as never,
      duration: undefined as never,
    });
    expect(span.startMicros).toBe(1_509_533_706_470_949);
    expect(span.durationMicros).toBe(0);
  });

  it('left-pads 64-bit trace ids and lowercases ids', () => {
    const span = decodeOne({ traceID: 'AABFFD08EF384237', spanID: 'ABC' });
    expect(span.traceId).toBe('0000000000000000aabffd08ef384237');
    expect(span.spanId).toBe('0000000000000abc');
  });

  it('rejects and counts spans without valid ids', () => {
    const { spans, rejected, warnings } = decodeJaegerTrace(
      trace([
        jspan({ spanID: 'a1' }),
        jspan({ spanID: '' }),
        jspan({ spanID: '0000000000000000' }),
        jspan({ spanID: 7 as never }),
        jspan({ traceID: '0' }),
        jspan({ traceID: undefined as never }),
        null as never,
      ]),
    );
    expect(spans.map((s) => s.spanId)).toEqual(['00000000000000a1']);
    expect(rejected).toBe(6);
    expect(warnings.map((w) => [w.code, w.traceId])).toEqual(
      Array.from({ length: 6 }, () => ['invalid-span', TRACE]),
    );
  });

  it('decodes nothing from a trace without a spans array', () => {
    expect(decodeJaegerTrace({ traceID: TRACE } as never)).toEqual({
      spans: [],
      rejected: 0,
      warnings: [],
    });
  });

  it('does not mutate its input', () => {
    const input = trace([
      jspan({
        spanID: 'a',
        tags: [{ key: 'error', type: 'bool', value: 'true' }],
        logs: [{ timestamp: 1, fields: [] }],
      }),
      jspan({
        spanID: 'b',
        parentSpanID: 'a',
        references: [{ refType: 'FOLLOWS_FROM', traceID: TRACE, spanID: 'a' }],
      }),
    ]);
    const copy = structuredClone(input);
    deepFreeze(input);
    decodeJaegerTrace(input);
    expect(input).toEqual(copy);
  });
});

describe('decodeJaegerTrace on the real files in fixtures/traces', () => {
  it('covers every Jaeger query-API file there', () => {
    expect(listTraceFiles().filter((f) => f.endsWith('.jaeger.json'))).toEqual([
      'jaeger-follows-from-issue115.jaeger.json',
    ]);
  });

  it('every file there is covered by one decoder’s golden test', () => {
    // jaeger here, *.otlp.json in decode-otlp-json, zipkin* in decode-zipkin-spans
    const unclaimed = listTraceFiles().filter(
      (f) =>
        !f.endsWith('.jaeger.json') &&
        !f.endsWith('.otlp.json') &&
        !f.startsWith('zipkin'),
    );
    expect(unclaimed).toEqual([]);
  });

  describe('jaeger-follows-from-issue115.jaeger.json', () => {
    const raw = readTraceJson(
      'jaeger-follows-from-issue115.jaeger.json',
    ) as JaegerResponse<JaegerTrace[]>;
    const decoded = raw.data.map((t) => decodeJaegerTrace(t));
    const spans = decoded.flatMap((d) => d.spans);

    it('decodes every span with its trace, parent and service as in the raw JSON', () => {
      expect(decoded.map((d) => d.rejected)).toEqual([0]);
      expect(factsOfDecoded(spans)).toEqual(rawFacts(raw.data));
      expect(summarise(factsOfDecoded(spans))).toEqual({
        spans: 2,
        traceIds: [TRACE],
        services: ['issue115'],
      });
    });

    it('assembles one root with the FOLLOWS_FROM child and no warning', () => {
      expect(assemblySummary(spans)).toEqual([{ roots: 1, warnings: {} }]);
      const [[traceId, list]] = [...groupByTrace(spans)] as [
        [Span['traceId'], Span[]],
      ];
      expect(dumpTree(buildTraceTree(traceId, list).tree))
        .toMatchInlineSnapshot(`
        "demo (issue115) [1509533706470949-1509533706541355]
          thread (issue115) [1509533706521220-1509533706522393] follows_from"
      `);
    });
  });
});

function deepFreeze(v: unknown): void {
  if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
    Object.freeze(v);
    Object.values(v).forEach(deepFreeze);
  }
}
