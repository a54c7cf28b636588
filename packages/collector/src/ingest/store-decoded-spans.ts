/**
 * Hands decoded spans to the write queue and waits until they are durable,
 * counting what was received and what was refused and why. The outcome tells
 * the receiver what to answer; nothing is acknowledged before the store's
 * promise resolved.
 */
import type { DecodedSpans } from '@pathprof/engine';
import type { Receiver } from '../metrics/collector-metrics.js';
import type { CollectorContext } from '../server/collector-context.js';
import { isStoreError } from '@pathprof/store';
import {
  MIN_RETRY_AFTER_SECONDS,
  WriteQueueClosedError,
  WriteQueueFullError,
} from './write-queue.js';

/** Suggested wait for a sender when the collector is stopping or its store failed. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export type StoreOutcome =
  | {
      readonly ok: true;
      /** Spans refused by the decoder or the store. */
      readonly rejected: number;
      /** Why; '' when none was refused. */
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly status: 429 | 503;
      readonly retryAfterSeconds: number;
      readonly message: string;
    };

export async function storeDecodedSpans(
  context: CollectorContext,
  receiver: Receiver,
  decoded: DecodedSpans,
): Promise<StoreOutcome> {
  const { metrics, queue } = context;
  const { spans } = decoded;
  metrics.spansReceived(receiver, spans.length + decoded.rejected);
  if (decoded.rejected > 0) {
    metrics.spansRejected('invalid', decoded.rejected);
  }
  const decoderReason =
    decoded.warnings.find((w) => w.code === 'invalid-span')?.message ?? '';
  if (spans.length === 0) {
    return accepted(decoded.rejected, [decoderReason]);
  }
  try {
    const result = await queue.enqueue(spans);
    if (result.rejected > 0) {
      metrics.spansRejected('invalid', result.rejected);
    }
    metrics.observeStoredSpans(spans);
    return accepted(decoded.rejected + result.rejected, [
      decoderReason,
      result.rejected > 0 ? (result.rejectedMessage ?? '') : '',
    ]);
  } catch (err) {
    // Every refusal counts once in pathprof_requests_rejected_total.
    if (err instanceof WriteQueueFullError) {
      metrics.spansRejected('queue_full', spans.length);
      metrics.requestRejected('queue_full');
      return refused(429, err.retryAfterSeconds, `${err.message}; retry later`);
    }
    if (isStoreError(err) && err.code === 'PATHPROF_ERR_STORE_BUSY') {
      metrics.spansRejected('queue_full', spans.length);
      metrics.requestRejected('queue_full');
      return refused(
        429,
        err.retryAfterSeconds ?? MIN_RETRY_AFTER_SECONDS,
        err.message,
      );
    }
    if (err instanceof WriteQueueClosedError) {
      metrics.spansRejected('shutting_down', spans.length);
      metrics.requestRejected('shutting_down');
      return refused(503, UNAVAILABLE_RETRY_AFTER_SECONDS, err.message);
    }
    metrics.spansRejected('store_error', spans.length);
    metrics.requestRejected('store_error');
    context.log({
      level: 'error',
      msg: 'store write failed',
      spans: spans.length,
      error: err instanceof Error ? err.message : String(err),
    });
    return refused(
      503,
      UNAVAILABLE_RETRY_AFTER_SECONDS,
      'the store could not write the spans; nothing was kept, retry later',
    );
  }
}

function accepted(rejected: number, reasons: readonly string[]): StoreOutcome {
  if (rejected === 0) {
    return { ok: true, rejected, message: '' };
  }
  const why = [...new Set(reasons.filter((r) => r !== ''))].join('; ');
  const noun = rejected === 1 ? 'span was' : 'spans were';
  return {
    ok: true,
    rejected,
    message: `${rejected} ${noun} rejected${why === '' ? '' : `: ${why}`}`,
  };
}

function refused(
  status: 429 | 503,
  retryAfterSeconds: number,
  message: string,
): StoreOutcome {
  return { ok: false, status, retryAfterSeconds, message };
}
