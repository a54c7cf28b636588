/**
 * The intake of receivers whose transport has already read the whole message
 * (gRPC, UDP): the same refusals as the HTTP route's admission — a stopping
 * collector, memory pressure with another request in flight, a full write
 * queue, an exhausted body budget — then the
 * receiver's pure decoder, then `storeDecodedSpans`. The outcome uses HTTP
 * status numbers; each transport turns them into its own answer (gRPC codes,
 * a counted drop).
 */
import type { DecodedSpans, WireDecodeResult } from '@pathprof/engine';
import type { Receiver } from '../metrics/collector-metrics.js';
import type { CollectorContext } from '../server/collector-context.js';
import {
  BUSY_RETRY_AFTER_SECONDS,
  refuseUnderMemoryPressure,
} from './admit-ingest-request.js';
import { getIngestBudget } from './ingest-budget.js';
import {
  UNAVAILABLE_RETRY_AFTER_SECONDS,
  storeDecodedSpans,
} from './store-decoded-spans.js';

export type WireBatchOutcome =
  | {
      readonly ok: true;
      readonly rejected: number;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 400 | 413 | 429 | 503;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

export async function receiveWireBatch(
  context: CollectorContext,
  receiver: Receiver,
  bytes: Uint8Array,
  decode: (bytes: Uint8Array) => WireDecodeResult,
  describe: string,
): Promise<WireBatchOutcome> {
  const { queue, metrics, options } = context;
  if (queue.closed) {
    metrics.requestRejected('shutting_down');
    return {
      ok: false,
      status: 503,
      message: 'the collector is shutting down',
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    };
  }
  if (bytes.length > options.maxBodyBytes) {
    metrics.requestRejected('too_large');
    return {
      ok: false,
      status: 413,
      message: `the message is larger than the limit of ${options.maxBodyBytes} bytes`,
    };
  }
  const budget = getIngestBudget(context);
  const memory = refuseUnderMemoryPressure(
    context.memory?.underPressure() ?? false,
    queue,
    budget,
  );
  if (memory !== null) {
    metrics.requestRejected(memory.reason);
    return {
      ok: false,
      status: memory.status,
      message: memory.message,
      retryAfterSeconds: memory.retryAfterSeconds,
    };
  }
  if (queue.full) {
    metrics.requestRejected('queue_full');
    return {
      ok: false,
      status: 429,
      message: `write queue full (${queue.depth} spans waiting for the store); retry later`,
      retryAfterSeconds: queue.retryAfterSeconds,
    };
  }
  const reservation = budget.tryReserve(bytes.length);
  if (reservation === null) {
    metrics.requestRejected('queue_full');
    return {
      ok: false,
      status: 429,
      message: 'too many requests being read at once; retry later',
      retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
    };
  }
  let decoded: DecodedSpans;
  try {
    const result = decode(bytes);
    if (!result.ok) {
      metrics.requestRejected('decode');
      return {
        ok: false,
        status: 400,
        message: `the message is not ${describe}: ${result.error.message} at byte ${result.error.offset}`,
      };
    }
    decoded = result.value;
  } finally {
    reservation.release();
  }
  const outcome = await storeDecodedSpans(context, receiver, decoded);
  return outcome.ok
    ? outcome
    : {
        ok: false,
        status: outcome.status,
        message: outcome.message,
        retryAfterSeconds: outcome.retryAfterSeconds,
      };
}
