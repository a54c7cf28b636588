/**
 * OTLP JSON whose fields have the wrong type, or attribute values nested
 * deeper than the protobuf decoder allows: the spans that cannot be read
 * as sent are rejected and reported (`partialSuccess`), a body with no
 * usable span gets 400 with the reason, and nothing answers 500.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { post } from '../ingest/ingest-test-helpers.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const JSON_HEADERS = { 'content-type': 'application/json' };
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

function span(
  spanId: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    traceId: TRACE_ID,
    spanId,
    name: `op-${spanId.slice(-1)}`,
    kind: 2,
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    ...fields,
  };
}

function body(
  spans: unknown,
  scopeSpans?: unknown,
  resourceAttributes: unknown = [
    { key: 'service.name', value: { stringValue: 'svc' } },
  ],
): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: resourceAttributes },
        scopeSpans: scopeSpans ?? [{ spans }],
      },
    ],
  });
}

async function send(text: string): Promise<Response> {
  collector ??= await startTestCollector();
  return post(`${collector.urls.otlp!}/v1/traces`, text, JSON_HEADERS);
}

async function storedSpanIds(): Promise<string[]> {
  const traces = await collector!.store.getTraces([TRACE_ID as never]);
  return (traces[0]?.spans ?? []).map((s) => s.spanId).sort();
}

/** `{"kvlistValue": {"values": [{"key": "k", "value": …}]}}` or `arrayValue` nested `levels` deep, as text (JSON.stringify itself overflows on such depths). */
function nestedValue(levels: number, kind: 'kvlist' | 'array'): string {
  const [open, close] =
    kind === 'kvlist'
      ? ['{"kvlistValue":{"values":[{"key":"k","value":', '}]}}']
      : ['{"arrayValue":{"values":[', ']}}'];
  return `${open.repeat(levels)}{"stringValue":"x"}${close.repeat(levels)}`;
}

function spanWithValue(spanId: string, value: string): string {
  const text = JSON.stringify(span(spanId));
  return `${text.slice(0, -1)},"attributes":[{"key":"deep","value":${value}}]}`;
}

describe('OTLP JSON attribute values nested too deep', () => {
  it.each(['kvlist', 'array'] as const)(
    'answers 400 with a message, not 500, to a %sValue nested 8 000 levels deep',
    async (kind) => {
      const res = await send(
        `{"resourceSpans":[{"scopeSpans":[{"spans":[${spanWithValue('00000000000000a1', nestedValue(8000, kind))}]}]}]}`,
      );
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 3,
        message:
          'no span in the body could be used: resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value is nested deeper than 64 levels',
      });
      expect(collector!.logs.filter((l) => l.level === 'error')).toEqual([]);
    },
  );

  it('keeps 64 levels, as the protobuf decoder does, and rejects the span at 65 beside a good one', async () => {
    const ok = await send(
      `{"resourceSpans":[{"scopeSpans":[{"spans":[${spanWithValue('00000000000000a1', nestedValue(63, 'kvlist'))},${spanWithValue('00000000000000a2', nestedValue(64, 'array'))}]}]}]}`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage:
          '1 span was rejected: resourceSpans[0].scopeSpans[0].spans[1].attributes[0].value is nested deeper than 64 levels',
      },
    });
    expect(await storedSpanIds()).toEqual(['00000000000000a1']);
  });
});

describe('OTLP JSON with fields of the wrong type', () => {
  it('answers 400 when spans is not an array and nothing else is usable', async () => {
    const res = await send(body('x'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 3,
      message:
        'no span in the body could be used: resourceSpans[0].scopeSpans[0].spans must be an array, got a string',
    });
    expect(await collector!.store.listServices()).toEqual([]);
  });

  it('answers 400 when scopeSpans is not an array', async () => {
    const res = await send(body(undefined, { spans: [span('1')] }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      message:
        'no span in the body could be used: resourceSpans[0].scopeSpans must be an array, got an object',
    });
  });

  it.each([
    ['attributes', 'x', 'attributes must be an array, got a string'],
    [
      'attributes',
      [{ key: 'a', value: 'plain' }],
      'attributes[0].value must be an AnyValue object, got a string',
    ],
    [
      'attributes',
      [{ key: 'a', value: { stringValue: 5 } }],
      'attributes[0].value.stringValue must be a string, got a number',
    ],
    ['events', { name: 'e' }, 'events must be an array, got an object'],
    [
      'events',
      [{ name: 'e', attributes: 7 }],
      'events[0].attributes must be an array, got a number',
    ],
    ['status', 'ERROR', 'status must be an object, got a string'],
    [
      'status',
      { code: true },
      'status.code must be a StatusCode number or name, got a boolean',
    ],
    ['kind', true, 'kind must be a SpanKind number or name, got a boolean'],
    [
      'kind',
      'SPAN_KIND_SERVR',
      'kind must be a SpanKind number or name, got "SPAN_KIND_SERVR"',
    ],
    ['name', 42, 'name must be a string, got a number'],
    ['name', ['a'], 'name must be a string, got an array'],
  ])(
    'rejects a span whose %s is %j, stores its good neighbour, and says why',
    async (field, value, why) => {
      const res = await send(
        body([
          span('00000000000000a1'),
          span('00000000000000a2', { [field]: value }),
        ]),
      );
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        partialSuccess: {
          rejectedSpans: '1',
          errorMessage: `1 span was rejected: resourceSpans[0].scopeSpans[0].spans[1].${why}`,
        },
      });
      expect(await storedSpanIds()).toEqual(['00000000000000a1']);
    },
  );

  it('counts a scope whose spans is not an array as one rejected span beside good scopes', async () => {
    const res = await send(
      body(undefined, [{ spans: [span('00000000000000a1')] }, { spans: 'x' }]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '1',
        errorMessage:
          '1 span was rejected: resourceSpans[0].scopeSpans[1].spans must be an array, got a string',
      },
    });
    expect(await storedSpanIds()).toEqual(['00000000000000a1']);
  });

  it('rejects every span of a resource whose attributes are not an array', async () => {
    const res = await send(
      JSON.stringify({
        resourceSpans: [
          {
            resource: { attributes: { 'service.name': 'bad' } },
            scopeSpans: [
              { spans: [span('00000000000000b1'), span('00000000000000b2')] },
            ],
          },
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'svc' } },
              ],
            },
            scopeSpans: [{ spans: [span('00000000000000a1')] }],
          },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedSpans: '2',
        errorMessage:
          '2 spans were rejected: resourceSpans[0].resource.attributes must be an array, got an object',
      },
    });
    expect(await collector!.store.listServices()).toEqual(['svc']);
  });

  it('still treats null and absent fields as unset, as proto3 JSON does', async () => {
    const res = await send(
      body([
        span('00000000000000a1', {
          name: null,
          kind: null,
          status: null,
          attributes: null,
          events: null,
          links: null,
        }),
        span('00000000000000a2', {
          kind: 'SPAN_KIND_CLIENT',
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
          attributes: [{ key: 'empty' }, { key: 'unset', value: {} }],
        }),
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(await storedSpanIds()).toEqual([
      '00000000000000a1',
      '00000000000000a2',
    ]);
  });
});
