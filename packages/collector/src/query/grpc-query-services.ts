/**
 * Jaeger's gRPC query API on one port (16685), both generations:
 * `jaeger.api_v2.QueryService` (what Kiali reads by default) and
 * `jaeger.api_v3.QueryService`. Each method makes the same store call as the
 * HTTP route that answers the same question and reuses its encoder: api_v2
 * spans come from the v1 JSON trace (`toJaegerTrace`), api_v3 traces from the
 * OTLP JSON (`toOtlpJson`), summaries from `summarizeTrace`; only the last
 * step, protobuf, differs. Semantics follow jaeger's `apiv3/grpc_handler.go`:
 * GetTrace of an unknown id is NOT_FOUND, a search that finds nothing ends
 * its stream empty, api_v3 searches need both start-time bounds.
 */
import {
  badParam,
  CollectorError,
  isCollectorError,
} from '../collector-error.js';
import { status as GrpcStatus } from '@grpc/grpc-js';
import type {
  ServerUnaryCall,
  ServerWritableStream,
  ServiceError,
  ServiceDefinition,
  sendUnaryData,
} from '@grpc/grpc-js';
import type { TraceId, TraceSpans } from '@pathprof/model';
import type { TraceQuery } from '@pathprof/store';
import type protobuf from 'protobufjs';
import { mustParseJaegerTraceId } from './jaeger-ids.js';
import { toJaegerOperationKind, toV3OperationKind } from './operation-kinds.js';
import { MAX_SEARCH_LIMIT } from './parse-search-params.js';
import { DEFAULT_SEARCH_DEPTH } from './parse-v3-search-params.js';
import { summarizeTrace } from './summarize-trace.js';
import { toJaegerTrace, toOtlpJson } from '@pathprof/engine';
import type { JaegerTraceJson } from '@pathprof/engine';
import type { CollectorContext } from '../server/collector-context.js';
import { createGrpcError, logGrpcFailure } from '../grpc/grpc-errors.js';
import type { GrpcService } from '../grpc/grpc-ingest-services.js';
import { lookupQueryType } from './load-query-protos.js';
import { parseOperationKindText } from './operation-kinds.js';

/** Jaeger's gRPC handler sends spans in chunks of this many. */
const SPANS_PER_CHUNK = 10;

type Request = Record<string, unknown>;
type Handler = (
  request: Request,
  send: (message: Request) => void,
) => Promise<Request | undefined>;

interface Method {
  readonly name: string;
  readonly request: string;
  readonly response: string;
  readonly stream: boolean;
  readonly handle: Handler;
}

export function createQueryServices(context: CollectorContext): GrpcService[] {
  return [
    createService(context, 'jaeger.api_v2.QueryService', v2Methods(context)),
    createService(context, 'jaeger.api_v3.QueryService', v3Methods(context)),
  ];
}

function v2Methods(context: CollectorContext): Method[] {
  const { store } = context;
  const v2 = (name: string): string => `jaeger.api_v2.${name}`;
  const sendSpans = (
    traces: readonly TraceSpans[],
    send: (m: Request) => void,
  ): void => {
    for (const trace of traces) {
      const spans = toV2Spans(toJaegerTrace(trace));
      for (let i = 0; i < spans.length; i += SPANS_PER_CHUNK) {
        send({ spans: spans.slice(i, i + SPANS_PER_CHUNK) });
      }
    }
  };
  return [
    {
      name: 'GetTrace',
      request: v2('GetTraceRequest'),
      response: v2('SpansResponseChunk'),
      stream: true,
      handle: async (request, send) => {
        const id = traceIdFromBytes(request['traceId']);
        const traces = await store.getTraces([id]);
        if (traces.length === 0) {
          throw new CollectorError(
            'PATHPROF_ERR_COLLECTOR_NOT_FOUND',
            'trace not found',
          );
        }
        sendSpans(traces, send);
        return undefined;
      },
    },
    {
      name: 'ArchiveTrace',
      request: v2('ArchiveTraceRequest'),
      response: v2('ArchiveTraceResponse'),
      stream: false,
      handle: () =>
        Promise.reject(
          new CollectorError(
            'PATHPROF_ERR_COLLECTOR_UNIMPLEMENTED',
            'pathprof has no archive storage: every stored trace is kept until the retention deletes it',
          ),
        ),
    },
    {
      name: 'FindTraces',
      request: v2('FindTracesRequest'),
      response: v2('SpansResponseChunk'),
      stream: true,
      handle: async (request, send) => {
        const query = toTraceQuery(request['query'], false, 'tags');
        sendSpans((await store.searchTraces(query)).traces, send);
        return undefined;
      },
    },
    {
      name: 'GetServices',
      request: v2('GetServicesRequest'),
      response: v2('GetServicesResponse'),
      stream: false,
      handle: async () => ({ services: await store.listServices() }),
    },
    {
      name: 'GetOperations',
      request: v2('GetOperationsRequest'),
      response: v2('GetOperationsResponse'),
      stream: false,
      handle: async (request) => {
        const operations = await store.listOperations(
          stringField(request, 'service'),
          parseOperationKindText(stringField(request, 'spanKind'), 'span_kind'),
        );
        return {
          operationNames: [...new Set(operations.map((o) => o.name))],
          operations: operations.map((o) => ({
            name: o.name,
            spanKind: toJaegerOperationKind(o.spanKind),
          })),
        };
      },
    },
    {
      name: 'GetDependencies',
      request: v2('GetDependenciesRequest'),
      response: v2('GetDependenciesResponse'),
      stream: false,
      handle: async (request) => ({
        dependencies: await dependencies(context, request),
      }),
    },
  ];
}

function v3Methods(context: CollectorContext): Method[] {
  const { store } = context;
  const v3 = (name: string): string => `jaeger.api_v3.${name}`;
  return [
    {
      name: 'GetTrace',
      request: v3('GetTraceRequest'),
      response: 'opentelemetry.proto.trace.v1.TracesData',
      stream: true,
      handle: async (request, send) => {
        const id = mustParseJaegerTraceId(
          stringField(request, 'traceId'),
          'trace_id',
        );
        const traces = await store.getTraces([id]);
        if (traces.length === 0) {
          throw new CollectorError(
            'PATHPROF_ERR_COLLECTOR_NOT_FOUND',
            'trace not found',
          );
        }
        send(toOtlpProto(traces[0]!));
        return undefined;
      },
    },
    {
      name: 'FindTraces',
      request: v3('FindTracesRequest'),
      response: 'opentelemetry.proto.trace.v1.TracesData',
      stream: true,
      handle: async (request, send) => {
        const query = toTraceQuery(request['query'], true, 'attributes');
        for (const trace of (await store.searchTraces(query)).traces) {
          send(toOtlpProto(trace));
        }
        return undefined;
      },
    },
    {
      name: 'FindTraceSummaries',
      request: v3('FindTraceSummariesRequest'),
      response: v3('FindTraceSummariesResponse'),
      stream: true,
      handle: async (request, send) => {
        const query = toTraceQuery(request['query'], true, 'attributes');
        const { traces } = await store.searchTraces(query);
        if (traces.length > 0) {
          send({
            summaries: traces.map((t) => {
              const s = summarizeTrace(t);
              return { ...s, services: [...s.services] };
            }),
          });
        }
        return undefined;
      },
    },
    {
      name: 'GetServices',
      request: v3('GetServicesRequest'),
      response: v3('GetServicesResponse'),
      stream: false,
      handle: async () => ({ services: await store.listServices() }),
    },
    {
      name: 'GetOperations',
      request: v3('GetOperationsRequest'),
      response: v3('GetOperationsResponse'),
      stream: false,
      handle: async (request) => {
        const service = stringField(request, 'service');
        const operations =
          service === ''
            ? []
            : await store.listOperations(
                service,
                parseOperationKindText(
                  stringField(request, 'spanKind'),
                  'span_kind',
                ),
              );
        return {
          operations: operations.map((o) => ({
            name: o.name,
            spanKind: toV3OperationKind(o.spanKind),
          })),
        };
      },
    },
    {
      name: 'GetDependencies',
      request: v3('GetDependenciesRequest'),
      response: v3('DependenciesResponse'),
      stream: false,
      handle: async (request) => ({
        dependencies: (await dependencies(context, request)).map(
          ({ parent, child, callCount }) => ({ parent, child, callCount }),
        ),
      }),
    },
  ];
}

async function dependencies(
  context: CollectorContext,
  request: Request,
): Promise<Request[]> {
  const end = timestampMicros(request['endTime']) ?? context.nowMicros();
  const start = timestampMicros(request['startTime']) ?? end - 86_400_000_000;
  if (start > end) {
    throw badParam('start_time must not be after end_time');
  }
  const links = await context.store.getDependencies(end, end - start);
  return links.map((l) => ({
    parent: l.parent,
    child: l.child,
    callCount: l.callCount,
    source: '',
  }));
}

function createService(
  context: CollectorContext,
  serviceName: string,
  methods: readonly Method[],
): GrpcService {
  const definition: Record<string, ServiceDefinition[string]> = {};
  const implementation: GrpcService['implementation'] = {};
  for (const method of methods) {
    const requestType = lookupQueryType(method.request);
    const responseType = lookupQueryType(method.response);
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: false,
      responseStream: method.stream,
      // Decoded in the handler, so undecodable bytes answer INVALID_ARGUMENT.
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (message: Request) =>
        Buffer.from(
          responseType.encode(responseType.fromObject(message)).finish(),
        ),
      responseDeserialize: (b: Buffer) => b,
    };
    const run = async (
      raw: Buffer,
      send: (m: Request) => void,
    ): Promise<Request | undefined> =>
      method.handle(decodeRequest(requestType, raw), send);
    const fail = (err: unknown): Partial<ServiceError> => {
      const error = toGrpcError(err);
      logGrpcFailure(context, definition[method.name]!.path, error.code!);
      return error;
    };
    const toGrpcError = (err: unknown): Partial<ServiceError> => {
      if (isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_BAD_PARAM')) {
        return createGrpcError(GrpcStatus.INVALID_ARGUMENT, err.message);
      }
      if (isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_NOT_FOUND')) {
        return createGrpcError(GrpcStatus.NOT_FOUND, err.message);
      }
      if (isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_UNIMPLEMENTED')) {
        return createGrpcError(GrpcStatus.UNIMPLEMENTED, err.message);
      }
      context.log({
        level: 'error',
        msg: 'query failed',
        url: `/${serviceName}/${method.name}`,
        error: err instanceof Error ? err.message : String(err),
      });
      return createGrpcError(GrpcStatus.INTERNAL, 'internal error');
    };
    implementation[method.name] = method.stream
      ? (call: ServerWritableStream<Buffer, Request>) => {
          run(call.request, (m) => call.write(m)).then(
            () => call.end(),
            (err: unknown) => call.emit('error', fail(err)),
          );
        }
      : (
          call: ServerUnaryCall<Buffer, Request>,
          callback: sendUnaryData<Request>,
        ) => {
          run(call.request, () => undefined).then(
            (response) => callback(null, response ?? {}),
            (err: unknown) => callback(fail(err)),
          );
        };
  }
  return { definition, implementation };
}

function decodeRequest(type: protobuf.Type, raw: Buffer): Request {
  try {
    return type.toObject(type.decode(raw), { longs: String }) as Request;
  } catch (err) {
    throw badParam(
      `the request is not a ${type.fullName.slice(1)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

function stringField(request: Request, name: string): string {
  const value = request[name];
  return typeof value === 'string' ? value : '';
}

function traceIdFromBytes(value: unknown): TraceId {
  if (!(value instanceof Uint8Array) || ![8, 16].includes(value.length)) {
    throw badParam('trace_id must be 8 or 16 bytes');
  }
  return mustParseJaegerTraceId(Buffer.from(value).toString('hex'), 'trace_id');
}

/** A Timestamp or Duration in µs; undefined when absent (proto3: zero is absent too). */
function timestampMicros(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const { seconds, nanos } = value as { seconds?: string; nanos?: number };
  const micros = Number(seconds ?? 0) * 1e6 + Math.trunc((nanos ?? 0) / 1000);
  return micros === 0 ? undefined : micros;
}

function toTraceQuery(
  value: unknown,
  startRequired: boolean,
  tagsField: 'tags' | 'attributes',
): TraceQuery {
  if (typeof value !== 'object' || value === null) {
    throw badParam('missing query');
  }
  const q = value as Request;
  const startMin = timestampMicros(q['startTimeMin']);
  const startMax = timestampMicros(q['startTimeMax']);
  if (startRequired && (startMin === undefined || startMax === undefined)) {
    throw badParam('start time min and max are required parameters');
  }
  const durationMin = timestampMicros(q['durationMin']);
  const durationMax = timestampMicros(q['durationMax']);
  const depth = typeof q['searchDepth'] === 'number' ? q['searchDepth'] : 0;
  if (depth < 0 || depth > MAX_SEARCH_LIMIT) {
    // A search's answer is held in memory: the HTTP routes' cap holds here too.
    throw badParam(
      `search_depth must be from 1 to ${MAX_SEARCH_LIMIT} (0 means ${DEFAULT_SEARCH_DEPTH}), got ${depth}`,
    );
  }
  const tags = q[tagsField] as Record<string, string> | undefined;
  const service = stringField(q, 'serviceName');
  const operation = stringField(q, 'operationName');
  return {
    ...(service === '' ? {} : { service }),
    ...(operation === '' ? {} : { operation }),
    ...(tags === undefined || Object.keys(tags).length === 0 ? {} : { tags }),
    ...(startMin === undefined ? {} : { startMin }),
    ...(startMax === undefined ? {} : { startMax }),
    ...(durationMin === undefined ? {} : { durationMin }),
    ...(durationMax === undefined ? {} : { durationMax }),
    limit: depth > 0 ? depth : DEFAULT_SEARCH_DEPTH,
  };
}

function micros(value: number): Request {
  const seconds = Math.floor(value / 1e6);
  return { seconds, nanos: Math.round((value - seconds * 1e6) * 1000) };
}

function idBytes(hex: string, digits: number): Buffer {
  return Buffer.from(hex.padStart(digits, '0'), 'hex');
}

/** The v1 JSON trace's spans as api_v2 `Span` messages, each with its process. */
function toV2Spans(trace: JaegerTraceJson): Request[] {
  return trace.spans.map((span) => {
    const process = trace.processes[span.processID];
    return {
      traceId: idBytes(span.traceID, 32),
      spanId: idBytes(span.spanID, 16),
      operationName: span.operationName,
      references: span.references.map((r) => ({
        traceId: idBytes(r.traceID, 32),
        spanId: idBytes(r.spanID, 16),
        refType: r.refType === 'CHILD_OF' ? 0 : 1,
      })),
      flags: span.flags,
      startTime: micros(span.startTime),
      duration: micros(span.duration),
      tags: span.tags.map(toV2KeyValue),
      logs: span.logs.map((l) => ({
        timestamp: micros(l.timestamp),
        fields: l.fields.map(toV2KeyValue),
      })),
      process: {
        serviceName: process?.serviceName ?? '',
        tags: (process?.tags ?? []).map(toV2KeyValue),
      },
      processId: span.processID,
    };
  });
}

function toV2KeyValue(kv: {
  key: string;
  type?: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}): Request {
  const type = kv.type ?? 'string';
  const v = kv.value;
  switch (type) {
    case 'bool':
      return { key: kv.key, vType: 1, vBool: v === true || v === 'true' };
    case 'int64':
      return { key: kv.key, vType: 2, vInt64: String(v) };
    case 'float64':
      return { key: kv.key, vType: 3, vFloat64: Number(v) };
    case 'binary':
      return {
        key: kv.key,
        vType: 4,
        vBinary: Buffer.from(String(v), 'base64'),
      };
    default:
      return { key: kv.key, vType: 0, vStr: String(v) };
  }
}

const HEX_ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** OTLP JSON (hex ids, decimal int64 strings) → the protobufjs object of TracesData. */
function toOtlpProto(trace: TraceSpans): Request {
  return convertIds(toOtlpJson(trace.spans)) as Request;
}

function convertIds(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(convertIds);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const out: Request = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      HEX_ID_FIELDS.has(key) && typeof v === 'string'
        ? Buffer.from(v, 'hex')
        : convertIds(v);
  }
  return out;
}
