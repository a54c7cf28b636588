/**
 * Jaeger's gRPC query API, read with a grpc-js client built from the query
 * protos (as Kiali reads it), answering what the HTTP query API answers: a
 * real HotROD trace (fixtures/traces) and a two-service SDK trace are stored,
 * then services, operations, a search, a trace, dependencies and summaries
 * are compared, answer by answer, with the v1 and api_v3 HTTP routes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { decodeOtlpTraces } from '@pathprof/engine';
import type { OtlpExportTraceServiceRequest } from '@pathprof/model';
import { createMemoryStore } from '@pathprof/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import {
  collectStream,
  createClient,
  getJson,
  loadGrpcPackage,
  startCollectorWithEveryReceiver,
  unary,
} from '../receivers/receiver-test-helpers.js';

const HOTROD = JSON.parse(
  readFileSync(
    path.resolve(
      import.meta.dirname,
      '../../../../fixtures/traces/hotrod-jaeger-apiv3-getTrace.otlp.json',
    ),
    'utf8',
  ),
) as { result: OtlpExportTraceServiceRequest };
const TRACE_ID = '2ea75461946a7dd10f2c15ab36a076cb';
/** The trace starts at 1782036644.636668325 s. */
const START_MICROS = 1_782_036_644_636_668;

let collector: TestCollector;
let v2: Record<string, (...args: unknown[]) => unknown> & grpc.Client;
let v3: Record<string, (...args: unknown[]) => unknown> & grpc.Client;

beforeAll(async () => {
  const store = createMemoryStore();
  await store.appendSpans(decodeOtlpTraces(HOTROD.result).spans);
  collector = await startCollectorWithEveryReceiver({
    store,
    pathIndex: { enabled: false },
    nowMicros: () => START_MICROS + 60_000_000,
  });
  const port = collector.ports.queryGrpc!;
  v2 = createClient(
    loadGrpcPackage('jaeger/api_v2/query.proto'),
    'jaeger.api_v2.QueryService',
    port,
  );
  v3 = createClient(
    loadGrpcPackage('jaeger/api_v3/query_service.proto'),
    'jaeger.api_v3.QueryService',
    port,
  );
});

afterAll(async () => {
  v2.close();
  v3.close();
  await collector.close();
});

interface V1Envelope<T> {
  data: T;
}

function hex(bytes: unknown): string {
  return Buffer.from(bytes as Uint8Array).toString('hex');
}

function micros(ts: { seconds?: string; nanos?: number } | undefined): number {
  return Number(ts?.seconds ?? 0) * 1e6 + Math.trunc((ts?.nanos ?? 0) / 1000);
}

interface V2KeyValue {
  key: string;
  vType?: string;
  vStr?: string;
  vBool?: boolean;
  vInt64?: string;
  vFloat64?: number;
}

/** An api_v2 KeyValue in the v1 JSON's {key, type, value} form. */
function asJsonTag(kv: V2KeyValue): {
  key: string;
  type: string;
  value: unknown;
} {
  switch (kv.vType) {
    case 'BOOL':
      return { key: kv.key, type: 'bool', value: kv.vBool ?? false };
    case 'INT64':
      return { key: kv.key, type: 'int64', value: Number(kv.vInt64 ?? 0) };
    case 'FLOAT64':
      return { key: kv.key, type: 'float64', value: kv.vFloat64 ?? 0 };
    default:
      return { key: kv.key, type: 'string', value: kv.vStr ?? '' };
  }
}

interface V2Span {
  traceId: Uint8Array;
  spanId: Uint8Array;
  operationName: string;
  references?: { traceId: Uint8Array; spanId: Uint8Array; refType?: string }[];
  startTime: { seconds?: string; nanos?: number };
  duration: { seconds?: string; nanos?: number };
  tags?: V2KeyValue[];
  logs?: {
    timestamp: { seconds?: string; nanos?: number };
    fields?: V2KeyValue[];
  }[];
  process: { serviceName: string; tags?: V2KeyValue[] };
}

/** api_v2 spans in the v1 JSON span shape (process by service name, not id). */
function v2AsJson(spans: V2Span[]) {
  return spans.map((s) => ({
    spanID: hex(s.spanId),
    operationName: s.operationName,
    references: (s.references ?? []).map((r) => ({
      refType: r.refType ?? 'CHILD_OF',
      traceID: hex(r.traceId).replace(/^0{16}/, ''),
      spanID: hex(r.spanId),
    })),
    startTime: micros(s.startTime),
    duration: micros(s.duration),
    tags: (s.tags ?? []).map(asJsonTag),
    logs: (s.logs ?? []).map((l) => ({
      timestamp: micros(l.timestamp),
      fields: (l.fields ?? []).map(asJsonTag),
    })),
    service: s.process.serviceName,
    processTags: (s.process.tags ?? []).map(asJsonTag),
  }));
}

interface V1Trace {
  traceID: string;
  spans: {
    spanID: string;
    operationName: string;
    references: unknown[];
    startTime: number;
    duration: number;
    tags: unknown[];
    logs: unknown[];
    processID: string;
  }[];
  processes: Record<string, { serviceName: string; tags: unknown[] }>;
}

function v1AsJson(trace: V1Trace) {
  return trace.spans.map((s) => ({
    spanID: s.spanID,
    operationName: s.operationName,
    references: s.references,
    startTime: s.startTime,
    duration: s.duration,
    tags: s.tags,
    logs: s.logs,
    service: trace.processes[s.processID]!.serviceName,
    processTags: trace.processes[s.processID]!.tags,
  }));
}

describe('api_v2 QueryService (Kiali’s default)', () => {
  it('lists the services and operations the HTTP API lists', async () => {
    const http = await getJson<V1Envelope<string[]>>(
      `${collector.queryUrl}/api/services`,
    );
    const grpcServices = await unary<{ services: string[] }>(
      v2,
      'GetServices',
      {},
    );
    expect(grpcServices.services).toEqual(http.data);
    expect(http.data).toHaveLength(6);
    const ops = await unary<{
      operationNames: string[];
      operations: { name: string; spanKind?: string }[];
    }>(v2, 'GetOperations', { service: 'frontend' });
    const httpNames = await getJson<V1Envelope<string[]>>(
      `${collector.queryUrl}/api/services/frontend/operations`,
    );
    const httpOps = await getJson<
      V1Envelope<{ name: string; spanKind: string }[]>
    >(`${collector.queryUrl}/api/operations?service=frontend`);
    expect(ops.operationNames).toEqual(httpNames.data);
    expect(
      ops.operations.map((o) => ({ name: o.name, spanKind: o.spanKind ?? '' })),
    ).toEqual(httpOps.data);
  });

  it('returns the trace GetTrace streams exactly as /api/traces/{id} shows it', async () => {
    const chunks = await collectStream<{ spans: V2Span[] }>(v2, 'GetTrace', {
      traceId: Buffer.from(TRACE_ID, 'hex'),
    });
    expect(chunks.every((c) => c.spans.length <= 10)).toBe(true);
    const spans = chunks.flatMap((c) => c.spans);
    expect(spans).toHaveLength(40);
    const http = await getJson<V1Envelope<V1Trace[]>>(
      `${collector.queryUrl}/api/traces/${TRACE_ID}`,
    );
    expect(v2AsJson(spans)).toEqual(v1AsJson(http.data[0]!));
  });

  it('finds the traces the HTTP search finds', async () => {
    const start = START_MICROS - 1_000_000;
    const end = START_MICROS + 10_000_000;
    const chunks = await collectStream<{ spans: V2Span[] }>(v2, 'FindTraces', {
      query: {
        serviceName: 'driver',
        startTimeMin: { seconds: Math.floor(start / 1e6) },
        startTimeMax: { seconds: Math.ceil(end / 1e6) },
        searchDepth: 5,
      },
    });
    const http = await getJson<V1Envelope<V1Trace[]>>(
      `${collector.queryUrl}/api/traces?service=driver&start=${Math.floor(start / 1e6) * 1e6}&end=${Math.ceil(end / 1e6) * 1e6}&limit=5`,
    );
    const grpcIds = [
      ...new Set(chunks.flatMap((c) => c.spans.map((s) => hex(s.traceId)))),
    ];
    expect(grpcIds).toEqual(http.data.map((t) => t.traceID));
    expect(grpcIds).toEqual([TRACE_ID]);
    const none = await collectStream(v2, 'FindTraces', {
      query: { serviceName: 'nobody' },
    });
    expect(none).toEqual([]);
  });

  it('answers dependencies as /api/dependencies does', async () => {
    const end = START_MICROS + 60_000_000;
    const deps = await unary<{
      dependencies: { parent: string; child: string; callCount: string }[];
    }>(v2, 'GetDependencies', {
      startTime: { seconds: Math.floor((end - 3_600_000_000) / 1e6) },
      endTime: { seconds: Math.floor(end / 1e6) },
    });
    const http = await getJson<
      V1Envelope<{ parent: string; child: string; callCount: number }[]>
    >(
      `${collector.queryUrl}/api/dependencies?endTs=${Math.floor(end / 1e6) * 1000}&lookback=3600000`,
    );
    expect(
      deps.dependencies.map(({ parent, child, callCount }) => ({
        parent,
        child,
        callCount: Number(callCount),
      })),
    ).toEqual(http.data);
    expect(http.data.length).toBeGreaterThan(0);
  });

  it('answers an unknown trace NOT_FOUND and archiving UNIMPLEMENTED', async () => {
    await expect(
      collectStream(v2, 'GetTrace', { traceId: Buffer.alloc(16, 7) }),
    ).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'trace not found',
    });
    await expect(
      collectStream(v2, 'GetTrace', { traceId: Buffer.alloc(3, 7) }),
    ).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(
      unary(v2, 'ArchiveTrace', { traceId: Buffer.from(TRACE_ID, 'hex') }),
    ).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
  });
});

describe('api_v3 QueryService', () => {
  interface OtlpJsonSpan {
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    kind?: number | string;
    startTimeUnixNano: string;
    endTimeUnixNano: string;
    attributes?: { key: string }[];
  }

  it('streams the trace /api/v3/traces/{id} returns, span for span', async () => {
    const messages = await collectStream<{
      resourceSpans: {
        scopeSpans: {
          spans: (Omit<OtlpJsonSpan, 'traceId' | 'spanId' | 'parentSpanId'> & {
            traceId: Uint8Array;
            spanId: Uint8Array;
            parentSpanId?: Uint8Array;
          })[];
        }[];
      }[];
    }>(v3, 'GetTrace', { traceId: TRACE_ID });
    expect(messages).toHaveLength(1);
    const grpcSpans = messages[0]!.resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) =>
        s.spans.map((sp) => ({
          spanId: hex(sp.spanId),
          parentSpanId:
            sp.parentSpanId === undefined ? undefined : hex(sp.parentSpanId),
          name: sp.name,
          start: sp.startTimeUnixNano,
          end: sp.endTimeUnixNano,
          attributes: (sp.attributes ?? []).map((a) => a.key),
        })),
      ),
    );
    const http = await getJson<{
      result: { resourceSpans: { scopeSpans: { spans: OtlpJsonSpan[] }[] }[] };
    }>(`${collector.queryUrl}/api/v3/traces/${TRACE_ID}`);
    const httpSpans = http.result.resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) =>
        s.spans.map((sp) => ({
          spanId: sp.spanId,
          parentSpanId: sp.parentSpanId,
          name: sp.name,
          start: sp.startTimeUnixNano,
          end: sp.endTimeUnixNano,
          attributes: (sp.attributes ?? []).map((a) => a.key),
        })),
      ),
    );
    expect(grpcSpans).toEqual(httpSpans);
    expect(grpcSpans).toHaveLength(40);
  });

  it('streams the summaries /api/v3/trace-summaries returns', async () => {
    const min = new Date((START_MICROS - 1_000_000) / 1000);
    const max = new Date((START_MICROS + 10_000_000) / 1000);
    const messages = await collectStream<{
      summaries: Record<string, unknown>[];
    }>(v3, 'FindTraceSummaries', {
      query: {
        startTimeMin: { seconds: Math.floor(min.getTime() / 1000) },
        startTimeMax: { seconds: Math.ceil(max.getTime() / 1000) },
      },
    });
    const http = await getJson<{ summaries: Record<string, unknown>[] }>(
      `${collector.queryUrl}/api/v3/trace-summaries?query.startTimeMin=${new Date(Math.floor(min.getTime() / 1000) * 1000).toISOString()}&query.startTimeMax=${new Date(Math.ceil(max.getTime() / 1000) * 1000).toISOString()}`,
    );
    // proto3 has no absent numbers: the HTTP answer leaves zeros out, as jsonpb does.
    const dropZeros = (o: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(
        Object.entries(o)
          .filter(([, v]) => v !== 0)
          .map(([k, v]) => [
            k,
            Array.isArray(v)
              ? v.map((x) => dropZeros(x as Record<string, unknown>))
              : v,
          ]),
      );
    expect(messages.flatMap((m) => m.summaries).map(dropZeros)).toEqual(
      http.summaries,
    );
    expect(http.summaries).toHaveLength(1);
    expect(http.summaries[0]).toMatchObject({
      traceId: TRACE_ID,
      rootServiceName: 'frontend',
      spanCount: 40,
    });
  });

  it('lists services and operations as the api_v3 HTTP routes do, and refuses a search without times', async () => {
    const http = await getJson<{ services: string[] }>(
      `${collector.queryUrl}/api/v3/services`,
    );
    expect(await unary(v3, 'GetServices', {})).toEqual(http);
    const httpOps = await getJson<{ operations: unknown[] }>(
      `${collector.queryUrl}/api/v3/operations?service=driver`,
    );
    expect(await unary(v3, 'GetOperations', { service: 'driver' })).toEqual(
      httpOps,
    );
    await expect(
      collectStream(v3, 'FindTraces', { query: { serviceName: 'driver' } }),
    ).rejects.toMatchObject({
      code: grpc.status.INVALID_ARGUMENT,
      details: 'start time min and max are required parameters',
    });
  });
});

describe('the gRPC query port with a token', () => {
  it('refuses calls without `authorization: Bearer` metadata and answers with it', async () => {
    const guarded = await startCollectorWithEveryReceiver({ token: 'kiali' });
    const client = createClient(
      loadGrpcPackage('jaeger/api_v2/query.proto'),
      'jaeger.api_v2.QueryService',
      guarded.ports.queryGrpc!,
    );
    try {
      await expect(unary(client, 'GetServices', {})).rejects.toMatchObject({
        code: grpc.status.UNAUTHENTICATED,
      });
      await expect(
        collectStream(client, 'FindTraces', { query: {} }),
      ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
      const metadata = new grpc.Metadata();
      metadata.set('authorization', 'Bearer kiali');
      // An empty repeated field is absent on the wire.
      expect(await unary(client, 'GetServices', {}, metadata)).toEqual({});
    } finally {
      client.close();
      await guarded.close();
    }
  });
});
