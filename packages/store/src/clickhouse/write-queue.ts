/**
 * The single writer of a ClickHouse store: appends and deletions run one at a
 * time, in call order. Appends waiting behind a running write are merged into
 * one INSERT (group commit, up to `maxBatchSpans` spans), which keeps parts
 * few and large as ClickHouse wants. Back-pressure: once `maxQueuedSpans`
 * spans wait, further appends are refused at once instead of piling up.
 */
import { StoreError } from '../store-error.js';

interface AppendEntry<T> {
  readonly kind: 'append';
  readonly items: readonly T[];
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
}

export class ClickHouseWriteQueue<T> {
  readonly #options: ClickHouseWriteQueueOptions<T>;
  readonly #queue: (AppendEntry<T> | TaskEntry)[] = [];
  #queuedSpans = 0;
  #running: Promise<void> | undefined;

  constructor(options: ClickHouseWriteQueueOptions<T>) {
    this.#options = options;
  }

  append(items: readonly T[]): Promise<void> {
    if (
      this.#queuedSpans + items.length > this.#options.maxQueuedSpans &&
      this.#queuedSpans > 0
    ) {
      return Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_WRITE',
          `ClickHouse is not keeping up: ${this.#queuedSpans} spans already wait to be written; nothing of this batch was stored, send it again later`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.#queue.push({ kind: 'append', items, resolve, reject });
      this.#queuedSpans += items.length;
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
    while (this.#running !== undefined) {
      await this.#running;
    }
  }

  #kick(): void {
    this.#running ??= this.#work().finally(() => {
      this.#running = undefined;
    });
  }

  async #work(): Promise<void> {
    for (let head = this.#queue[0]; head !== undefined; head = this.#queue[0]) {
      if (head.kind === 'task') {
        this.#queue.shift();
        await head.run();
        continue;
      }
      const group: AppendEntry<T>[] = [];
      let spans = 0;
      for (let e = this.#queue[0]; e?.kind === 'append'; e = this.#queue[0]) {
        if (
          group.length > 0 &&
          spans + e.items.length > this.#options.maxBatchSpans
        ) {
          break;
        }
        this.#queue.shift();
        group.push(e);
        spans += e.items.length;
      }
      try {
        await this.#options.insert(group.flatMap((e) => e.items));
        group.forEach((e) => e.resolve());
      } catch (err) {
        group.forEach((e) => e.reject(err));
      } finally {
        this.#queuedSpans -= spans;
      }
    }
  }
}
