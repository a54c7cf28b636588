/**
 * What a receiver (OTLP/HTTP, Zipkin) plugs into the shared ingest route:
 * which media types it takes, how it decodes a body, and how it answers in
 * its own wire format.
 */
import type { DecodedSpans } from '@pathprof/engine';
import type { FastifyReply } from 'fastify';
import type { Receiver } from '../metrics/collector-metrics.js';

export type DecodeBodyResult =
  | {
      readonly ok: true;
      readonly receiver: Receiver;
      readonly decoded: DecodedSpans;
    }
  | { readonly ok: false; readonly message: string };

export interface IngestFormat {
  /** The route, e.g. `/v1/traces`. */
  readonly path: string;
  /** Why a request of this media type (`parseMediaType`) is refused with 415, or null. Runs before the body is read. */
  refuseMediaType(mediaType: string): string | null;
  /**
   * The receiver whose bodies of this media type a decode worker can turn
   * into the store's batches (OTLP/protobuf), or null: those are decoded on
   * the event loop by `decodeBody`.
   */
  offThreadReceiver?(mediaType: string): Receiver | null;
  /** Decodes an inflated body; never throws. */
  decodeBody(mediaType: string, bytes: Buffer): DecodeBodyResult;
  /** The success answer; `rejected` spans were refused for `message`. */
  sendAccepted(
    reply: FastifyReply,
    mediaType: string,
    rejected: number,
    message: string,
  ): FastifyReply;
  /** A 4xx/5xx answer with a developer-facing message. */
  sendError(
    reply: FastifyReply,
    mediaType: string,
    status: number,
    message: string,
  ): FastifyReply;
}
