/**
 * Zipkin v2 `POST /api/v2/spans`: a JSON array of spans, or a protobuf
 * `ListOfSpans` (`application/x-protobuf`), as Envoy, Istio and the Zipkin
 * libraries send them (https://zipkin.io/zipkin-api/#/default/post_spans).
 * Answers 202 Accepted with no body, as Zipkin does; a body without a
 * `Content-Type` is read as JSON, as Zipkin's server does. Zipkin's Thrift
 * encoding gets 415. Zipkin has no partial success: spans that cannot be used
 * are dropped and counted, the rest is stored.
 */
import { decodeZipkinProtobuf, decodeZipkinSpans } from '@pathprof/engine';
import type {
  DecodeBodyResult,
  IngestFormat,
} from '../ingest/ingest-format.js';
import { sendIngestError } from '../server/ingest-error-replies.js';

export const ZIPKIN_SPANS_PATH = '/api/v2/spans';
const ZIPKIN_JSON = 'application/json';
const ZIPKIN_PROTOBUF = 'application/x-protobuf';

export const ZIPKIN_INGEST_FORMAT: IngestFormat = {
  path: ZIPKIN_SPANS_PATH,
  refuseMediaType: (mediaType) => {
    if (
      mediaType === '' ||
      mediaType === ZIPKIN_JSON ||
      mediaType === ZIPKIN_PROTOBUF
    ) {
      return null;
    }
    return `Content-Type ${mediaType} is not supported; send Zipkin v2 JSON (application/json) or protobuf (application/x-protobuf)`;
  },
  decodeBody: (mediaType, bytes) =>
    mediaType === ZIPKIN_PROTOBUF
      ? decodeZipkinProtobufBody(bytes)
      : decodeZipkinBody(bytes),
  sendAccepted: (reply) => reply.code(202).send(),
  sendError: (reply, _mediaType, status, message) =>
    sendIngestError(reply, status, message),
};

function decodeZipkinBody(bytes: Buffer): DecodeBodyResult {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      message: `the body is not JSON: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      message: 'the body is not a Zipkin v2 span list: expected a JSON array',
    };
  }
  return { ok: true, receiver: 'zipkin', decoded: decodeZipkinSpans(value) };
}

function decodeZipkinProtobufBody(bytes: Buffer): DecodeBodyResult {
  const result = decodeZipkinProtobuf(bytes);
  return result.ok
    ? { ok: true, receiver: 'zipkin_protobuf', decoded: result.value }
    : {
        ok: false,
        message: `the body is not a Zipkin v2 protobuf ListOfSpans: ${result.error.message} at byte ${result.error.offset}`,
      };
}
