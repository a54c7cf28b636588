/**
 * OTLP/HTTP `POST /v1/traces`: protobuf or JSON by `Content-Type`, answered
 * in the same encoding as the request, as the specification requires
 * (https://opentelemetry.io/docs/specs/otlp/#otlphttp-response). Requests of
 * another media type get 415 with a JSON Status.
 */
import type { IngestFormat } from '../ingest/ingest-format.js';
import { grpcCodeForStatus } from '../server/ingest-error-replies.js';
import {
  OTLP_JSON,
  OTLP_PROTOBUF,
  decodeOtlpBody,
} from './decode-otlp-body.js';
import {
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatusProtobuf,
} from './encode-otlp-responses.js';

export const OTLP_TRACES_PATH = '/v1/traces';

export const OTLP_INGEST_FORMAT: IngestFormat = {
  path: OTLP_TRACES_PATH,
  refuseMediaType: (mediaType) =>
    mediaType === OTLP_PROTOBUF || mediaType === OTLP_JSON
      ? null
      : `Content-Type ${mediaType === '' ? '(none)' : mediaType} is not supported; send ${OTLP_PROTOBUF} or ${OTLP_JSON}`,
  decodeBody: decodeOtlpBody,
  offThreadReceiver: (mediaType) =>
    mediaType === OTLP_PROTOBUF ? 'otlp_protobuf' : null,
  sendAccepted: (reply, mediaType, rejected, message) =>
    mediaType === OTLP_PROTOBUF
      ? reply
          .code(200)
          .type(OTLP_PROTOBUF)
          .send(Buffer.from(encodeExportResponseProtobuf(rejected, message)))
      : reply
          .code(200)
          .type(OTLP_JSON)
          .send(encodeExportResponseJson(rejected, message)),
  sendError: (reply, mediaType, status, message) => {
    const code = grpcCodeForStatus(status);
    return mediaType === OTLP_PROTOBUF
      ? reply
          .code(status)
          .type(OTLP_PROTOBUF)
          .send(Buffer.from(encodeStatusProtobuf(code, message)))
      : reply.code(status).type(OTLP_JSON).send({ code, message });
  },
};
