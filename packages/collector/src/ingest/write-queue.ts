/**
 * CONTRACT (to be implemented): the bounded write queue between receivers
 * and the store.
 *
 * - `enqueue(spans)` resolves with the store's `AppendResult` once the spans
 *   are durable (the store's promise resolved), never before.
 * - It throws `WriteQueueFullError` synchronously, storing nothing, when
 *   accepting the batch would put more than `maxQueuedSpans` spans in flight
 *   (accepted and not yet durable); an empty queue accepts any one batch.
 * - `depth` is the number of spans in flight; `drain()` waits until it is 0;
 *   `close()` refuses new batches (WriteQueueClosedError) and drains.
 */
import type { Span } from '@pathprof/model';
import type { AppendResult, SpanStore } from '@pathprof/store';

export interface WriteQueueOptions {
  readonly store: SpanStore;
  readonly maxQueuedSpans: number;
  /** Called after each store write with its duration and outcome. */
  readonly onWrite?: (info: {
    readonly spans: number;
    readonly seconds: number;
    readonly ok: boolean;
  }) => void;
}

export class WriteQueueFullError extends Error {
  override readonly name = 'WriteQueueFullError';
  constructor(
    readonly depth: number,
    /** Suggested wait before retrying, in seconds. */
    readonly retryAfterSeconds: number,
  ) {
    super(`write queue full (${depth} spans waiting for the store)`);
  }
}

export class WriteQueueClosedError extends Error {
  override readonly name = 'WriteQueueClosedError';
  constructor() {
    super('the collector is shutting down');
  }
}

export class WriteQueue {
  private inFlight = 0;
  private closed = false;
  private readonly idle: (() => void)[] = [];

  constructor(private readonly options: WriteQueueOptions) {}

  get depth(): number {
    return this.inFlight;
  }

  get capacity(): number {
    return this.options.maxQueuedSpans;
  }

  async enqueue(spans: readonly Span[]): Promise<AppendResult> {
    if (this.closed) {
      throw new WriteQueueClosedError();
    }
    if (
      this.inFlight > 0 &&
      this.inFlight + spans.length > this.options.maxQueuedSpans
    ) {
      throw new WriteQueueFullError(this.inFlight, 1);
    }
    this.inFlight += spans.length;
    const started = performance.now();
    try {
      const result = await this.options.store.appendSpans(spans);
      this.options.onWrite?.({
        spans: spans.length,
        seconds: (performance.now() - started) / 1000,
        ok: true,
      });
      return result;
    } catch (err) {
      this.options.onWrite?.({
        spans: spans.length,
        seconds: (performance.now() - started) / 1000,
        ok: false,
      });
      throw err;
    } finally {
      this.inFlight -= spans.length;
      if (this.inFlight === 0) {
        this.idle.splice(0).forEach((resolve) => resolve());
      }
    }
  }

  drain(): Promise<void> {
    if (this.inFlight === 0) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idle.push(resolve));
  }

  close(): Promise<void> {
    this.closed = true;
    return this.drain();
  }
}
