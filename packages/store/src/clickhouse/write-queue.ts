/**
 * The writer of a ClickHouse store: appends and deletions start in call
 * order. Appends waiting behind a running INSERT are merged into one INSERT
 * (group commit, up to `maxBatchSpans` spans), which keeps parts few and
 * large as ClickHouse wants. When at least half an INSERT's worth waits, up
 * to `maxInsertsInFlight` INSERTs run at once, so the server writes one part
 * while the next batch travels. Each append
 * settles with its own INSERT's answer. A task (a deletion) starts once every
 * INSERT before it has settled, and appends after it wait for it.
 * Back-pressure: once `maxQueuedSpans` spans wait, further appends are
 * refused at once instead of piling up, with `PATHPROF_ERR_STORE_BUSY` and a
 * wait from the recent insert rate.
 */
import { StoreError } from '../store-error.js';

interface AppendEntry<T> {
  readonly kind: 'append';
  readonly item: T;
  readonly spans: number;
  readonly bytes: number;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

interface TaskEntry {
  readonly kind: 'task';
  readonly run: () => Promise<void>;
}

export interface ClickHouseWriteQueueOptions<T> {
  /** Writes the spans of one or more appends in one INSERT. */
  readonly insert: (items: readonly T[]) => Promise<void>;
  readonly maxBatchSpans: number;
  readonly maxQueuedSpans: number;
  /** INSERTs running at once, at least 1. */
  readonly maxInsertsInFlight: number;
}

export class ClickHouseWriteQueue<T> {
  readonly #options: ClickHouseWriteQueueOptions<T>;
  readonly #queue: (AppendEntry<T> | TaskEntry)[] = [];
  #queuedSpans = 0;
  #queuedBytes = 0;
  /** Recent insert rate, spans per second; 0 before the first insert. */
  #rate = 0;
  #running: Promise<void> | undefined;
  readonly #inFlight = new Set<Promise<void>>();
  /** Wakes the loop while it waits for a slot or for more appends. */
  #wake: (() => void) | undefined;
  /** When the last INSERT settled (ms, performance.now), for the rate. */
  #lastSettled = 0;

  constructor(options: ClickHouseWriteQueueOptions<T>) {
    this.#options = options;
  }

  get queuedSpans(): number {
    return this.#queuedSpans;
  }

  get queuedBytes(): number {
    return this.#queuedBytes;
  }

  get spansPerSecond(): number {
    return this.#rate;
  }

  append(item: T, spans: number, bytes: number): Promise<void> {
    if (
      this.#queuedSpans + spans > this.#options.maxQueuedSpans &&
      this.#queuedSpans > 0
    ) {
      const seconds =
        this.#rate > 0 ? Math.ceil(this.#queuedSpans / this.#rate) : 1;
      return Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_BUSY',
          `ClickHouse is not keeping up: ${this.#queuedSpans} spans already wait to be written; nothing of this batch was stored, send it again later`,
          { retryAfterSeconds: Math.min(30, Math.max(1, seconds)) },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: 'append', item, spans, bytes, resolve, reject });
      this.#queuedSpans += spans;
      this.#queuedBytes += bytes;
      this.#wake?.();
      this.#kick();
    });
  }

  /** Runs `task` after every write queued before it, and before later ones. */
  exclusive<R>(task: () => Promise<R>): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({
        kind: 'task',
        run: () => task().then(resolve, reject),
      });
      this.#kick();
    });
  }

  /** Resolves once every write queued so far has settled. */
  async drain(): Promise<void> {
    while (this.#running !== undefined || this.#inFlight.size > 0) {
      await (this.#running ?? Promise.all(this.#inFlight));
    }
  }

  #kick(): void {
    this.#running ??= this.#work();
  }

  async #work(): Promise<void> {
    // The caller stores this promise in `#running` before the loop can clear it.
    await Promise.resolve();
    const slots = Math.max(1, this.#options.maxInsertsInFlight);
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) {
        // Cleared in the same tick as the queue is found empty: an append
        // made after this starts a new loop instead of joining a finished one.
        this.#running = undefined;
        return;
      }
      if (head.kind === 'task') {
        await Promise.all(this.#inFlight);
        this.#queue.shift();
        await head.run();
        continue;
      }
      if (
        this.#inFlight.size >= slots ||
        (this.#inFlight.size > 0 && !this.#fillsHalfABatch())
      ) {
        // Appends arriving meanwhile join the group taken next; one that
        // makes half a batch wakes the loop before an INSERT answers.
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          void Promise.race(this.#inFlight).then(resolve);
        });
        this.#wake = undefined;
        continue;
      }
      const group: AppendEntry<T>[] = [];
      let spans = 0;
      let bytes = 0;
      for (let e = this.#queue[0]; e?.kind === 'append'; e = this.#queue[0]) {
        if (group.length > 0 && spans + e.spans > this.#options.maxBatchSpans) {
          break;
        }
        this.#queue.shift();
        group.push(e);
        spans += e.spans;
        bytes += e.bytes;
      }
      // `insert` is called here, in queue order (the store numbers rows as
      // it builds the INSERT); only its answer is awaited elsewhere.
      const insert = this.#insert(group, spans, bytes);
      this.#inFlight.add(insert);
      void insert.then(() => this.#inFlight.delete(insert));
    }
  }

  /**
   * Whether the appends at the head of the queue make at least half an
   * INSERT. A further INSERT starts beside a running one only then: small
   * INSERTs cost the server far more per span than large ones, so under a
   * light load appends wait and merge; under a heavy one both slots run.
   */
  #fillsHalfABatch(): boolean {
    let spans = 0;
    for (const e of this.#queue) {
      if (e.kind !== 'append') {
        break;
      }
      spans += e.spans;
      if (2 * spans >= this.#options.maxBatchSpans) {
        return true;
      }
    }
    return false;
  }

  async #insert(
    group: readonly AppendEntry<T>[],
    spans: number,
    bytes: number,
  ): Promise<void> {
    const started = performance.now();
    try {
      await this.#options.insert(group.map((e) => e.item));
      // Spans over the time since the later of this INSERT's start and the
      // last one's answer: the throughput, with INSERTs overlapping or not.
      const now = performance.now();
      const seconds = (now - Math.max(started, this.#lastSettled)) / 1000;
      this.#lastSettled = now;
      if (spans > 0 && seconds > 0) {
        const rate = spans / seconds;
        this.#rate = this.#rate === 0 ? rate : 0.7 * this.#rate + 0.3 * rate;
      }
      group.forEach((e) => e.resolve());
    } catch (err) {
      group.forEach((e) => e.reject(err));
    } finally {
      this.#queuedSpans -= spans;
      this.#queuedBytes -= bytes;
    }
  }
}
