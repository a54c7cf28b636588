/**
 * An OTLP/HTTP trace request body → spans: binary protobuf or the OTLP JSON
 * mapping (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Never throws; an undecodable body gives a message for the 400 answer.
 */
import { decodeOtlpProtobufSpans, decodeOtlpTraces } from '@pathprof/engine';
import type { OtlpExportTraceServiceRequest } from '@pathprof/model';
import type { DecodeBodyResult } from '../ingest/ingest-format.js';

export const OTLP_PROTOBUF = 'application/x-protobuf';
export const OTLP_JSON = 'application/json';

export function decodeOtlpBody(
  mediaType: string,
  bytes: Uint8Array,
): DecodeBodyResult {
  if (mediaType === OTLP_PROTOBUF) {
    const result = decodeOtlpProtobufSpans(bytes);
    if (!result.ok) {
      return {
        ok: false,
        message: `the body is not an OTLP protobuf ExportTraceServiceRequest: ${result.error.message} at byte ${result.error.offset}`,
      };
    }
    return { ok: true, receiver: 'otlp_protobuf', decoded: result.value };
  }
  const request = parseOtlpJson(bytes);
  if (typeof request === 'string') {
    return { ok: false, message: request };
  }
  return {
    ok: true,
    receiver: 'otlp_json',
    decoded: decodeOtlpTraces(request),
  };
}

/** The request object, or why there is none. */
function parseOtlpJson(
  bytes: Uint8Array,
): OtlpExportTraceServiceRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString(
        'utf8',
      ),
    );
  } catch (err) {
    return `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'the body is not an OTLP JSON ExportTraceServiceRequest: expected an object with resourceSpans';
  }
  const { resourceSpans } = value as { resourceSpans?: unknown };
  if (
    resourceSpans !== undefined &&
    resourceSpans !== null &&
    !Array.isArray(resourceSpans)
  ) {
    return 'the body is not an OTLP JSON ExportTraceServiceRequest: resourceSpans must be an array';
  }
  return value as OtlpExportTraceServiceRequest;
}
