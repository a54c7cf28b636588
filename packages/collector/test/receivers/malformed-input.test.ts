/**
 * Malformed input on every new receiver — truncated, random, wrong types,
 * oversized, a UDP datagram over the size limit — gets an error answer or a
 * counted drop; the process stays up and the next valid request works. And
 * overload answers each protocol's "retry later".
 */
import { createSocket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { afterEach, describe, expect, it } from 'vitest';
import {
  writeEmitBatch,
  writeThriftBatch,
} from '../../../engine/test/ingest/write-jaeger-thrift.js';
import type { ThriftBatch } from '../../../engine/test/ingest/write-jaeger-thrift.js';
import {
  createGatedStore,
  post,
  recordSdkSpans,
} from '../ingest/ingest-test-helpers.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { startCollectorWithEveryReceiver } from './receiver-test-helpers.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

const MAX_BODY = 64 * 1024;

const BATCH: ThriftBatch = {
  serviceName: 'svc-a',
  spans: [
    {
      traceIdLow: '00000000000000e1',
      spanId: '00000000000000a1',
      operationName: 'a1',
      startTime: 1_700_000_000_000_000,
      duration: 1000,
    },
  ],
};

const identity = (b: Buffer): Buffer => b;

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One unary call with raw request bytes; resolves with the reply bytes or the ServiceError. */
function rawCall(
  port: number,
  path: string,
  body: Buffer,
): Promise<
  { ok: true; bytes: Buffer } | { ok: false; error: grpc.ServiceError }
> {
  const client = new grpc.Client(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return new Promise((resolve) => {
    client.makeUnaryRequest(path, identity, identity, body, (err, bytes) => {
      client.close();
      resolve(
        err === null ? { ok: true, bytes: bytes! } : { ok: false, error: err },
      );
    });
  });
}

async function metricValue(c: TestCollector, series: string): Promise<number> {
  const text = await (await fetch(`${c.urls.query!}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined
    ? Number.NaN
    : Number(line.slice(series.length + 1));
}

const OTLP_EXPORT =
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const JAEGER_POST = '/jaeger.api_v2.CollectorService/PostSpans';
const QUERY_SERVICES = '/jaeger.api_v2.QueryService/GetServices';
const QUERY_FIND = '/jaeger.api_v3.QueryService/GetOperations';

describe('gRPC receivers and query port with bad messages', () => {
  it.each([
    ['OTLP Export', OTLP_EXPORT, 'otlpGrpc'],
    ['Jaeger PostSpans', JAEGER_POST, 'jaegerGrpc'],
  ] as const)(
    '%s: INVALID_ARGUMENT for truncated, random and wrongly typed bytes, RESOURCE_EXHAUSTED above the limit; then a valid call works',
    async (_name, path, role) => {
      collector = await startCollectorWithEveryReceiver({
        maxBodyBytes: MAX_BODY,
      });
      const port = collector.ports[role]!;
      const valid = Buffer.from(
        ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
      );
      const bad = [
        valid.subarray(0, valid.length - 3), // truncated
        Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), // a length beyond the end
        Buffer.from([0x09, 1, 2, 3, 4, 5, 6, 7, 8]), // field 1 as fixed64: wrong wire type
      ];
      for (const body of bad) {
        const result = await rawCall(port, path, body);
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe(grpc.status.INVALID_ARGUMENT);
          expect(result.error.details).toMatch(/^the message is not an? /);
        }
      }
      for (let i = 0; i < 20; i++) {
        // Random bytes: refused or (rarely) a valid empty-ish message — never a crash.
        const result = await rawCall(
          port,
          path,
          randomBytes(1 + ((i * 37) % 500)),
        );
        expect(
          result.ok || result.error.code === grpc.status.INVALID_ARGUMENT,
        ).toBe(true);
      }
      const big = await rawCall(port, path, Buffer.alloc(MAX_BODY + 1, 0x0a));
      expect(big.ok).toBe(false);
      if (!big.ok) {
        expect(big.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      }
      if (role === 'otlpGrpc') {
        expect(await rawCall(port, path, valid)).toEqual({
          ok: true,
          bytes: Buffer.alloc(0),
        });
        expect(await collector.store.listServices()).toEqual([
          'frontend',
          'payments',
        ]);
      }
      expect(
        await metricValue(
          collector,
          'pathprof_requests_rejected_total{reason="decode"}',
        ),
      ).toBeGreaterThanOrEqual(3);
    },
  );

  it('OTLP Export answers partial_success for spans without valid ids and stores the rest', async () => {
    collector = await startCollectorWithEveryReceiver();
    // Two encoded requests back to back are one request holding both lists.
    const body = Buffer.concat([
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans('0'.repeat(32)))!,
    ]);
    const result = await rawCall(collector.ports.otlpGrpc!, OTLP_EXPORT, body);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(
        ProtobufTraceSerializer.deserializeResponse(result.bytes),
      ).toMatchObject({
        partialSuccess: {
          errorMessage:
            '3 spans were rejected: an OTLP span without a valid traceId/spanId or timestamps was skipped',
        },
      });
    }
    expect(await collector.store.listServices()).toEqual([
      'frontend',
      'payments',
    ]);
  });

  it('query services: INVALID_ARGUMENT for undecodable requests, then answers', async () => {
    collector = await startCollectorWithEveryReceiver();
    const port = collector.ports.queryGrpc!;
    const bad = await rawCall(port, QUERY_FIND, Buffer.from([0x0a, 0xff]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(bad.error.details).toMatch(
        /^the request is not a jaeger\.api_v3\.GetOperationsRequest/,
      );
    }
    expect(collector.logs).toContainEqual({
      level: 'warn',
      msg: 'request failed',
      method: 'gRPC',
      url: QUERY_FIND,
      status: 'INVALID_ARGUMENT',
    });
    expect(await rawCall(port, QUERY_SERVICES, Buffer.alloc(0))).toEqual({
      ok: true,
      bytes: Buffer.alloc(0),
    });
  });
});

describe('Jaeger Thrift over HTTP with bad bodies', () => {
  it('answers 400, 415 and 413 with a message, then takes a valid batch', async () => {
    collector = await startCollectorWithEveryReceiver({
      maxBodyBytes: MAX_BODY,
    });
    const url = `${collector.urls.jaegerThriftHttp!}/api/traces`;
    const thrift = { 'content-type': 'application/x-thrift' };
    const valid = writeThriftBatch(BATCH);
    const truncated = await post(
      url,
      valid.subarray(0, valid.length - 5),
      thrift,
    );
    expect(truncated.status).toBe(400);
    expect(((await truncated.json()) as { message: string }).message).toMatch(
      /^the body is not a Jaeger Thrift Batch \(binary protocol\): truncated/,
    );
    const random = await post(url, randomBytes(300), thrift);
    expect(random.status).toBe(400);
    const compact = await post(url, writeThriftBatch(BATCH, 'compact'), thrift);
    expect(compact.status).toBe(400);
    const json = await post(url, '{"spans": []}', {
      'content-type': 'application/json',
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({
      code: 3,
      message:
        'Content-Type application/json is not supported; send a Jaeger Thrift Batch as application/x-thrift',
    });
    const big = await post(url, Buffer.alloc(MAX_BODY + 1), thrift);
    expect(big.status).toBe(413);
    const ok = await post(url, valid, thrift);
    expect(ok.status).toBe(202);
    expect(await collector.store.listServices()).toEqual(['svc-a']);
  });

  it('keeps GET /api/traces (the query API) on a port shared with POST /api/traces (Thrift)', async () => {
    const port = await freePort();
    collector = await startTestCollector({
      queryPort: port,
      jaegerThriftHttpPort: port,
    });
    const posted = await post(
      `http://127.0.0.1:${port}/api/traces`,
      writeThriftBatch(BATCH),
      {
        'content-type': 'application/x-thrift',
      },
    );
    expect(posted.status).toBe(202);
    const searched = await fetch(
      `http://127.0.0.1:${port}/api/traces?service=svc-a&start=1699999999000000&end=1700000001000000`,
    );
    expect(searched.status).toBe(200);
    expect(((await searched.json()) as { data: unknown[] }).data).toHaveLength(
      1,
    );
  });
});

describe('Zipkin protobuf with bad bodies', () => {
  it('answers 400 naming the format, then takes JSON as before', async () => {
    collector = await startCollectorWithEveryReceiver();
    const url = `${collector.urls.zipkin!}/api/v2/spans`;
    const res = await post(url, Buffer.from([0x0a, 0x7f, 0x01]), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(
      /^the body is not a Zipkin v2 protobuf ListOfSpans: length 127 exceeds/,
    );
    const ok = await post(
      url,
      JSON.stringify([
        {
          traceId: 'a1',
          id: 'b1',
          name: 'x',
          localEndpoint: { serviceName: 'z' },
        },
      ]),
      { 'content-type': 'application/json' },
    );
    expect(ok.status).toBe(202);
  });
});

describe('Jaeger agent UDP ports with bad datagrams', () => {
  async function send(port: number, datagram: Buffer): Promise<void> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve, reject) =>
      socket.send(datagram, port, '127.0.0.1', (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    socket.close();
  }

  it.each([
    ['compact', 'jaegerThriftCompact'],
    ['binary', 'jaegerThriftBinary'],
  ] as const)(
    '%s: counts undecodable and oversized datagrams as drops, stays up, and stores the next valid one',
    async (protocol, role) => {
      collector = await startCollectorWithEveryReceiver();
      const port = collector.ports[role]!;
      const valid = writeEmitBatch(BATCH, protocol);
      await send(port, valid.subarray(0, valid.length - 4));
      await send(port, randomBytes(200));
      await send(
        port,
        writeEmitBatch(BATCH, protocol === 'compact' ? 'binary' : 'compact'),
      );
      await expect
        .poll(() =>
          metricValue(
            collector!,
            'pathprof_requests_rejected_total{reason="decode"}',
          ),
        )
        .toBe(3);
      // Above the agent's 65 000-byte limit (UDP carries up to 65 507).
      await send(
        port,
        Buffer.concat([valid, Buffer.alloc(65_001 - valid.length)]),
      );
      await expect
        .poll(() =>
          metricValue(
            collector!,
            'pathprof_requests_rejected_total{reason="too_large"}',
          ),
        )
        .toBe(1);
      expect((await fetch(`${collector.urls.query!}/healthz`)).status).toBe(
        200,
      );
      await send(port, valid);
      await expect
        .poll(() => collector!.store.listServices())
        .toEqual(['svc-a']);
    },
  );
});

describe('overload on the gRPC and UDP receivers', () => {
  it('answers RESOURCE_EXHAUSTED with RetryInfo when the write queue is full, and counts UDP drops', async () => {
    const store = createGatedStore();
    collector = await startCollectorWithEveryReceiver({
      store,
      maxQueuedSpans: 3,
    });
    const body = Buffer.from(
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
    );
    // Three spans fill the queue; the write waits at the gate.
    const first = rawCall(collector.ports.otlpGrpc!, OTLP_EXPORT, body);
    await store.writesArrived(1);
    const refused = await rawCall(collector.ports.otlpGrpc!, OTLP_EXPORT, body);
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(refused.error.details).toMatch(/^write queue full/);
      const details = refused.error.metadata.get(
        'grpc-status-details-bin',
      )[0] as Buffer;
      expect(details.toString('latin1')).toContain(
        'type.googleapis.com/google.rpc.RetryInfo',
      );
    }
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) =>
      socket.send(
        writeEmitBatch(BATCH, 'binary'),
        collector!.ports.jaegerThriftBinary!,
        '127.0.0.1',
        () => resolve(),
      ),
    );
    socket.close();
    await expect
      .poll(() =>
        metricValue(
          collector!,
          'pathprof_requests_rejected_total{reason="queue_full"}',
        ),
      )
      .toBe(2);
    store.open();
    expect(await first).toEqual({ ok: true, bytes: Buffer.alloc(0) });
  });

  it('answers UNAVAILABLE while shutting down, after finishing the calls in flight', async () => {
    const store = createGatedStore();
    collector = await startCollectorWithEveryReceiver({ store });
    const body = Buffer.from(
      ProtobufTraceSerializer.serializeRequest(recordSdkSpans())!,
    );
    const inFlight = rawCall(collector.ports.otlpGrpc!, OTLP_EXPORT, body);
    await store.writesArrived(1);
    const closing = collector.close();
    const late = await rawCall(
      collector.ports.otlpGrpc!,
      OTLP_EXPORT,
      body,
    ).catch((err: unknown) => ({
      ok: false as const,
      error: err as grpc.ServiceError,
    }));
    expect(late.ok).toBe(false);
    if (!late.ok) {
      expect([grpc.status.UNAVAILABLE]).toContain(late.error.code);
    }
    store.open();
    expect(await inFlight).toEqual({ ok: true, bytes: Buffer.alloc(0) });
    await closing;
    collector = undefined;
  });
});
