/**
 * Hands decoded spans to the write queue and waits until they are durable,
 * counting what was received and what was refused and why. The outcome tells
 * the receiver what to answer; nothing is acknowledged before the store's
 * promise resolved.
 */
import type { DecodedSpans } from '@pathprof/engine';
import type { AppendResult, EncodedSpanBatch } from '@pathprof/store';
import type { Hop } from '../metrics/path-metrics.js';
import type { Receiver } from '../metrics/collector-metrics.js';
import type { CollectorContext } from '../server/collector-context.js';
import { isStoreError } from '@pathprof/store';
import { isCollectorError } from '../collector-error.js';
import { MIN_RETRY_AFTER_SECONDS } from './write-queue.js';

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
  const { spans } = decoded;
  return storeBatch(context, receiver, {
    spanCount: spans.length,
    decoderRejected: decoded.rejected,
    decoderReason:
      decoded.warnings.find((w) => w.code === 'invalid-span')?.message ?? '',
    write: () => context.queue.enqueue(spans),
    observe: () => context.metrics.observeStoredSpans(spans),
  });
}

/** As `storeDecodedSpans`, for a body a decode worker turned into an encoded batch. */
export function storeEncodedBatch(
  context: CollectorContext,
  receiver: Receiver,
  decoded: {
    readonly batch: EncodedSpanBatch;
    /** Spans in the body, stored or rejected. */
    readonly received: number;
    readonly rejected: number;
    readonly warning: string;
    readonly hops: readonly Hop[];
  },
): Promise<StoreOutcome> {
  const { batch } = decoded;
  return storeBatch(context, receiver, {
    spanCount: decoded.received - decoded.rejected,
    decoderRejected: decoded.rejected,
    decoderReason: decoded.warning,
    write: () => context.queue.enqueueEncoded(batch),
    observe: () => context.metrics.observeStoredHops(decoded.hops),
  });
}

interface BatchToStore {
  /** Spans decoded and handed to the store (before its checks). */
  readonly spanCount: number;
  readonly decoderRejected: number;
  readonly decoderReason: string;
  readonly write: () => Promise<AppendResult>;
  readonly observe: () => void;
}

async function storeBatch(
  context: CollectorContext,
  receiver: Receiver,
  batch: BatchToStore,
): Promise<StoreOutcome> {
  const { metrics } = context;
  const { spanCount, decoderRejected, decoderReason } = batch;
  metrics.spansReceived(receiver, spanCount + decoderRejected);
  if (decoderRejected > 0) {
    metrics.spansRejected('invalid', decoderRejected);
  }
  if (spanCount === 0) {
    return accepted(decoderRejected, [decoderReason]);
  }
  try {
    const result = await batch.write();
    if (result.rejected > 0) {
      metrics.spansRejected('invalid', result.rejected);
    }
    batch.observe();
    return accepted(decoderRejected + result.rejected, [
      decoderReason,
      result.rejected > 0 ? (result.rejectedMessage ?? '') : '',
    ]);
  } catch (err) {
    // Every refusal counts once in pathprof_requests_rejected_total.
    if (isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_QUEUE_FULL')) {
      metrics.spansRejected('queue_full', spanCount);
      metrics.requestRejected('queue_full');
      return refused(
        429,
        err.retryAfterSeconds ?? MIN_RETRY_AFTER_SECONDS,
        `${err.message}; retry later`,
      );
    }
    if (isStoreError(err) && err.code === 'PATHPROF_ERR_STORE_BUSY') {
      metrics.spansRejected('queue_full', spanCount);
      metrics.requestRejected('queue_full');
      return refused(
        429,
        err.retryAfterSeconds ?? MIN_RETRY_AFTER_SECONDS,
        err.message,
      );
    }
    if (isCollectorError(err, 'PATHPROF_ERR_COLLECTOR_CLOSING')) {
      metrics.spansRejected('shutting_down', spanCount);
      metrics.requestRejected('shutting_down');
      return refused(503, UNAVAILABLE_RETRY_AFTER_SECONDS, err.message);
    }
    metrics.spansRejected('store_error', spanCount);
    metrics.requestRejected('store_error');
    context.log({
      level: 'error',
      msg: 'store write failed',
      spans: spanCount,
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
