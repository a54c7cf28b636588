/**
 * The Jaeger collector's HTTP endpoint, `POST /api/traces` with a Thrift
 * `Batch` in the binary protocol (`application/x-thrift`, or
 * `application/vnd.apache.thrift.binary`), as Jaeger clients and
 * OpenTelemetry's Jaeger exporters send it (jaeger `cmd/collector/app/handler/http_handler.go`).
 * Answers 202 Accepted with no body, as Jaeger does. Thrift has no partial
 * success: spans that cannot be used are dropped and counted.
 */
import { decodeJaegerThriftBatch } from '@pathprof/engine';
import type { IngestFormat } from '../ingest/ingest-format.js';
import { sendIngestError } from '../server/ingest-error-replies.js';

export const JAEGER_THRIFT_PATH = '/api/traces';
const THRIFT_MEDIA_TYPES = [
  'application/x-thrift',
  'application/vnd.apache.thrift.binary',
];

export const JAEGER_THRIFT_INGEST_FORMAT: IngestFormat = {
  path: JAEGER_THRIFT_PATH,
  refuseMediaType: (mediaType) =>
    THRIFT_MEDIA_TYPES.includes(mediaType)
      ? null
      : `Content-Type ${mediaType === '' ? '(none)' : mediaType} is not supported; send a Jaeger Thrift Batch as application/x-thrift`,
  decodeBody: (_mediaType, bytes) => {
    const result = decodeJaegerThriftBatch(bytes, 'binary');
    return result.ok
      ? { ok: true, receiver: 'jaeger_thrift_http', decoded: result.value }
      : {
          ok: false,
          message: `the body is not a Jaeger Thrift Batch (binary protocol): ${result.error.message} at byte ${result.error.offset}`,
        };
  },
  sendAccepted: (reply) => reply.code(202).send(),
  sendError: (reply, _mediaType, status, message) =>
    sendIngestError(reply, status, message),
};
