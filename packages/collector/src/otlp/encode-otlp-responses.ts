/**
 * The two messages an OTLP/HTTP server answers with, in both encodings
 * (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response):
 *
 * - `ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }`
 *   with `ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }`
 *   (opentelemetry-proto `collector/trace/v1/trace_service.proto`);
 * - `google.rpc.Status { int32 code = 1; string message = 2; }` for failures.
 *
 * Full success leaves `partial_success` unset: zero bytes, or `{}` in JSON.
 * JSON follows the proto3 mapping: lowerCamelCase keys, int64 as a decimal string.
 */

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

export interface OtlpJsonExportResponse {
  readonly partialSuccess?: {
    readonly rejectedSpans: string;
    readonly errorMessage: string;
  };
}

export function encodeExportResponseJson(
  rejectedSpans: number,
  errorMessage: string,
): OtlpJsonExportResponse {
  if (rejectedSpans === 0 && errorMessage === '') {
    return {};
  }
  return {
    partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage },
  };
}

export function encodeExportResponseProtobuf(
  rejectedSpans: number,
  errorMessage: string,
): Uint8Array {
  if (rejectedSpans === 0 && errorMessage === '') {
    return new Uint8Array(0);
  }
  const partialSuccess = concat([
    encodeVarintField(1, rejectedSpans),
    encodeStringField(2, errorMessage),
  ]);
  return encodeBytesField(1, partialSuccess, true);
}

export function encodeStatusProtobuf(
  code: number,
  message: string,
): Uint8Array {
  return concat([encodeVarintField(1, code), encodeStringField(2, message)]);
}

/** Proto3 leaves zero values out. `value` is a non-negative safe integer. */
function encodeVarintField(field: number, value: number): Uint8Array {
  if (value === 0) {
    return new Uint8Array(0);
  }
  return concat([
    encodeVarint((field << 3) | WIRE_VARINT),
    encodeVarint(value),
  ]);
}

function encodeStringField(field: number, text: string): Uint8Array {
  return encodeBytesField(field, new TextEncoder().encode(text), false);
}

/** A length-delimited field; empty ones are left out unless `keepEmpty` (a set sub-message). */
function encodeBytesField(
  field: number,
  bytes: Uint8Array,
  keepEmpty: boolean,
): Uint8Array {
  if (bytes.length === 0 && !keepEmpty) {
    return bytes;
  }
  return concat([
    encodeVarint((field << 3) | WIRE_LEN),
    encodeVarint(bytes.length),
    bytes,
  ]);
}

function encodeVarint(value: number): Uint8Array {
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
