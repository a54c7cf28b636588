/**
 * The ingest ports' error body: an OTLP `Status` in JSON (`{"code",
 * "message"}`, gRPC code numbers), which Zipkin senders ignore but humans
 * can read. The query port's bodies: `query-error-replies.ts`.
 */
import type { FastifyReply } from 'fastify';

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

export function sendIngestError(
  reply: FastifyReply,
  status: number,
  message: string,
): FastifyReply {
  return reply.code(status).send({ code: grpcCodeForStatus(status), message });
}
