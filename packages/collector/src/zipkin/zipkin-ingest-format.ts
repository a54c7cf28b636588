/**
 * Zipkin v2 `POST /api/v2/spans`: a JSON array of spans, as Envoy, Istio and
 * the Zipkin libraries send it (https://zipkin.io/zipkin-api/#/default/post_spans).
 * Answers 202 Accepted with no body, as Zipkin does; a body without a
 * `Content-Type` is read as JSON, as Zipkin's server does. Zipkin's protobuf
 * and Thrift encodings get 415. Zipkin has no partial success: spans that
 * cannot be used are dropped and counted, the rest is stored.
 */
import { decodeZipkinSpans } from '@pathprof/engine';
import type {
  DecodeBodyResult,
  IngestFormat,
} from '../ingest/ingest-format.js';
import { sendIngestError } from '../server/error-replies.js';

export const ZIPKIN_SPANS_PATH = '/api/v2/spans';
const ZIPKIN_JSON = 'application/json';

export const ZIPKIN_INGEST_FORMAT: IngestFormat = {
  path: ZIPKIN_SPANS_PATH,
  refuseMediaType: (mediaType) => {
    if (mediaType === '' || mediaType === ZIPKIN_JSON) {
      return null;
    }
    return mediaType === 'application/x-protobuf'
      ? 'Zipkin protobuf is not supported; send Zipkin v2 JSON (application/json)'
      : `Content-Type ${mediaType} is not supported; send Zipkin v2 JSON (application/json)`;
  },
  decodeBody: (_mediaType, bytes) => decodeZipkinBody(bytes),
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
