/**
 * Receives an admitted request's body from its socket, within the limits
 * that keep slow or hostile senders from holding the collector:
 * - every byte is reserved from the body budget as it arrives, so a sender
 *   trickling its body holds only what it has sent; a body the budget can no
 *   longer cover gets 429;
 * - the body stops at `maxBodyBytes` → 413;
 * - once `minRateGraceMillis` have passed, the body must have arrived at
 *   `minBytesPerSecond` on average since its headers did → 408;
 * - the whole body must be in by the request deadline → 408.
 * A refused body is left unread: the answer closes the connection.
 *
 * The checks run on timers. When the event loop was busy, bytes the sender
 * did send may still wait in the socket: a check first lets them be read
 * (`setImmediate` runs after the loop's I/O), so a busy collector does not
 * blame its senders.
 */
import type { Readable } from 'node:stream';
import type { RejectReason } from '../metrics/collector-metrics.js';
import {
  BUSY_RETRY_AFTER_SECONDS,
  tooLargeMessage,
} from './admit-ingest-request.js';
import type { IngestReservation } from './ingest-budget.js';

export interface BodyReceiveLimits {
  readonly maxBodyBytes: number;
  /** `performance.now()` when the request's headers had arrived. */
  readonly startedAtMillis: number;
  /** The whole request must have arrived this long after `startedAtMillis`. */
  readonly deadlineMillis: number;
  /** Minimum average rate once the grace period is over; 0 checks none. */
  readonly minBytesPerSecond: number;
  readonly minRateGraceMillis: number;
}

export interface BodyRefusal {
  readonly ok: false;
  readonly status: 400 | 408 | 413 | 429;
  readonly reason: RejectReason;
  readonly message: string;
  readonly retryAfterSeconds?: number;
}

export type ReceivedBody =
  { readonly ok: true; readonly bytes: Buffer } | BodyRefusal;

/** Longest pause between two rate checks. */
const MAX_RATE_CHECK_PERIOD_MILLIS = 1000;

export function receiveIngestBody(
  stream: Readable,
  reservation: IngestReservation,
  limits: BodyReceiveLimits,
): Promise<ReceivedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    let rateTimer: NodeJS.Timeout | undefined;

    const settle = (result: ReceivedBody): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(deadlineTimer);
      clearInterval(rateTimer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      stream.off('error', onError);
      if (!result.ok) {
        chunks.length = 0;
        stream.pause();
      }
      resolve(result);
    };
    const refuse = (
      status: BodyRefusal['status'],
      reason: RejectReason,
      message: string,
      retryAfterSeconds?: number,
    ): void =>
      settle({
        ok: false,
        status,
        reason,
        message,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });

    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) {
        refuse(413, 'too_large', tooLargeMessage(limits.maxBodyBytes));
      } else if (!reservation.tryGrow(chunk.length)) {
        refuse(
          429,
          'queue_full',
          'too many request bodies being read at once; retry later',
          BUSY_RETRY_AFTER_SECONDS,
        );
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void =>
      settle({ ok: true, bytes: Buffer.concat(chunks, received) });
    const onClose = (): void =>
      refuse(
        400,
        'decode',
        'the connection closed before the body was complete',
      );
    const onError = (err: Error): void =>
      refuse(400, 'decode', `the body could not be read: ${err.message}`);

    // Checks run after pending socket reads (see the file comment).
    const afterPendingReads = (check: () => void): void => {
      setImmediate(() => {
        if (!settled) {
          check();
        }
      });
    };
    const elapsed = (): number => performance.now() - limits.startedAtMillis;

    const deadlineTimer = setTimeout(
      () =>
        afterPendingReads(() =>
          refuse(
            408,
            'too_slow',
            `the request did not arrive whole within ${limits.deadlineMillis} ms`,
          ),
        ),
      Math.max(0, limits.deadlineMillis - elapsed()),
    );
    const minRate = limits.minBytesPerSecond;
    if (minRate > 0) {
      const period = Math.max(
        10,
        Math.min(MAX_RATE_CHECK_PERIOD_MILLIS, limits.minRateGraceMillis),
      );
      rateTimer = setInterval(
        () =>
          afterPendingReads(() => {
            const millis = elapsed();
            if (
              millis >= limits.minRateGraceMillis &&
              received < (minRate * millis) / 1000
            ) {
              refuse(
                408,
                'too_slow',
                `the body arrives slower than ${minRate} bytes/s (${received} bytes in ${Math.round(millis)} ms)`,
              );
            }
          }),
        period,
      );
    }
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onClose);
    stream.once('error', onError);
  });
}
