import { decodeOtlpTraces } from '@pathprof/engine';
import type { OtlpExportTraceServiceRequest, Span } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { createRandomTraces } from './random-spans.js';
import { getJson } from './span-builders.js';

let collector: TestCollector;
const traces = createRandomTraces({
  traces: 60,
  seed: 11,
  extraRef: 'link',
  arrays: true,
});
beforeAll(async () => {
  collector = await startTestCollector({ basePath: '/jaeger' });
  await collector.store.appendSpans(traces.flat());
});
afterAll(async () => {
  await collector.close();
});

const bySpanId = (a: Span, b: Span): number => a.spanId.localeCompare(b.spanId);

describe('api_v3 OTLP JSON round trip', () => {
  it('decodes every served trace back into exactly the spans stored', async () => {
    for (const spans of traces) {
      const { status, body } = await getJson<{
        result: OtlpExportTraceServiceRequest;
      }>(`${collector.queryUrl}/api/v3/traces/${spans[0]!.traceId}`);
      expect(status).toBe(200);
      const decoded = decodeOtlpTraces(body.result);
      expect(decoded.rejected).toBe(0);
      expect(decoded.spans.sort(bySpanId)).toEqual([...spans].sort(bySpanId));
    }
  });

  it('decodes a whole search answer back into the spans of every trace found', async () => {
    const query = new URLSearchParams({
      'query.startTimeMin': '2000-01-01T00:00:00Z',
      'query.startTimeMax': '2100-01-01T00:00:00Z',
      'query.searchDepth': '10000',
    });
    const { status, body } = await getJson<{
      result: OtlpExportTraceServiceRequest;
    }>(`${collector.queryUrl}/api/v3/traces?${query.toString()}`);
    expect(status).toBe(200);
    expect(decodeOtlpTraces(body.result).spans.sort(bySpanId)).toEqual(
      traces.flat().sort(bySpanId),
    );
  });
});
