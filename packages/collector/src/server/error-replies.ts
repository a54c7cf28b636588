/**
 * Error bodies. The query port answers as Jaeger does,
 * `{"data": null, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 400, "msg": "…"}]}`;
 * the ingest ports answer with an OTLP `Status` in JSON (`{"code", "message"}`,
 * gRPC code numbers), which Zipkin senders ignore but humans can read.
 */
import type { FastifyReply } from 'fastify';

export interface JaegerErrorBody {
  readonly data: null;
  readonly total: 0;
  readonly limit: 0;
  readonly offset: 0;
  readonly errors: readonly { readonly code: number; readonly msg: string }[];
}

export function jaegerErrorBody(status: number, msg: string): JaegerErrorBody {
  return {
    data: null,
    total: 0,
    limit: 0,
    offset: 0,
    errors: [{ code: status, msg }],
  };
}

/** gRPC status codes the OTLP/HTTP specification pairs with HTTP statuses. */
export const GRPC_CODE = {
  invalidArgument: 3,
  deadlineExceeded: 4,
  permissionDenied: 7,
  resourceExhausted: 8,
  unauthenticated: 16,
  unavailable: 14,
  internal: 13,
  notFound: 5,
} as const;

export function grpcCodeForStatus(status: number): number {
  if (status === 401) {
    return GRPC_CODE.unauthenticated;
  }
  if (status === 403) {
    return GRPC_CODE.permissionDenied;
  }
  if (status === 404) {
    return GRPC_CODE.notFound;
  }
  if (status === 408) {
    return GRPC_CODE.deadlineExceeded;
  }
  if (status === 413 || status === 429) {
    return GRPC_CODE.resourceExhausted;
  }
  if (status === 503) {
    return GRPC_CODE.unavailable;
  }
  if (status >= 500) {
    return GRPC_CODE.internal;
  }
  return GRPC_CODE.invalidArgument;
}

export function sendJaegerError(
  reply: FastifyReply,
  status: number,
  msg: string,
): FastifyReply {
  return reply.code(status).send(jaegerErrorBody(status, msg));
}

export function sendIngestError(
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  return reply.code(status).send({ code: grpcCodeForStatus(status), message });
}
