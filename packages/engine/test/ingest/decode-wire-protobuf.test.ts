/**
 * Jaeger's PostSpansRequest and Zipkin's ListOfSpans, encoded by protobufjs
 * from the collector's .proto files, through the engine's own decoders.
 */
import fc from 'fast-check';
import protobuf from 'protobufjs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeJaegerPostSpans, decodeZipkinProtobuf } from '@pathprof/engine';

const PROTO_DIR = fileURLToPath(
  new URL('../../../collector/proto/', import.meta.url),
);

function loadType(file: string, name: string): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/') ? target : PROTO_DIR + target;
  root.loadSync(file);
  return root.lookupType(name);
}

const PostSpansRequest = loadType(
  'jaeger/api_v2/collector.proto',
  'jaeger.api_v2.PostSpansRequest',
);
const ListOfSpans = loadType(
  'zipkin/zipkin.proto',
  'zipkin.proto3.ListOfSpans',
);

const TRACE = Buffer.from('463ac35c9f6413adf8485a3953bb6124', 'hex');

function postSpans(): Uint8Array {
  return PostSpansRequest.encode(
    PostSpansRequest.fromObject({
      batch: {
        process: {
          serviceName: 'svc-a',
          tags: [{ key: 'hostname', vStr: 'host-1' }],
        },
        spans: [
          {
            traceId: TRACE,
            spanId: Buffer.from('fa00000000000001', 'hex'),
            operationName: 'a1_summary',
            startTime: { seconds: 1_700_000_000, nanos: 123_456_789 },
            duration: { seconds: 0, nanos: 2_500_000 },
            tags: [
              { key: 'span.kind', vStr: 'server' },
              { key: 'http.status_code', vType: 2, vInt64: 200 },
              { key: 'cpu.ms', vType: 3, vFloat64: 1.25 },
              { key: 'flag', vType: 1, vBool: true },
              { key: 'zero', vType: 2 },
            ],
            logs: [
              {
                timestamp: { seconds: 1_700_000_000, nanos: 200_000_000 },
                fields: [{ key: 'event', vStr: 'retry' }],
              },
            ],
          },
          {
            traceId: TRACE,
            spanId: Buffer.from('0000000000000002', 'hex'),
            operationName: 'a1_performance_metrics',
            references: [
              {
                traceId: TRACE,
                spanId: Buffer.from('fa00000000000001', 'hex'),
              },
            ],
            startTime: { seconds: 1_700_000_000, nanos: 124_000_000 },
            duration: { nanos: 1_000_000 },
            tags: [{ key: 'error', vType: 1, vBool: true }],
            process: { serviceName: 'svc-b' },
          },
        ],
      },
    }),
  ).finish();
}

describe('decodeJaegerPostSpans', () => {
  it('decodes spans, their batch or own process, times and typed tags', () => {
    const result = decodeJaegerPostSpans(postSpans());
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    const [root, child] = result.value.spans;
    expect(root).toMatchObject({
      traceId: '463ac35c9f6413adf8485a3953bb6124',
      spanId: 'fa00000000000001',
      service: 'svc-a',
      operation: 'a1_summary',
      kind: 'server',
      startMicros: 1_700_000_000_123_456,
      durationMicros: 2500,
      resource: { hostname: 'host-1' },
      attributes: {
        'span.kind': 'server',
        'http.status_code': 200,
        'cpu.ms': 1.25,
        flag: true,
        zero: 0,
      },
      events: [
        {
          timeMicros: 1_700_000_000_200_000,
          name: 'retry',
          attributes: { event: 'retry' },
        },
      ],
    });
    expect(child).toMatchObject({
      service: 'svc-b',
      parentSpanId: 'fa00000000000001',
      status: 'error',
      durationMicros: 1000,
    });
  });

  it('refuses every truncation, never throwing', () => {
    const bytes = postSpans();
    let refused = 0;
    for (let length = 1; length < bytes.length; length++) {
      const result = decodeJaegerPostSpans(bytes.subarray(0, length));
      if (!result.ok) {
        refused++;
      }
    }
    // A cut exactly between two top-level fields is a shorter valid message;
    // the request has one top-level field, so every cut is refused.
    expect(refused).toBe(bytes.length - 1);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        expect(typeof decodeJaegerPostSpans(bytes).ok).toBe('boolean');
        expect(typeof decodeZipkinProtobuf(bytes).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeZipkinProtobuf', () => {
  it('decodes a ListOfSpans like the same spans in Zipkin JSON', () => {
    const bytes = ListOfSpans.encode(
      ListOfSpans.fromObject({
        spans: [
          {
            traceId: TRACE,
            id: Buffer.from('0000000000000003', 'hex'),
            parentId: Buffer.from('0000000000000001', 'hex'),
            kind: 2,
            name: 'get /a1',
            timestamp: 1_700_000_000_000_000,
            duration: 1500,
            localEndpoint: {
              serviceName: 'svc-a',
              ipv4: Buffer.from([10, 0, 0, 7]),
            },
            remoteEndpoint: { serviceName: 'istio-ingressgateway' },
            annotations: [{ timestamp: 1_700_000_000_000_100, value: 'ws' }],
            tags: { 'http.status_code': '500', error: 'boom' },
            shared: true,
          },
          { traceId: TRACE },
        ],
      }),
    ).finish();
    const result = decodeZipkinProtobuf(bytes);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(result.value.rejected).toBe(1);
    expect(result.value.spans).toEqual([
      {
        traceId: '463ac35c9f6413adf8485a3953bb6124',
        spanId: '0000000000000003',
        parentSpanId: '0000000000000001',
        references: [
          {
            type: 'child_of',
            traceId: '463ac35c9f6413adf8485a3953bb6124',
            spanId: '0000000000000001',
          },
        ],
        service: 'svc-a',
        operation: 'get /a1',
        kind: 'server',
        startMicros: 1_700_000_000_000_000,
        durationMicros: 1500,
        status: 'error',
        attributes: {
          'http.status_code': '500',
          error: 'boom',
          'peer.service': 'istio-ingressgateway',
        },
        resource: { 'net.host.ip': '10.0.0.7' },
        events: [
          { timeMicros: 1_700_000_000_000_100, name: 'ws', attributes: {} },
        ],
        shared: true,
      },
    ]);
  });

  it('refuses a span list cut in the middle of a span', () => {
    const bytes = ListOfSpans.encode(
      ListOfSpans.fromObject({ spans: [{ traceId: TRACE, name: 'x' }] }),
    ).finish();
    expect(
      decodeZipkinProtobuf(bytes.subarray(0, bytes.length - 1)),
    ).toMatchObject({ ok: false });
  });
});
