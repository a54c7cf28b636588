import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
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

async function storedSummary(c: TestCollector): Promise<string[]> {
  const [trace] = await c.store.getTraces([SDK_TRACE_ID]);
  return (trace?.spans ?? []).map(
    (s) => `${s.service} ${s.kind} ${s.operation} ${s.durationMicros}µs`,
  );
}

type ExporterConfig = NonNullable<
  ConstructorParameters<typeof OTLPTraceExporter>[0]
>;

const EXPECTED = [
  'frontend server GET /checkout 12000µs',
  'frontend client POST /pay 9000µs',
  'payments server POST /pay 7000µs',
];

function exportThrough(
  exporter: OTLPTraceExporter,
  spans: ReadableSpan[],
): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('OTLP/HTTP protobuf receiver', () => {
  it('stores the spans of a request the OpenTelemetry JS serializer encoded, and answers an empty response', async () => {
    collector = await startTestCollector();
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    const res = await post(`${collector.urls.otlp!}/v1/traces`, body, {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new Uint8Array(0));
    expect(await storedSummary(collector)).toEqual(EXPECTED);
  });

  it('inflates a gzip body before decoding it', async () => {
    collector = await startTestCollector();
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    const res = await post(
      `${collector.urls.otlp!}/v1/traces`,
      gzipSync(body),
      {
        'content-type': 'application/x-protobuf',
        'content-encoding': 'gzip',
      },
    );
    expect(res.status).toBe(200);
    expect(await storedSummary(collector)).toEqual(EXPECTED);
  });

  it.each(['none', 'gzip'] as const)(
    'accepts what the real OTLPTraceExporter sends with compression %s',
    async (compression) => {
      collector = await startTestCollector();
      const exporter = new OTLPTraceExporter({
        url: `${collector.urls.otlp!}/v1/traces`,
        compression: compression as ExporterConfig['compression'],
      });
      const result = await exportThrough(exporter, recordSdkSpans());
      await exporter.shutdown();
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      // 200 is sent only once the write is durable: no flush needed.
      expect(await storedSummary(collector)).toEqual(EXPECTED);
    },
  );

  it('answers partial success, in protobuf, when some spans have no valid ids', async () => {
    collector = await startTestCollector();
    // Two encoded requests back to back are one request holding both lists.
    const body = Buffer.concat([
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans('0'.repeat(32)))!,
    ]);
    const res = await post(`${collector.urls.otlp!}/v1/traces`, body, {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const message =
      '3 spans were rejected: an OTLP span without a valid traceId/spanId or timestamps was skipped';
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toMatchObject({
      partialSuccess: { errorMessage: message },
    });
    const text = Buffer.from(message);
    expect(Buffer.from(bytes)).toEqual(
      Buffer.concat([
        Buffer.from([0x0a, text.length + 4, 0x08, 3, 0x12, text.length]),
        text,
      ]),
    );
    expect(await storedSummary(collector)).toEqual(EXPECTED);
  });

  it('answers an empty body (an empty request) with success and stores nothing', async () => {
    collector = await startTestCollector();
    const res = await post(
      `${collector.urls.otlp!}/v1/traces`,
      new Uint8Array(0),
      {
        'content-type': 'application/x-protobuf',
      },
    );
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(0);
    expect(await collector.store.listServices()).toEqual([]);
  });

  it('accepts the media type with parameters and in any case', async () => {
    collector = await startTestCollector();
    const body = ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!;
    const res = await post(`${collector.urls.otlp!}/v1/traces`, body, {
      'content-type': 'Application/X-Protobuf; charset=binary',
    });
    expect(res.status).toBe(200);
    expect(await storedSummary(collector)).toEqual(EXPECTED);
  });
});
