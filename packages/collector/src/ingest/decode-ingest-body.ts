/**
 * An admitted request's raw body → spans: inflated within its reservation
 * (`readIngestBody`), then decoded by the receiver's format. A function of
 * its own so the body buffers die with its frame, before the durable write
 * is awaited.
 */
import type { DecodedSpans } from '@pathprof/engine';
import type { Receiver, RejectReason } from '../metrics/collector-metrics.js';
import type { AdmittedRequest } from './admit-ingest-request.js';
import type { IngestFormat } from './ingest-format.js';
import { readIngestBody } from './read-ingest-body.js';
import type { Micros } from '@pathprof/model';
import type { SpanBatchFormat } from '@pathprof/store';
import type { DecodePool, DecodeReply } from './decode-pool.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from './store-decoded-spans.js';

const READ_FAILURE_REASONS = {
  400: 'decode',
  413: 'too_large',
  429: 'queue_full',
} as const satisfies Record<number, RejectReason>;

export type DecodedBody =
  | {
      readonly ok: true;
      readonly receiver: Receiver;
      readonly spans: DecodedSpans;
    }
  /** An empty body: an empty request, which OTLP answers with success. */
  | { readonly ok: true; readonly receiver: null; readonly spans: null }
  /** Decoded and encoded for the store by a decode worker (`decode-pool.ts`). */
  | {
      readonly ok: true;
      readonly receiver: Receiver;
      readonly spans: null;
      readonly encoded: Extract<DecodeReply, { ok: true }>;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly reason: RejectReason;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

export interface OffThreadDecoding {
  readonly pool: DecodePool;
  readonly format: SpanBatchFormat;
  readonly receivedMicros: Micros;
}

export async function decodeIngestBody(
  raw: Buffer,
  admission: AdmittedRequest,
  format: IngestFormat,
  maxBodyBytes: number,
  offThread?: OffThreadDecoding,
): Promise<DecodedBody> {
  const read = await readIngestBody(raw, admission, maxBodyBytes);
  if (!read.ok) {
    return {
      ok: false,
      status: read.status,
      reason: READ_FAILURE_REASONS[read.status],
      message: read.message,
      ...(read.retryAfterSeconds === undefined
        ? {}
        : { retryAfterSeconds: read.retryAfterSeconds }),
    };
  }
  if (read.bytes.length === 0) {
    return { ok: true, receiver: null, spans: null };
  }
  const worker =
    offThread === undefined
      ? null
      : format.offThreadReceiver?.(admission.mediaType);
  if (offThread !== undefined && worker !== undefined && worker !== null) {
    const reply = await offThread.pool.decode(
      read.bytes,
      offThread.format,
      offThread.receivedMicros,
    );
    if (reply.ok) {
      return { ok: true, receiver: worker, spans: null, encoded: reply };
    }
    return reply.failed === true
      ? {
          ok: false,
          status: 503,
          reason: 'store_error',
          message: reply.message,
          retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        }
      : { ok: false, status: 400, reason: 'decode', message: reply.message };
  }
  const result = format.decodeBody(admission.mediaType, read.bytes);
  return result.ok
    ? { ok: true, receiver: result.receiver, spans: result.decoded }
    : { ok: false, status: 400, reason: 'decode', message: result.message };
}
