import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import {
  SDK_TRACE_ID,
  post,
  recordSdkSpans,
} from '../ingest/ingest-test-helpers.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const JSON_HEADERS = { 'content-type': 'application/json' };

function tracesUrl(c: TestCollector): string {
  return `${c.urls.otlp!}/v1/traces`;
}

describe('OTLP/HTTP JSON receiver', () => {
  it('stores the spans of a request the OpenTelemetry JS JSON serializer encoded, and answers {}', async () => {
    collector = await startTestCollector();
    const body = JsonTraceSerializer.serializeRequest(recordSdkSpans())!;
    const res = await post(tracesUrl(collector), body, {
      'content-type': 'application/json; charset=utf-8',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({});
    const [trace] = await collector.store.getTraces([SDK_TRACE_ID]);
    expect(trace?.spans.map((s) => `${s.service} ${s.operation}`)).toEqual([
      'frontend GET /checkout',
      'frontend POST /pay',
      'payments POST /pay',
    ]);
  });

  it('answers partialSuccess with the count as an int64 string when some spans are invalid', async () => {
    collector = await startTestCollector();
    const valid = JSON.parse(
      Buffer.from(
        JsonTraceSerializer.serializeRequest(recordSdkSpans())!,
      ).toString(),
    ) as {
      resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
    };
    valid.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId = 'not-hex';
    const res = await post(
      tracesUrl(collector),
      JSON.stringify(valid),
      JSON_HEADERS,
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(
      '{"partialSuccess":{"rejectedSpans":"1","errorMessage":"1 span was rejected: an OTLP span without a valid traceId/spanId or timestamps was skipped"}}',
    );
    const [trace] = await collector.store.getTraces([SDK_TRACE_ID]);
    expect(trace?.spans).toHaveLength(2);
  });

  it('answers a request without resourceSpans with success', async () => {
    collector = await startTestCollector();
    const res = await post(tracesUrl(collector), '{}', JSON_HEADERS);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
  });

  it('leaves the query routes of a shared port parsing JSON as before', async () => {
    const probe = await startTestCollector({
      otlpPort: null,
      zipkinPort: null,
    });
    const port = probe.ports.query!;
    await probe.close();
    collector = await startTestCollector({
      otlpPort: port,
      zipkinPort: port,
      queryPort: port,
    });
    const body = JsonTraceSerializer.serializeRequest(recordSdkSpans())!;
    expect((await post(tracesUrl(collector), body, JSON_HEADERS)).status).toBe(
      200,
    );
    const res = await fetch(`${collector.queryUrl}/api/nope`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{}',
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ code: 404 }] });
  });
});
