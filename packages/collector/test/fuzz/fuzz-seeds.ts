/**
 * Valid inputs of every wire format the collector receives, for the fuzz
 * suite to mutate: the real trace files in fixtures/traces (OTLP JSON,
 * Zipkin v2 JSON) and what real encoders make of them or of spans recorded
 * by the OpenTelemetry JS SDK — protobufjs from the collector's .proto
 * files (OTLP, Zipkin, Jaeger api_v2), OpenTelemetry's own serializers, and
 * Apache Thrift's Node protocols (Jaeger Thrift, both protocols).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import protobuf from 'protobufjs';
import {
  writeEmitBatch,
  writeThriftBatch,
} from '../../../engine/test/ingest/write-jaeger-thrift.js';
import type { ThriftBatch } from '../../../engine/test/ingest/write-jaeger-thrift.js';

const TRACES_DIR = fileURLToPath(
  new URL('../../../../fixtures/traces/', import.meta.url),
);
const PROTO_DIR = fileURLToPath(new URL('../../proto/', import.meta.url));

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(TRACES_DIR + file, 'utf8'));
}

function loadType(file: string, name: string): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) =>
    target.startsWith('google/') ? target : PROTO_DIR + target;
  root.loadSync(file);
  return root.lookupType(name);
}

/** Spans with every kind of attribute value, events, a link and an error status, recorded by the real SDK. */
function recordRichSpans(): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  let nextSpan = 0;
  const provider = (service: string): BasicTracerProvider =>
    new BasicTracerProvider({
      resource: resourceFromAttributes({
        'service.name': service,
        'host.name': 'h1',
        'process.pid': 42,
      }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
      idGenerator: {
        generateTraceId: () => '4bf92f3577b34da6a3ce929d0e0e4736',
        generateSpanId: () => (++nextSpan).toString(16).padStart(16, '0'),
      },
    });
  const tracer = provider('frontend').getTracer('fuzz', '1.0.0');
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: [1_700_000_000, 0],
    attributes: {
      'http.method': 'GET',
      'http.status_code': 200,
      'http.ok': true,
      ratio: 0.25,
      tags: ['a', 'b'],
      counts: [1, 2, 3],
    },
  });
  root.addEvent(
    'cache miss',
    { key: 'k1', 'retry.count': 2 },
    [1_700_000_000, 500_000],
  );
  const child = tracer.startSpan(
    'SELECT orders',
    {
      kind: SpanKind.CLIENT,
      startTime: [1_700_000_000, 1_000_000],
      links: [
        {
          context: {
            traceId: '0af7651916cd43dd8448eb211c80319c',
            spanId: 'b7ad6b7169203331',
            traceFlags: 1,
          },
          attributes: { reason: 'batch' },
        },
      ],
    },
    trace.setSpan(context.active(), root),
  );
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'deadlock' });
  child.end([1_700_000_000, 9_000_000]);
  root.end([1_700_000_000, 12_000_000]);
  return exporter.getFinishedSpans();
}

/** OTLP JSON with hex ids → the object protobufjs encodes (ids as bytes). */
function otlpJsonForProtobuf(request: unknown): unknown {
  return JSON.parse(JSON.stringify(request), (key, value: unknown) =>
    typeof value === 'string' &&
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId')
      ? Buffer.from(value, 'hex')
      : value,
  );
}

/** Zipkin v2 JSON → the object protobufjs encodes as zipkin.proto3.Span. */
function zipkinJsonForProtobuf(spans: readonly unknown[]): unknown {
  const kinds: Record<string, number> = {
    CLIENT: 1,
    SERVER: 2,
    PRODUCER: 3,
    CONSUMER: 4,
  };
  const hex = (v: unknown): Buffer | undefined =>
    typeof v === 'string'
      ? Buffer.from(v.length % 2 === 0 ? v : `0${v}`, 'hex')
      : undefined;
  const endpoint = (e: unknown): unknown => {
    if (typeof e !== 'object' || e === null) {
      return undefined;
    }
    const { serviceName, ipv4, port } = e as Record<string, unknown>;
    return {
      serviceName,
      port,
      ipv4:
        typeof ipv4 === 'string'
          ? Buffer.from(ipv4.split('.').map(Number))
          : undefined,
    };
  };
  return {
    spans: spans.map((raw) => {
      const s = raw as Record<string, unknown>;
      return {
        traceId: hex(s['traceId']),
        parentId: hex(s['parentId']),
        id: hex(s['id']),
        kind: kinds[String(s['kind'])] ?? 0,
        name: s['name'],
        timestamp: s['timestamp'],
        duration: s['duration'],
        localEndpoint: endpoint(s['localEndpoint']),
        remoteEndpoint: endpoint(s['remoteEndpoint']),
        annotations: s['annotations'],
        tags: s['tags'],
        shared: s['shared'],
      };
    }),
  };
}

const THRIFT_BATCH: ThriftBatch = {
  serviceName: 'svc-a',
  processTags: [
    { key: 'hostname', vType: 0, value: 'host-1' },
    { key: 'ip', vType: 0, value: '10.0.0.7' },
  ],
  spans: [
    {
      traceIdHigh: '463ac35c9f6413ad',
      traceIdLow: 'f8485a3953bb6124',
      spanId: 'fa00000000000001',
      operationName: 'a1_summary',
      startTime: 1_700_000_000_000_000,
      duration: 2500,
      tags: [
        { key: 'span.kind', vType: 0, value: 'server' },
        { key: 'cpu.ms', vType: 1, value: 1.25 },
        { key: 'error', vType: 2, value: false },
        { key: 'http.status_code', vType: 3, value: 200 },
        { key: 'blob', vType: 4, value: Buffer.from([1, 2, 3]) },
      ],
      logs: [
        {
          timestamp: 1_700_000_000_001_000,
          fields: [{ key: 'event', vType: 0, value: 'retry' }],
        },
      ],
    },
    {
      traceIdHigh: '463ac35c9f6413ad',
      traceIdLow: 'f8485a3953bb6124',
      spanId: 'fa00000000000002',
      parentSpanId: 'fa00000000000001',
      operationName: 'b1',
      references: [
        {
          refType: 1,
          traceIdHigh: '463ac35c9f6413ad',
          traceIdLow: 'f8485a3953bb6124',
          spanId: 'fa00000000000001',
        },
      ],
      startTime: 1_700_000_000_000_500,
      duration: 1000,
    },
  ],
};

export interface FuzzSeeds {
  readonly otlpJsonText: readonly string[];
  readonly otlpProtobuf: readonly Uint8Array[];
  readonly zipkinJsonText: readonly string[];
  readonly zipkinProtobuf: readonly Uint8Array[];
  readonly jaegerThriftBinary: readonly Uint8Array[];
  readonly emitBatch: {
    readonly binary: Uint8Array;
    readonly compact: Uint8Array;
  };
  readonly jaegerPostSpans: readonly Uint8Array[];
}

let cached: FuzzSeeds | undefined;

export function loadFuzzSeeds(): FuzzSeeds {
  if (cached !== undefined) {
    return cached;
  }
  const hotrod = (
    readJson('hotrod-jaeger-apiv3-getTrace.otlp.json') as {
      result: unknown;
    }
  ).result;
  const example = readJson('otlp-proto-example.otlp.json');
  const rich = recordRichSpans();
  const sdkJson = JSON.parse(
    Buffer.from(JsonTraceSerializer.serializeRequest(rich)!).toString('utf8'),
  ) as unknown;
  const otlpJson = [hotrod, example, sdkJson];

  const TracesData = loadType(
    'opentelemetry/trace.proto',
    'opentelemetry.proto.trace.v1.TracesData',
  );
  const otlpProtobuf = [
    ProtobufTraceSerializer.serializeRequest(rich)!,
    ...[hotrod, example].map((r) =>
      TracesData.encode(
        TracesData.fromObject(otlpJsonForProtobuf(r) as object),
      ).finish(),
    ),
  ];

  const zipkinFiles = [
    'zipkin-yelp.json',
    'zipkin-messaging-kafka.json',
    ...readdirSync(`${TRACES_DIR}zipkin-lens-small`).map(
      (f) => `zipkin-lens-small/${f}`,
    ),
  ];
  const zipkinJson = zipkinFiles.map((f) => readJson(f) as unknown[]);
  const ListOfSpans = loadType(
    'zipkin/zipkin.proto',
    'zipkin.proto3.ListOfSpans',
  );
  const zipkinProtobuf = zipkinJson.map((spans) =>
    ListOfSpans.encode(
      ListOfSpans.fromObject(zipkinJsonForProtobuf(spans) as object),
    ).finish(),
  );

  const PostSpansRequest = loadType(
    'jaeger/api_v2/collector.proto',
    'jaeger.api_v2.PostSpansRequest',
  );
  const jaegerPostSpans = [
    PostSpansRequest.encode(
      PostSpansRequest.fromObject({
        batch: {
          process: {
            serviceName: 'svc-a',
            tags: [{ key: 'hostname', vStr: 'host-1' }],
          },
          spans: [
            {
              traceId: Buffer.from('463ac35c9f6413adf8485a3953bb6124', 'hex'),
              spanId: Buffer.from('fa00000000000001', 'hex'),
              operationName: 'a1_summary',
              references: [
                {
                  traceId: Buffer.from(
                    '463ac35c9f6413adf8485a3953bb6124',
                    'hex',
                  ),
                  spanId: Buffer.from('fa00000000000000', 'hex'),
                  refType: 0,
                },
              ],
              startTime: { seconds: 1_700_000_000, nanos: 123_456_789 },
              duration: { seconds: 0, nanos: 2_500_000 },
              tags: [
                { key: 'span.kind', vStr: 'server' },
                { key: 'http.status_code', vType: 2, vInt64: 200 },
                { key: 'cpu.ms', vType: 3, vFloat64: 1.25 },
                { key: 'flag', vType: 1, vBool: true },
                { key: 'blob', vType: 4, vBinary: Buffer.from([7, 8]) },
              ],
              logs: [
                {
                  timestamp: { seconds: 1_700_000_000, nanos: 200_000_000 },
                  fields: [{ key: 'event', vStr: 'retry' }],
                },
              ],
              process: { serviceName: 'svc-b' },
            },
          ],
        },
      }),
    ).finish(),
  ];

  cached = {
    otlpJsonText: otlpJson.map((v) => JSON.stringify(v)),
    otlpProtobuf,
    zipkinJsonText: zipkinJson.map((v) => JSON.stringify(v)),
    zipkinProtobuf,
    jaegerThriftBinary: [writeThriftBatch(THRIFT_BATCH, 'binary')],
    emitBatch: {
      binary: writeEmitBatch(THRIFT_BATCH, 'binary'),
      compact: writeEmitBatch(THRIFT_BATCH, 'compact'),
    },
    jaegerPostSpans,
  };
  return cached;
}
