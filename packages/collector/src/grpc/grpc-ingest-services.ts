/**
 * The gRPC receivers: OTLP's `TraceService/Export` (port 4317) and Jaeger's
 * `CollectorService/PostSpans` (port 14250). grpc-js hands each handler the
 * raw request bytes (gzip already undone); the engine's own decoders read
 * them and `receiveWireBatch` stores them through the shared write queue, so
 * a success means durable and overload answers RESOURCE_EXHAUSTED or
 * UNAVAILABLE with RetryInfo. Service and method names:
 * opentelemetry-proto `collector/trace/v1/trace_service.proto`, jaeger-idl
 * `proto/api_v2/collector.proto`.
 */
import type {
  ServiceDefinition,
  UntypedServiceImplementation,
  sendUnaryData,
  ServerUnaryCall,
} from '@grpc/grpc-js';
import {
  decodeJaegerPostSpans,
  decodeOtlpProtobufSpans,
} from '@pathprof/engine';
import type { WireDecodeResult } from '@pathprof/engine';
import { receiveWireBatch } from '../ingest/receive-wire-batch.js';
import type { Receiver } from '../metrics/collector-metrics.js';
import { encodeExportResponseProtobuf } from '../otlp/encode-otlp-responses.js';
import type { CollectorContext } from '../server/collector-context.js';
import {
  createGrpcError,
  grpcCodeForHttpStatus,
  logGrpcFailure,
} from './grpc-errors.js';

export interface GrpcService {
  readonly definition: ServiceDefinition;
  readonly implementation: UntypedServiceImplementation;
}

const OTLP_EXPORT_PATH =
  '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const JAEGER_POST_SPANS_PATH = '/jaeger.api_v2.CollectorService/PostSpans';

const identity = (b: Buffer): Buffer => b;

function rawUnaryMethod(path: string): ServiceDefinition[string] {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

function ingestHandler(
  context: CollectorContext,
  path: string,
  receiver: Receiver,
  decode: (bytes: Uint8Array) => WireDecodeResult,
  describe: string,
  encodeAccepted: (rejected: number, message: string) => Uint8Array,
) {
  return (
    call: ServerUnaryCall<Buffer, Buffer>,
    callback: sendUnaryData<Buffer>,
  ): void => {
    receiveWireBatch(context, receiver, call.request, decode, describe).then(
      (outcome) => {
        if (outcome.ok) {
          callback(
            null,
            Buffer.from(encodeAccepted(outcome.rejected, outcome.message)),
          );
        } else {
          const code = grpcCodeForHttpStatus(outcome.status);
          logGrpcFailure(context, path, code);
          callback(
            createGrpcError(code, outcome.message, outcome.retryAfterSeconds),
          );
        }
      },
      (err: unknown) => {
        context.log({
          level: 'error',
          msg: 'ingest request error',
          url: describe,
          error: err instanceof Error ? err.message : String(err),
        });
        callback(createGrpcError(grpcCodeForHttpStatus(500), 'internal error'));
      },
    );
  };
}

export function createOtlpTraceService(context: CollectorContext): GrpcService {
  return {
    definition: {
      Export: rawUnaryMethod(OTLP_EXPORT_PATH),
    },
    implementation: {
      Export: ingestHandler(
        context,
        OTLP_EXPORT_PATH,
        'otlp_grpc',
        decodeOtlpProtobufSpans,
        'an OTLP ExportTraceServiceRequest',
        encodeExportResponseProtobuf,
      ),
    },
  };
}

export function createJaegerCollectorService(
  context: CollectorContext,
): GrpcService {
  return {
    definition: {
      PostSpans: rawUnaryMethod(JAEGER_POST_SPANS_PATH),
    },
    implementation: {
      // PostSpansResponse has no fields: an empty message.
      PostSpans: ingestHandler(
        context,
        JAEGER_POST_SPANS_PATH,
        'jaeger_grpc',
        decodeJaegerPostSpans,
        'a Jaeger PostSpansRequest',
        () => new Uint8Array(0),
      ),
    },
  };
}
