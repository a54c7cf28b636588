/**
 * An OTLP/HTTP trace request body → spans: binary protobuf or the OTLP JSON
 * mapping (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding).
 * Never throws; an undecodable body, or a JSON body none of whose spans can
 * be used, gives a message for the 400 answer.
 */
import { decodeOtlpProtobufSpans, decodeOtlpTraces } from '@pathprof/engine';
import type { DecodedSpans } from '@pathprof/engine';
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
  const decoded = decodeOtlpTraces(request);
  const unusable = refuseUnusable(decoded);
  return unusable === null
    ? { ok: true, receiver: 'otlp_json', decoded }
    : { ok: false, message: unusable };
}

/**
 * JSON can hold anything where a span belongs; when nothing in a body that
 * held spans could be used, the sender gets 400 with the first reason rather
 * than a success that stored nothing.
 */
function refuseUnusable(decoded: DecodedSpans): string | null {
  if (decoded.spans.length > 0 || decoded.rejected === 0) {
    return null;
  }
  const why =
    decoded.warnings.find((w) => w.code === 'invalid-span')?.message ??
    'every span was rejected';
  return `no span in the body could be used: ${why}`;
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
