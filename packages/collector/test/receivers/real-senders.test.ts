/**
 * Real senders from npm, configured only with the collector's address, each
 * sending a two-service trace that comes back through the Jaeger query API
 * and the path API as the expected path: OpenTelemetry's OTLP/gRPC exporter,
 * the Jaeger Node client over HTTP (Thrift binary, `POST /api/traces`) and
 * over UDP (agent `emitBatch`, binary Thrift), Apache Thrift's compact
 * protocol over UDP, and a grpc-js client of Jaeger's CollectorService.
 */
import { createSocket } from 'node:dgram';
import * as grpc from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import jaeger from 'jaeger-client';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEmitBatch } from '../../../engine/test/ingest/write-jaeger-thrift.js';
import { SDK_TRACE_ID, recordSdkSpans } from '../ingest/ingest-test-helpers.js';
import type { TestCollector } from '../test-collector.js';
import {
  createClient,
  getJson,
  loadGrpcPackage,
  pathKeys,
  startCollectorWithEveryReceiver,
  unary,
} from './receiver-test-helpers.js';

const { initTracer, opentracing } = jaeger;

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

interface JaegerTraceBody {
  data: {
    traceID: string;
    spans: {
      operationName: string;
      processID: string;
      tags: { key: string; value: unknown }[];
    }[];
    processes: Record<string, { serviceName: string }>;
  }[];
}

/** `service operation` of each span of a stored trace, as the v1 query API returns it. */
async function queriedSpans(
  c: TestCollector,
  traceId: string,
): Promise<string[]> {
  const body = await getJson<JaegerTraceBody>(
    `${c.queryUrl}/api/traces/${traceId}`,
  );
  const trace = body.data[0]!;
  return trace.spans
    .map(
      (s) => `${trace.processes[s.processID]!.serviceName} ${s.operationName}`,
    )
    .sort();
}

function exportThrough(
  exporter: OTLPTraceExporter,
  spans: ReadableSpan[],
): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

describe('OTLP/gRPC receiver with @opentelemetry/exporter-trace-otlp-grpc', () => {
  it.each(['none', 'gzip'] as const)(
    'stores what the exporter sends (compression %s) and answers success only once it is durable',
    async (compression) => {
      collector = await startCollectorWithEveryReceiver();
      const exporter = new OTLPTraceExporter({
        url: collector.urls.otlpGrpc!,
        compression: compression as never,
      });
      const result = await exportThrough(exporter, recordSdkSpans());
      await exporter.shutdown();
      expect(result.error).toBeUndefined();
      expect(result.code).toBe(ExportResultCode.SUCCESS);
      // No flush: the answer came after the write.
      expect(await queriedSpans(collector, SDK_TRACE_ID)).toEqual([
        'frontend GET /checkout',
        'frontend POST /pay',
        'payments POST /pay',
      ]);
      expect(
        await pathKeys(collector, 1_700_000_000_000_000, 1_700_000_001_000_000),
      ).toEqual(['frontend:GET /checkout > payments:POST /pay']);
      const metrics = await (
        await fetch(`${collector.urls.query!}/metrics`)
      ).text();
      expect(metrics).toContain(
        'pathprof_spans_received_total{receiver="otlp_grpc"} 3',
      );
    },
  );

  it('refuses an export without the bearer token (UNAUTHENTICATED) and takes it with the token', async () => {
    collector = await startCollectorWithEveryReceiver({ token: 's3cret' });
    const without = new OTLPTraceExporter({ url: collector.urls.otlpGrpc! });
    const refused = await exportThrough(without, recordSdkSpans());
    await without.shutdown();
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect(String(refused.error)).toContain('missing or wrong bearer token');
    const metadata = new grpc.Metadata();
    metadata.set('authorization', 'Bearer s3cret');
    const withToken = new OTLPTraceExporter({
      url: collector.urls.otlpGrpc!,
      metadata,
    });
    const accepted = await exportThrough(withToken, recordSdkSpans());
    await withToken.shutdown();
    expect(accepted.code).toBe(ExportResultCode.SUCCESS);
    expect(await collector.store.listServices()).toEqual([
      'frontend',
      'payments',
    ]);
  });
});

/**
 * svc-a's server span `a1` calls svc-b with a client span; svc-b's server
 * span `b1` continues the trace from the propagated headers.
 */
async function sendJaegerClientTrace(
  reporter: Record<string, unknown>,
): Promise<string> {
  const tracer = (serviceName: string) =>
    initTracer(
      {
        serviceName,
        sampler: { type: 'const', param: 1 },
        reporter: { flushIntervalMs: 50, ...reporter },
      },
      { logger: { info: () => undefined, error: () => undefined } },
    );
  const a = tracer('svc-a');
  const b = tracer('svc-b');
  const root = a.startSpan('a1', { tags: { 'span.kind': 'server' } });
  const call = a.startSpan('GET /b1', {
    childOf: root,
    tags: { 'span.kind': 'client', 'http.status_code': 200 },
  });
  const headers: Record<string, string> = {};
  a.inject(call, opentracing.FORMAT_HTTP_HEADERS, headers);
  const parent = b.extract(opentracing.FORMAT_HTTP_HEADERS, headers)!;
  const served = b.startSpan('b1', {
    childOf: parent,
    tags: { 'span.kind': 'server' },
  });
  served.finish();
  call.finish();
  root.finish();
  const traceId = (
    root.context() as unknown as { toTraceId(): string }
  ).toTraceId();
  await Promise.all([
    new Promise<void>((resolve) => a.close(resolve)),
    new Promise<void>((resolve) => b.close(resolve)),
  ]);
  return traceId.padStart(32, '0');
}

async function expectJaegerClientTrace(c: TestCollector, traceId: string) {
  await expect
    .poll(
      async () =>
        (await c.store.getTraces([traceId as never]))[0]?.spans.length ?? 0,
    )
    .toBe(3);
  expect(await queriedSpans(c, traceId)).toEqual([
    'svc-a GET /b1',
    'svc-a a1',
    'svc-b b1',
  ]);
  const now = Date.now() * 1000;
  expect(await pathKeys(c, now - 60_000_000, now + 1_000_000)).toEqual([
    'svc-a:a1 > svc-b:b1',
  ]);
}

describe('Jaeger Thrift receivers with jaeger-client (Node)', () => {
  it('takes the HTTP sender’s Thrift batches on POST /api/traces', async () => {
    collector = await startCollectorWithEveryReceiver();
    const traceId = await sendJaegerClientTrace({
      collectorEndpoint: `${collector.urls.jaegerThriftHttp!}/api/traces`,
    });
    await expectJaegerClientTrace(collector, traceId);
  });

  it('takes the UDP sender’s emitBatch datagrams on the binary agent port', async () => {
    collector = await startCollectorWithEveryReceiver();
    const traceId = await sendJaegerClientTrace({
      agentHost: '127.0.0.1',
      agentPort: collector.ports.jaegerThriftBinary!,
    });
    await expectJaegerClientTrace(collector, traceId);
    const metrics = await (
      await fetch(`${collector.urls.query!}/metrics`)
    ).text();
    expect(metrics).toMatch(
      /pathprof_spans_received_total\{receiver="jaeger_thrift_binary"\} 3/,
    );
  });

  it('takes compact-protocol emitBatch datagrams (Apache Thrift TCompactProtocol) on the compact agent port', async () => {
    collector = await startCollectorWithEveryReceiver();
    const datagram = writeEmitBatch(
      {
        serviceName: 'svc-a',
        spans: [
          {
            traceIdLow: '00000000000000c1',
            spanId: '00000000000000a1',
            operationName: 'a1',
            startTime: 1_700_000_000_000_000,
            duration: 5000,
            tags: [{ key: 'span.kind', vType: 0, value: 'server' }],
          },
        ],
      },
      'compact',
    );
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      socket.send(
        datagram,
        collector!.ports.jaegerThriftCompact!,
        '127.0.0.1',
        (err) => (err ? reject(err) : resolve()),
      ),
    );
    socket.close();
    await expect.poll(() => collector!.store.listServices()).toEqual(['svc-a']);
    expect(
      await pathKeys(collector, 1_700_000_000_000_000, 1_700_000_001_000_000),
    ).toEqual(['svc-a:a1']);
  });
});

describe('Jaeger gRPC collector receiver with a grpc-js client', () => {
  it('stores a PostSpans batch and answers an empty PostSpansResponse', async () => {
    collector = await startCollectorWithEveryReceiver();
    const pkg = loadGrpcPackage('jaeger/api_v2/collector.proto');
    const client = createClient(
      pkg,
      'jaeger.api_v2.CollectorService',
      collector.ports.jaegerGrpc!,
    );
    const trace = Buffer.from('0000000000000000000000000000c0de', 'hex');
    const at = { seconds: 1_700_000_000, nanos: 0 };
    const response = await unary(client, 'PostSpans', {
      batch: {
        process: { serviceName: 'svc-a' },
        spans: [
          {
            traceId: trace,
            spanId: Buffer.from('00000000000000a1', 'hex'),
            operationName: 'a1',
            startTime: at,
            duration: { nanos: 9_000_000 },
            tags: [{ key: 'span.kind', vStr: 'server' }],
          },
          {
            traceId: trace,
            spanId: Buffer.from('00000000000000b1', 'hex'),
            operationName: 'b1',
            references: [
              {
                traceId: trace,
                spanId: Buffer.from('00000000000000a1', 'hex'),
              },
            ],
            startTime: { seconds: 1_700_000_000, nanos: 1_000_000 },
            duration: { nanos: 5_000_000 },
            tags: [{ key: 'span.kind', vStr: 'server' }],
            process: { serviceName: 'svc-b' },
          },
        ],
      },
    });
    client.close();
    expect(response).toEqual({});
    expect(await queriedSpans(collector, 'c0de')).toEqual([
      'svc-a a1',
      'svc-b b1',
    ]);
    expect(
      await pathKeys(collector, 1_700_000_000_000_000, 1_700_000_001_000_000),
    ).toEqual(['svc-a:a1 > svc-b:b1']);
  });
});
