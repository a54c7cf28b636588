import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { TraceId } from '@pathprof/model';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { post } from '../ingest/ingest-test-helpers.js';

/** Real Zipkin v2 files recorded by other projects (see fixtures/traces/README.md). */
const TRACES_DIR = path.resolve(
  import.meta.dirname,
  '../../../../fixtures/traces',
);

interface RawZipkinSpan {
  readonly traceId: string;
  readonly id: string;
  readonly kind?: string;
  readonly shared?: boolean;
  readonly localEndpoint?: { readonly serviceName?: string };
}

function readZipkinFile(file: string): {
  text: string;
  spans: RawZipkinSpan[];
} {
  const text = readFileSync(path.join(TRACES_DIR, file), 'utf8');
  return { text, spans: JSON.parse(text) as RawZipkinSpan[] };
}

function traceIdsOf(spans: readonly RawZipkinSpan[]): TraceId[] {
  return [
    ...new Set(spans.map((s) => s.traceId.toLowerCase().padStart(32, '0'))),
  ] as TraceId[];
}

/** Spans the store keeps: one per trace id, span id, kind and shared flag (smartthings repeats one 5 times). */
function distinctSpanCount(spans: readonly RawZipkinSpan[]): number {
  return new Set(
    spans.map((s) => [s.traceId, s.id, s.kind, s.shared === true].join('|')),
  ).size;
}

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function postSpans(
  body: Uint8Array | string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Response> {
  collector ??= await startTestCollector();
  return post(`${collector.urls.zipkin!}/api/v2/spans`, body, headers);
}

async function storedSpanCount(ids: readonly TraceId[]): Promise<number> {
  const traces = await collector!.store.getTraces(ids);
  return traces.reduce((n, t) => n + t.spans.length, 0);
}

describe('Zipkin v2 receiver', () => {
  it.each([
    'zipkin-lens-small/envoy.json',
    'zipkin-yelp.json',
    'zipkin-messaging-kafka.json',
    'zipkin-smartthings-oauth-authorization.json',
  ])('answers 202 with no body and stores every span of %s', async (file) => {
    const { text, spans } = readZipkinFile(file);
    const res = await postSpans(text);
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(await storedSpanCount(traceIdsOf(spans))).toBe(
      distinctSpanCount(spans),
    );
  });

  it('names the service of an Envoy span without serviceName "unknown", as Zipkin shows it', async () => {
    const { text } = readZipkinFile('zipkin-lens-small/envoy.json');
    expect((await postSpans(text)).status).toBe(202);
    expect(await collector!.store.listServices()).toEqual(['unknown']);
  });

  it('inflates a gzip body, as Zipkin reporters send with compression on', async () => {
    const { text, spans } = readZipkinFile('zipkin-yelp.json');
    const res = await postSpans(gzipSync(text), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(202);
    expect(await storedSpanCount(traceIdsOf(spans))).toBe(spans.length);
  });

  it('reads a body without Content-Type as JSON', async () => {
    const { text, spans } = readZipkinFile('zipkin-lens-small/envoy.json');
    const res = await postSpans(new TextEncoder().encode(text), {});
    expect(res.status).toBe(202);
    expect(await storedSpanCount(traceIdsOf(spans))).toBe(1);
  });

  it('stores the valid spans of a list and drops the one without an id', async () => {
    const body = JSON.stringify([
      {
        traceId: 'a1',
        id: 'b1',
        name: 'get',
        timestamp: 1_700_000_000_000_000,
        duration: 5,
        localEndpoint: { serviceName: 'web' },
      },
      { traceId: 'a1', name: 'no id' },
    ]);
    const res = await postSpans(body);
    expect(res.status).toBe(202);
    expect(
      await storedSpanCount(['000000000000000000000000000000a1' as TraceId]),
    ).toBe(1);
  });

  it('answers 202 to an empty list and an empty body', async () => {
    expect((await postSpans('[]')).status).toBe(202);
    expect((await postSpans('')).status).toBe(202);
    expect(await collector!.store.listServices()).toEqual([]);
  });

  it('answers 400 with a JSON Status to malformed JSON', async () => {
    const res = await postSpans('[{"traceId": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 3,
      message: expect.stringMatching(/^the body is not JSON: /) as string,
    });
  });

  it.each(['{"traceId": "a1", "id": "b1"}', '42', 'null'])(
    'answers 400 to %s, which is not a list',
    async (body) => {
      const res = await postSpans(body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({
        code: 3,
        message: 'the body is not a Zipkin v2 span list: expected a JSON array',
      });
    },
  );

  it('answers 415 to Zipkin Thrift, naming the formats it takes', async () => {
    const res = await postSpans(new Uint8Array([0x0c, 0x00]), {
      'content-type': 'application/x-thrift',
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      code: 3,
      message:
        'Content-Type application/x-thrift is not supported; send Zipkin v2 JSON (application/json) or protobuf (application/x-protobuf)',
    });
  });

  it('answers 404 on the Zipkin v1 path', async () => {
    const res = await postSpans('[]');
    expect(res.status).toBe(202);
    const v1 = await post(`${collector!.urls.zipkin!}/api/v1/spans`, '[]', {
      'content-type': 'application/json',
    });
    expect(v1.status).toBe(404);
  });
});
