/**
 * The byte decoder gives exactly the spans of the plain path
 * (`decodeJaegerTrace(JSON.parse(text))`) cut to its projection — on real
 * traces, on random traces written as odd but valid JSON, and it declines
 * (null) rather than guess on what it does not take.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
  decodeJaegerTrace,
  FULL_SPANS,
  projectSpan,
  withKeptAttributes,
} from '@pathprof/engine';
import type { DecodedSpans, SpanProjection } from '@pathprof/engine';
import { parseSpanId } from '@pathprof/model';
import type { JaegerTrace } from '@pathprof/model';
import { writeOddJson } from './odd-json.js';
import { listTraceFiles, readTraceJson } from './real-traces.js';

const encoder = new TextEncoder();

function plain(text: string, projection: SpanProjection): DecodedSpans {
  const decoded = decodeJaegerTrace(JSON.parse(text) as JaegerTrace);
  return {
    ...decoded,
    spans: decoded.spans.map((s) => projectSpan(s, projection)),
  };
}

function fast(
  text: string,
  projection: SpanProjection,
  padding = 0,
): DecodedSpans | null {
  // inside a larger buffer, as the splitter hands elements out
  const body = encoder.encode(text);
  const bytes = new Uint8Array(body.length + 2 * padding).fill(0x5d);
  bytes.set(body, padding);
  return createJaegerBytesDecoder(projection).decode(
    bytes,
    padding,
    padding + body.length,
  );
}

const PROJECTIONS: [string, SpanProjection][] = [
  ['analysis', ANALYSIS_PROJECTION],
  ['full', FULL_SPANS],
  ['analysis + version', withKeptAttributes(ANALYSIS_PROJECTION, ['version'])],
];

describe('decoding Jaeger JSON from bytes', () => {
  const jaegerFiles = listTraceFiles().filter((f) =>
    f.endsWith('.jaeger.json'),
  );

  it.each(jaegerFiles)('gives the plain spans of every trace in %s', (file) => {
    const doc = readTraceJson(file) as { data?: unknown[] } | unknown[];
    const traces = Array.isArray(doc) ? doc : (doc.data ?? [doc]);
    expect(traces.length).toBeGreaterThan(0);
    for (const trace of traces) {
      const text = JSON.stringify(trace);
      for (const [, projection] of PROJECTIONS) {
        expect(fast(text, projection, 3)).toEqual(plain(text, projection));
      }
    }
  });

  it('gives the plain spans of random traces written as odd but valid JSON', () => {
    fc.assert(
      fc.property(
        traceArb,
        fc.infiniteStream(fc.nat()),
        fc.constantFrom(...PROJECTIONS),
        (trace, randomness, [, projection]) => {
          const it = randomness[Symbol.iterator]();
          const text = writeOddJson(trace, (n) => it.next().value % n);
          expect(JSON.parse(text)).toEqual(trace);
          const got = fast(text, projection, 1);
          // declining is allowed only for shapes the plain decoder treats specially
          if (got === null) {
            expect(isDeclinable(trace)).toBe(true);
            return;
          }
          expect(got).toEqual(plain(text, projection));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps only the projected attributes, and those that decide kind and status', () => {
    const text = JSON.stringify({
      traceID: 'ab',
      spans: [
        {
          traceID: 'ab',
          spanID: '00000000000000a1',
          tags: [
            { key: 'http.status_code', type: 'int64', value: 503 },
            { key: 'span.kind', type: 'string', value: 'server' },
            { key: 'guid:x-request-id', type: 'string', value: 'x' },
            { key: 'pathprof.cpu_ms', type: 'float64', value: '1.5' },
          ],
          logs: [{ timestamp: 5, fields: [{ key: 'event', value: 'x' }] }],
          processID: 'p1',
        },
      ],
      processes: {
        p1: { serviceName: 'api', tags: [{ key: 'version', value: 'v1' }] },
      },
    });
    const span = fast(text, ANALYSIS_PROJECTION)!.spans[0]!;
    expect(span.attributes).toEqual({
      'http.status_code': 503,
      'span.kind': 'server',
      'pathprof.cpu_ms': 1.5,
    });
    expect(span.kind).toBe('server');
    expect(span.resource).toEqual({});
    expect(span.events).toEqual([]);
    const split = fast(
      text,
      withKeptAttributes(ANALYSIS_PROJECTION, ['version']),
    )!.spans[0]!;
    expect(split.resource).toEqual({ version: 'v1' });
  });

  it.each([
    ['invalid JSON', '{"traceID":"ab","spans":[}'],
    ['a control character in a string', '{"traceID":"a\tb","spans":[]}'],
    ['a bad escape', '{"traceID":"a\\qb","spans":[]}'],
    ['trailing text', '{"traceID":"ab","spans":[]} x'],
    ['a leading zero', '{"traceID":"ab","spans":[{"startTime":012}]}'],
    ['spans that are not an array', '{"traceID":"ab","spans":{}}'],
    ['a number as the trace id', '{"traceID":12,"spans":[]}'],
    ['an array', '[{"traceID":"ab","spans":[]}]'],
  ])('declines %s', (_, text) => {
    expect(fast(text, FULL_SPANS)).toBeNull();
  });

  it('relies on a canonical span id (16 lowercase hex digits, not all zero) normalising to itself', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...'0123456789abcdef'), {
            minLength: 16,
            maxLength: 16,
          })
          .map((d) => d.join(''))
          .filter((id) => /[1-9a-f]/.test(id)),
        (id) => {
          expect(parseSpanId(id)).toBe(id);
        },
      ),
    );
  });

  it('declines, when told to take traces only, an object that is not plainly one', () => {
    const zipkin = encoder.encode('{"traceId":"ab","id":"00000000000000a1"}');
    const decoder = createJaegerBytesDecoder(FULL_SPANS);
    expect(decoder.decode(zipkin, 0, zipkin.length, true)).toBeNull();
    expect(decoder.decode(zipkin, 0, zipkin.length)).toEqual({
      spans: [],
      rejected: 0,
      warnings: [],
    });
  });
});

/** Traces the byte decoder may leave to the plain path. */
function isDeclinable(trace: Record<string, unknown>): boolean {
  const id = trace['traceID'];
  return (
    (id !== undefined && id !== null && typeof id !== 'string') ||
    (trace['spans'] !== undefined && !Array.isArray(trace['spans'])) ||
    (trace['processes'] !== undefined &&
      trace['processes'] !== null &&
      (typeof trace['processes'] !== 'object' ||
        Array.isArray(trace['processes'])))
  );
}

const hexId = (digits: number): fc.Arbitrary<string> =>
  fc
    .array(fc.constantFrom(...'0123456789abcdefABCDEF'), {
      minLength: 1,
      maxLength: digits,
    })
    .map((d) => d.join(''));

const ID = fc.oneof(
  { weight: 6, arbitrary: hexId(16) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('0000', 'xyz', '', '00000000000000a1'),
  },
);
const TRACE_ID = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'ab',
      'AB',
      '00000000000000ab',
      '1f2e3d4c5b6a7988',
    ),
  },
  { weight: 1, arbitrary: hexId(32) },
);

/** Text with escapes and unicode worth writing oddly. */
const TEXT = fc.oneof(
  fc.constantFrom(
    'svc-a',
    'GET /a',
    'proxy',
    'server',
    'CLIENT',
    'true',
    'ERROR',
    'OK',
    '503',
    '1.5',
    '',
  ),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

const TAG_KEY = fc.oneof(
  fc.constantFrom(
    ...[...ANALYSIS_PROJECTION.attributes!],
    'version',
    'guid:x-request-id',
    '__proto__',
    'constructor',
    'event',
  ),
  TEXT,
);

const SCALAR = fc.oneof(
  TEXT,
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const tagArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        key: TAG_KEY,
        type: fc.constantFrom('string', 'bool', 'int64', 'float64', 'binary'),
        value: SCALAR,
      },
      { requiredKeys: ['key', 'value'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

const processArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        serviceName: fc.oneof(TEXT, fc.integer()),
        tags: fc.array(tagArb, { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

const TIME = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 53 - 1 }),
  fc.integer({ min: 0, max: 10_000_000 }).map(String),
  fc.constantFrom(' 12 ', '1e3', 'x', 1e300, -7),
);

const spanArb = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        traceID: fc.oneof(
          { weight: 8, arbitrary: TRACE_ID },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 0 }) },
        ),
        spanID: fc.oneof(
          { weight: 8, arbitrary: ID },
          { weight: 1, arbitrary: fc.integer() },
        ),
        parentSpanID: ID,
        flags: fc.integer(),
        operationName: fc.oneof(TEXT, fc.constant(null)),
        references: fc.array(
          fc.oneof(
            fc.record(
              {
                refType: fc.constantFrom(
                  'CHILD_OF',
                  'FOLLOWS_FROM',
                  'child_of',
                  7,
                ),
                traceID: TRACE_ID,
                spanID: ID,
              },
              { requiredKeys: [] },
            ),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          { maxLength: 3 },
        ),
        startTime: TIME,
        duration: TIME,
        tags: fc.oneof(
          { weight: 8, arbitrary: fc.array(tagArb, { maxLength: 6 }) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
        ),
        logs: fc.array(
          fc.oneof(
            fc.record(
              { timestamp: TIME, fields: fc.array(tagArb, { maxLength: 2 }) },
              { requiredKeys: [] },
            ),
            fc.jsonValue({ maxDepth: 1 }),
          ),
          { maxLength: 2 },
        ),
        processID: fc.constantFrom('p1', 'p2', 'p3', 'toString', '__proto__'),
        process: processArb,
        warnings: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: ['spanID'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
);

const traceArb: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    traceID: fc.oneof(
      { weight: 10, arbitrary: TRACE_ID },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 0 }) },
    ),
    spans: fc.oneof(
      { weight: 10, arbitrary: fc.array(spanArb, { maxLength: 6 }) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    processes: fc.oneof(
      {
        weight: 10,
        arbitrary: fc.dictionary(
          fc.constantFrom('p1', 'p2', 'p3', '__proto__'),
          processArb,
        ),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) },
    ),
    warnings: fc.jsonValue({ maxDepth: 2 }),
  },
  { requiredKeys: [] },
);
