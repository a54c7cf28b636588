/**
 * The bounded write queue between receivers and the store.
 *
 * - `enqueue(spans)` resolves with the store's `AppendResult` once the spans
 *   are durable (the store's promise resolved), never before.
 * - It throws `WriteQueueFullError` synchronously, storing nothing, when
 *   accepting the batch would put more than `maxQueuedSpans` spans in flight
 *   (accepted and not yet durable); an empty queue accepts any one batch.
 * - `depth` is the number of spans in flight; `drain()` waits until it is 0;
 *   `close()` refuses new batches (WriteQueueClosedError) and drains.
 */
import { CollectorError } from '../collector-error.js';
import type { Micros, Span } from '@pathprof/model';
import type {
  AppendOptions,
  AppendResult,
  EncodedSpanBatch,
  SpanStore,
} from '@pathprof/store';

export interface WriteQueueOptions {
  readonly store: SpanStore;
  readonly maxQueuedSpans: number;
  /** The collector's clock: a batch is received when it is enqueued (retention counts from then). */
  readonly nowMicros?: () => Micros;
  /** Called after each store write with its duration and outcome. */
  readonly onWrite?: (info: {
    readonly spans: number;
    readonly seconds: number;
    readonly ok: boolean;
  }) => void;
}

/** Bounds of the `Retry-After` a full queue suggests. */
export const MIN_RETRY_AFTER_SECONDS = 1;
export const MAX_RETRY_AFTER_SECONDS = 30;

/** `PATHPROF_ERR_COLLECTOR_QUEUE_FULL`, with the depth in the message and when to retry. */
export class WriteQueueFullError extends CollectorError {
  constructor(depth: number, retryAfterSeconds: number) {
    super(
      'PATHPROF_ERR_COLLECTOR_QUEUE_FULL',
      `write queue full (${depth} spans waiting for the store)`,
      { retryAfterSeconds },
    );
  }
}

/** `PATHPROF_ERR_COLLECTOR_CLOSING`. */
export class WriteQueueClosedError extends CollectorError {
  constructor() {
    super('PATHPROF_ERR_COLLECTOR_CLOSING', 'the collector is shutting down');
  }
}

export class WriteQueue {
  private inFlight = 0;
  private isClosed = false;
  private readonly idle: (() => void)[] = [];
  /** Smoothed store throughput, from completed writes; 0 until one completed. */
  private spansPerSecond = 0;
  private lastWriteEndedMillis = 0;

  constructor(private readonly options: WriteQueueOptions) {}

  get depth(): number {
    return this.inFlight;
  }

  get capacity(): number {
    return this.options.maxQueuedSpans;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** True when no batch of one span or more would be accepted now. */
  get full(): boolean {
    return this.inFlight > 0 && this.inFlight >= this.options.maxQueuedSpans;
  }

  /** True when a batch of `spans` spans would be accepted now (an idle queue takes any one). */
  fits(spans: number): boolean {
    return (
      this.inFlight === 0 ||
      this.inFlight + spans <= this.options.maxQueuedSpans
    );
  }

  /** How long the store needs to write what is queued, at its recent pace, clamped to [1, 30] s. */
  get retryAfterSeconds(): number {
    const seconds =
      this.spansPerSecond > 0
        ? Math.ceil(this.inFlight / this.spansPerSecond)
        : 1;
    return Math.min(
      MAX_RETRY_AFTER_SECONDS,
      Math.max(MIN_RETRY_AFTER_SECONDS, seconds),
    );
  }

  enqueue(spans: readonly Span[]): Promise<AppendResult> {
    this.admit(spans.length);
    const receivedMicros = this.options.nowMicros?.();
    const options: AppendOptions =
      receivedMicros === undefined ? {} : { receivedMicros };
    return this.write(spans.length, () =>
      this.options.store.appendSpans(spans, options),
    );
  }

  /** As `enqueue`, for a batch already encoded for the store (`store.batchFormat`), received when it was encoded. */
  enqueueEncoded(batch: EncodedSpanBatch): Promise<AppendResult> {
    this.admit(batch.spanCount);
    return this.write(batch.spanCount, () =>
      this.options.store.appendEncoded(batch),
    );
  }

  private admit(spans: number): void {
    if (this.isClosed) {
      throw new WriteQueueClosedError();
    }
    if (
      this.inFlight > 0 &&
      this.inFlight + spans > this.options.maxQueuedSpans
    ) {
      throw new WriteQueueFullError(this.inFlight, this.retryAfterSeconds);
    }
    this.inFlight += spans;
  }

  drain(): Promise<void> {
    if (this.inFlight === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): Promise<void> {
    this.isClosed = true;
    return this.drain();
  }

  private async write(
    count: number,
    append: () => Promise<AppendResult>,
  ): Promise<AppendResult> {
    const started = performance.now();
    let ok = false;
    try {
      const result = await append();
      ok = true;
      return result;
    } finally {
      const ended = performance.now();
      const seconds = (ended - started) / 1000;
      // The store serialises appends: this write's own service time began
      // when it started or when the previous write ended, whichever is later.
      const serviceSeconds =
        (ended - Math.max(started, this.lastWriteEndedMillis)) / 1000;
      this.lastWriteEndedMillis = ended;
      if (ok && count > 0 && serviceSeconds > 0) {
        const rate = count / serviceSeconds;
        this.spansPerSecond =
          this.spansPerSecond === 0
            ? rate
            : 0.8 * this.spansPerSecond + 0.2 * rate;
      }
      this.inFlight -= count;
      if (this.inFlight === 0) {
        this.idle.splice(0).forEach((resolve) => resolve());
      }
      this.options.onWrite?.({ spans: count, seconds, ok });
    }
  }
}
