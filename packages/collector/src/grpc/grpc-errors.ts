/**
 * Ingest outcomes and query errors as gRPC statuses. Overload answers carry a
 * `google.rpc.RetryInfo` in `grpc-status-details-bin`, which OpenTelemetry's
 * exporters honour as the gRPC form of `Retry-After`
 * (https://opentelemetry.io/docs/specs/otlp/#otlpgrpc-throttling). Messages:
 * googleapis `google/rpc/status.proto` (Status: code 1, message 2, details 3),
 * `google/protobuf/any.proto` (type_url 1, value 2), `google/rpc/error_details.proto`
 * (RetryInfo: retry_delay 1), `google/protobuf/duration.proto` (seconds 1).
 */
import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import type { CollectorContext } from '../server/collector-context.js';

const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

export function grpcCodeForHttpStatus(httpStatus: number): GrpcStatus {
  switch (httpStatus) {
    case 400:
      return GrpcStatus.INVALID_ARGUMENT;
    case 401:
      return GrpcStatus.UNAUTHENTICATED;
    case 404:
      return GrpcStatus.NOT_FOUND;
    case 413:
    case 429:
      return GrpcStatus.RESOURCE_EXHAUSTED;
    case 501:
      return GrpcStatus.UNIMPLEMENTED;
    case 503:
      return GrpcStatus.UNAVAILABLE;
    default:
      return GrpcStatus.INTERNAL;
  }
}

/** One `request failed` line per refused call, as the HTTP servers log every status ≥ 400. */
export function logGrpcFailure(
  context: CollectorContext,
  path: string,
  code: GrpcStatus,
): void {
  const serverSide =
    code === GrpcStatus.INTERNAL || code === GrpcStatus.UNAVAILABLE;
  context.log({
    level: serverSide ? 'error' : 'warn',
    msg: 'request failed',
    method: 'gRPC',
    url: path,
    status: GrpcStatus[code],
  });
}

export function createGrpcError(
  code: GrpcStatus,
  message: string,
  retryAfterSeconds?: number,
): Partial<ServiceError> {
  const metadata = new Metadata();
  if (retryAfterSeconds !== undefined) {
    metadata.set(
      'grpc-status-details-bin',
      Buffer.from(encodeStatusWithRetry(code, message, retryAfterSeconds)),
    );
  }
  return { code, details: message, metadata };
}

function encodeStatusWithRetry(
  code: number,
  message: string,
  retryAfterSeconds: number,
): Uint8Array {
  const duration = varintField(1, Math.max(0, Math.round(retryAfterSeconds)));
  const retryInfo = bytesField(1, duration);
  const any = concat([
    bytesField(1, new TextEncoder().encode(RETRY_INFO_TYPE)),
    bytesField(2, retryInfo),
  ]);
  return concat([
    varintField(1, code),
    bytesField(2, new TextEncoder().encode(message)),
    bytesField(3, any),
  ]);
}

function varintField(field: number, value: number): Uint8Array {
  return concat([varint(field << 3), varint(value)]);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

function varint(value: number): Uint8Array {
  const out: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
