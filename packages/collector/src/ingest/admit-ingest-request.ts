/**
 * Decides, from the headers alone and before any body byte is buffered,
 * whether an ingest request may proceed: a stopping collector, an unknown
 * encoding or media type, a declared length over the limit, memory pressure
 * with another request in flight (`refuseUnderMemoryPressure`), a full write
 * queue or a declared length the body budget (`ingest-budget.ts`) cannot
 * cover now are refused here, so an overloaded collector never reads what it
 * will not keep.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { RejectReason } from '../metrics/collector-metrics.js';
import type { ContentEncoding } from './inflate-body.js';
import { parseContentEncoding } from './inflate-body.js';
import type { IngestBudget, IngestReservation } from './ingest-budget.js';
import type { IngestFormat } from './ingest-format.js';
import { parseMediaType } from './parse-media-type.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from './store-decoded-spans.js';
import { MEMORY_RETRY_AFTER_SECONDS } from '../server/memory-governor.js';
import type { WriteBacklog } from '@pathprof/store';
import type { WriteQueue } from './write-queue.js';
import {
  MAX_RETRY_AFTER_SECONDS,
  MIN_RETRY_AFTER_SECONDS,
} from './write-queue.js';

/** Inflated bytes first allowed per compressed byte; a body inflating further asks the budget for the rest. */
export const EXPECTED_INFLATE_RATIO = 16;
export const MIN_INFLATE_ALLOWANCE_BYTES = 256 * 1024;
/** Suggested wait when the body budget is exhausted: requests in flight finish within moments. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

export interface AdmittedRequest {
  readonly ok: true;
  readonly mediaType: string;
  readonly encoding: ContentEncoding;
  readonly reservation: IngestReservation;
  /** Inflated bytes covered by the reservation already. */
  readonly inflateAllowanceBytes: number;
}

export interface RefusedRequest {
  readonly ok: false;
  readonly mediaType: string;
  readonly status: 413 | 415 | 429 | 503;
  readonly reason: RejectReason;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

export interface AdmissionLimits {
  readonly queue: WriteQueue;
  readonly budget: IngestBudget;
  readonly maxBodyBytes: number;
  /** Spans a body of this many bytes, of this request's kind, is expected to hold (`span-size-estimate.ts`). */
  readonly expectedSpans?: (
    bodyBytes: number,
    mediaType: string,
    encoding: ContentEncoding,
  ) => number | undefined;
  /** The store's write backlog, refused at once while it is at its bound. */
  readonly storeBacklog?: () => WriteBacklog;
  /** Whether the process is near its memory bound (`memory-governor.ts`). */
  readonly underMemoryPressure?: () => boolean;
}

export interface MemoryRefusal {
  readonly status: 503;
  readonly reason: 'memory';
  readonly message: string;
  readonly retryAfterSeconds: number;
}

/**
 * Under memory pressure ingest takes one request at a time: a request is
 * refused while another is being read or decoded, or its spans wait in the
 * write queue for the store. Memory then grows by one body at most, and a
 * collector whose memory stays high for other reasons (caches, the
 * allocator) still makes progress. The store's backlog is not waited for:
 * it has its own bound, and waiting for DuckDB's large loads would stop
 * ingest for seconds at a time. Null: no refusal.
 */
export function refuseUnderMemoryPressure(
  underPressure: boolean,
  queue: WriteQueue,
  budget: IngestBudget,
): MemoryRefusal | null {
  if (!underPressure || (budget.reservations === 0 && queue.depth === 0)) {
    return null;
  }
  return {
    status: 503,
    reason: 'memory',
    message:
      'the collector is near its memory limit and takes one request at a time; retry later',
    retryAfterSeconds: MEMORY_RETRY_AFTER_SECONDS,
  };
}

export function admitIngestRequest(
  headers: IncomingHttpHeaders,
  format: IngestFormat,
  limits: AdmissionLimits,
): AdmittedRequest | RefusedRequest {
  const {
    queue,
    budget,
    maxBodyBytes,
    expectedSpans,
    storeBacklog,
    underMemoryPressure,
  } = limits;
  const mediaType = parseMediaType(headers['content-type']);
  const refuse = (
    status: RefusedRequest['status'],
    reason: RejectReason,
    message: string,
    retryAfterSeconds?: number,
  ): RefusedRequest => ({
    ok: false,
    mediaType,
    status,
    reason,
    message,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
  if (queue.closed) {
    return refuse(
      503,
      'shutting_down',
      'the collector is shutting down',
      UNAVAILABLE_RETRY_AFTER_SECONDS,
    );
  }
  const encoding = parseContentEncoding(headers['content-encoding']);
  if (encoding === null) {
    return refuse(
      415,
      'decode',
      `Content-Encoding ${String(headers['content-encoding'])} is not supported; use gzip, deflate, br or identity`,
    );
  }
  const mediaTypeProblem = format.refuseMediaType(mediaType);
  if (mediaTypeProblem !== null) {
    return refuse(415, 'decode', mediaTypeProblem);
  }
  const declared = Number(headers['content-length']);
  const known =
    headers['content-length'] !== undefined && Number.isFinite(declared);
  if (known && declared > maxBodyBytes) {
    return refuse(413, 'too_large', tooLargeMessage(maxBodyBytes));
  }
  const memory = refuseUnderMemoryPressure(
    underMemoryPressure?.() ?? false,
    queue,
    budget,
  );
  if (memory !== null) {
    return refuse(
      memory.status,
      memory.reason,
      memory.message,
      memory.retryAfterSeconds,
    );
  }
  if (queue.full) {
    return refuse(
      429,
      'queue_full',
      `write queue full (${queue.depth} spans waiting for the store); retry later`,
      queue.retryAfterSeconds,
    );
  }
  // A body whose spans would not fit beside those in flight is refused
  // before it is read, rather than decoded and then thrown away.
  const expected = known
    ? expectedSpans?.(declared, mediaType, encoding)
    : undefined;
  if (expected !== undefined && !queue.fits(expected)) {
    return refuse(
      429,
      'queue_full',
      `write queue cannot take the about ${expected} spans of this body now (${queue.depth} of ${queue.capacity} waiting for the store); retry later`,
      queue.retryAfterSeconds,
    );
  }
  const backlog = storeBacklog?.();
  if (backlog !== undefined && backlogFull(backlog)) {
    return refuse(
      429,
      'queue_full',
      `the store is still loading ${backlog.spans} acknowledged spans; retry later`,
      backlogRetryAfter(backlog),
    );
  }
  // A chunked body declares nothing: it is reserved as it arrives.
  const bodyBytes = known ? declared : 0;
  const inflateAllowanceBytes =
    encoding === 'identity'
      ? 0
      : Math.min(
          maxBodyBytes,
          Math.max(
            MIN_INFLATE_ALLOWANCE_BYTES,
            bodyBytes * EXPECTED_INFLATE_RATIO,
          ),
        );
  // The body's own bytes are reserved as they arrive (receiveIngestBody),
  // so a slow sender holds only what it has sent; a declared length that
  // would not fit now is refused before any of it is read.
  const reservation = budget.fits(bodyBytes + inflateAllowanceBytes)
    ? budget.tryReserve(inflateAllowanceBytes)
    : null;
  if (reservation === null) {
    return refuse(
      429,
      'queue_full',
      'too many requests being read at once; retry later',
      BUSY_RETRY_AFTER_SECONDS,
    );
  }
  return { ok: true, mediaType, encoding, reservation, inflateAllowanceBytes };
}

export function tooLargeMessage(maxBodyBytes: number): string {
  return `the request body is larger than the limit of ${maxBodyBytes} bytes`;
}

function backlogFull(backlog: WriteBacklog): boolean {
  return (
    backlog.spans > 0 &&
    (backlog.bytes >= backlog.limitBytes || backlog.spans >= backlog.limitSpans)
  );
}

function backlogRetryAfter(backlog: WriteBacklog): number {
  const seconds =
    backlog.loadSpansPerSecond > 0
      ? Math.ceil(backlog.spans / backlog.loadSpansPerSecond)
      : MIN_RETRY_AFTER_SECONDS;
  return Math.min(
    MAX_RETRY_AFTER_SECONDS,
    Math.max(MIN_RETRY_AFTER_SECONDS, seconds),
  );
}
