/**
 * Fuzzes every receiver of a running collector on the embedded store
 * (DuckDB in memory): OTLP/HTTP (protobuf and JSON), Zipkin (JSON and
 * protobuf), Jaeger Thrift over HTTP — each with every Content-Encoding,
 * broken ones included — OTLP/gRPC and Jaeger gRPC with raw message bytes,
 * and the Jaeger agent's UDP ports. Every HTTP answer is 2xx or a 4xx with a
 * message (429 with Retry-After), never 5xx; every gRPC answer OK or a
 * client-side status with details; every UDP datagram is stored or counted
 * as refused. Nothing is logged as an error, and afterwards the collector
 * still stores a valid request. `PATHPROF_FUZZ_RUNS` sets the inputs per
 * target.
 */
import { createSocket } from 'node:dgram';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { decodeJaegerAgentMessage } from '@pathprof/engine';
import type { ThriftProtocol } from '@pathprof/engine';
import { openSpanStore } from '@pathprof/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startCollectorWithEveryReceiver } from '../receivers/receiver-test-helpers.js';
import { fuzzedBytes, fuzzedJsonText } from './fuzz-arbitraries.js';
import { createTally, fuzzRuns } from './fuzz-budget.js';
import { CLIENT_SIDE_GRPC_STATUSES, errorMessageOf } from './fuzz-oracles.js';
import { loadFuzzSeeds } from './fuzz-seeds.js';

const seeds = loadFuzzSeeds();
/** Inputs per receiver in CI. */
const CI_RUNS = 150;
/** Small enough that deep nesting and splices sometimes exceed it (413). */
const MAX_BODY_BYTES = 512 * 1024;

let collector: TestCollector;
beforeAll(async () => {
  collector = await startCollectorWithEveryReceiver({
    store: await openSpanStore({ path: ':memory:' }),
    maxBodyBytes: MAX_BODY_BYTES,
  });
});
afterAll(async () => {
  await collector.close();
});

interface HttpInput {
  readonly body: Uint8Array;
  readonly contentType: string | null;
  readonly encoding: string;
}

/** A body, its media type (usually the right one) and an encoding, broken ones included. */
function httpInput(
  bodies: fc.Arbitrary<Uint8Array>,
  mediaTypes: readonly string[],
): fc.Arbitrary<HttpInput> {
  return fc.record({
    body: bodies,
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom(...mediaTypes) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          null,
          'text/plain',
          'application/json; charset=utf-8',
          'application/x-protobuf; q=1',
          'APPLICATION/JSON',
          'multipart/form-data; boundary=x',
          ';;',
        ),
      },
    ),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant('identity') },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'gzip',
          'deflate',
          'br',
          'gzip-broken',
          'zstd',
          'gzip, br',
        ),
      },
    ),
  });
}

function encode(input: HttpInput): {
  headers: Record<string, string>;
  body: Uint8Array;
} {
  const headers: Record<string, string> = {};
  if (input.contentType !== null) {
    headers['content-type'] = input.contentType;
  }
  let body = input.body;
  switch (input.encoding) {
    case 'identity':
      break;
    case 'gzip':
      body = gzipSync(body);
      break;
    case 'deflate':
      body = deflateSync(body);
      break;
    case 'br':
      body = brotliCompressSync(body);
      break;
    case 'gzip-broken':
      // the right magic bytes, then the body as it is
      body = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0]), body]);
      break;
    default:
      break;
  }
  if (input.encoding !== 'identity') {
    headers['content-encoding'] =
      input.encoding === 'gzip-broken' ? 'gzip' : input.encoding;
  }
  return { headers, body };
}

/** Posts every input; fails on a 5xx, a refusal without a message, or a 429 without Retry-After. */
async function fuzzHttpReceiver(
  target: string,
  url: string,
  inputs: fc.Arbitrary<HttpInput>,
): Promise<void> {
  const tally = createTally(target);
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const { headers, body } = encode(input);
      const res = await fetch(url, { method: 'POST', headers, body });
      const answer = new Uint8Array(await res.arrayBuffer());
      tally.count(String(res.status));
      if (res.status >= 500) {
        throw new Error(
          `${res.status}: ${Buffer.from(answer).toString('utf8').slice(0, 300)}`,
        );
      }
      if (res.status >= 400) {
        expect(
          errorMessageOf(res.headers.get('content-type'), answer),
        ).not.toBe('');
      }
      if (res.status === 429) {
        expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      }
    }),
    { numRuns: fuzzRuns(CI_RUNS) },
  );
  tally.finish();
}

async function fuzzGrpcReceiver(
  target: string,
  port: number,
  path: string,
  inputs: fc.Arbitrary<Uint8Array>,
): Promise<void> {
  const client = new grpc.Client(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  const identity = (b: Buffer): Buffer => b;
  const tally = createTally(target);
  try {
    await fc.assert(
      fc.asyncProperty(inputs, async (bytes) => {
        const error = await new Promise<grpc.ServiceError | null>((resolve) =>
          client.makeUnaryRequest(
            path,
            identity,
            identity,
            Buffer.from(bytes),
            (err) => resolve(err),
          ),
        );
        tally.count(
          error === null
            ? 'OK'
            : (grpc.status[error.code] ?? String(error.code)),
        );
        if (error !== null) {
          expect(CLIENT_SIDE_GRPC_STATUSES.has(error.code), error.message).toBe(
            true,
          );
          expect(error.details).not.toBe('');
        }
      }),
      { numRuns: fuzzRuns(CI_RUNS) },
    );
  } finally {
    client.close();
    tally.finish();
  }
}

async function metricValue(series: string): Promise<number> {
  const { body } = await collector.metrics.render();
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

const DECODE_REFUSALS = 'pathprof_requests_rejected_total{reason="decode"}';
const SIZE_REFUSALS = 'pathprof_requests_rejected_total{reason="too_large"}';

/**
 * Sends every datagram and checks, every `batch` datagrams, that the
 * receiver has counted exactly the ones its decoder cannot read (UDP has no
 * answer to check).
 */
async function fuzzUdpReceiver(
  target: string,
  port: number,
  protocol: ThriftProtocol,
  inputs: fc.Arbitrary<Uint8Array>,
): Promise<void> {
  const socket = createSocket('udp4');
  const tally = createTally(target);
  const maxDatagram = 65_000;
  const baseline = {
    decode: await metricValue(DECODE_REFUSALS),
    size: await metricValue(SIZE_REFUSALS),
  };
  const expected = { decode: 0, size: 0 };
  let sent = 0;
  const caughtUp = async (): Promise<void> => {
    await expect
      .poll(async () => ({
        decode: (await metricValue(DECODE_REFUSALS)) - baseline.decode,
        size: (await metricValue(SIZE_REFUSALS)) - baseline.size,
      }))
      .toEqual(expected);
  };
  try {
    await fc.assert(
      fc.asyncProperty(inputs, async (bytes) => {
        const datagram = bytes.subarray(0, 65_507);
        if (datagram.length > maxDatagram) {
          expected.size++;
          tally.count('dropped: too large');
        } else if (decodeJaegerAgentMessage(datagram, protocol).ok) {
          tally.count('decoded');
        } else {
          expected.decode++;
          tally.count('dropped: undecodable');
        }
        await new Promise<void>((resolve, reject) =>
          socket.send(datagram, port, '127.0.0.1', (err) =>
            err ? reject(err) : resolve(),
          ),
        );
        if (++sent % 100 === 0) {
          await caughtUp();
        }
      }),
      { numRuns: fuzzRuns(CI_RUNS) },
    );
    await caughtUp();
  } finally {
    socket.close();
    tally.finish();
  }
}

describe('fuzzed requests to a running collector', () => {
  it('OTLP/HTTP, protobuf and JSON', async () => {
    await fuzzHttpReceiver(
      'OTLP/HTTP receiver',
      `${collector.urls.otlp!}/v1/traces`,
      fc.oneof(
        httpInput(fuzzedBytes(seeds.otlpProtobuf), ['application/x-protobuf']),
        httpInput(
          fuzzedJsonText(seeds.otlpJsonText).map((t) => Buffer.from(t)),
          ['application/json'],
        ),
      ),
    );
  });

  it('Zipkin, JSON and protobuf', async () => {
    await fuzzHttpReceiver(
      'Zipkin receiver',
      `${collector.urls.zipkin!}/api/v2/spans`,
      fc.oneof(
        httpInput(
          fuzzedJsonText(seeds.zipkinJsonText).map((t) => Buffer.from(t)),
          ['application/json', ''],
        ).map((i) => (i.contentType === '' ? { ...i, contentType: null } : i)),
        httpInput(fuzzedBytes(seeds.zipkinProtobuf), [
          'application/x-protobuf',
        ]),
      ),
    );
  });

  it('Jaeger Thrift over HTTP', async () => {
    await fuzzHttpReceiver(
      'Jaeger Thrift HTTP receiver',
      `${collector.urls.jaegerThriftHttp!}/api/traces`,
      httpInput(fuzzedBytes(seeds.jaegerThriftBinary), [
        'application/x-thrift',
        'application/vnd.apache.thrift.binary',
      ]),
    );
  });

  it('OTLP/gRPC Export', async () => {
    await fuzzGrpcReceiver(
      'OTLP/gRPC receiver',
      collector.ports.otlpGrpc!,
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      fuzzedBytes(seeds.otlpProtobuf),
    );
  });

  it('Jaeger gRPC PostSpans', async () => {
    await fuzzGrpcReceiver(
      'Jaeger gRPC receiver',
      collector.ports.jaegerGrpc!,
      '/jaeger.api_v2.CollectorService/PostSpans',
      fuzzedBytes(seeds.jaegerPostSpans),
    );
  });

  it.each([
    ['compact', 'jaegerThriftCompact'],
    ['binary', 'jaegerThriftBinary'],
  ] as const)('Jaeger agent UDP, %s Thrift', async (protocol, role) => {
    await fuzzUdpReceiver(
      `Jaeger agent UDP receiver (${protocol})`,
      collector.ports[role]!,
      protocol,
      fuzzedBytes([seeds.emitBatch.compact, seeds.emitBatch.binary]),
    );
  });

  it('logged no error, and still stores a valid request', async () => {
    expect(collector.logs.filter((l) => l.level === 'error')).toEqual([]);
    const res = await fetch(`${collector.urls.otlp!}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: seeds.otlpProtobuf[0]!,
    });
    expect(res.status).toBe(200);
    expect(await collector.store.listServices()).toContain('frontend');
  });
});
