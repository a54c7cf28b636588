/**
 * The writer side of the DuckDB store: encoded batches in, large loads out.
 *
 *   appendEncoded ─► ingest log (group commit, fdatasync) ─► acknowledged
 *                          │
 *                          └─► load queue ─► loadBatches (one transaction per group)
 *
 * With a data directory, an append is acknowledged once its record is in the
 * ingest log; a background loop moves logged batches into the tables in
 * groups of up to `maxGroupSpans` spans, one transaction each, and tells the
 * log how far it got. Without one (`:memory:`), an append is acknowledged
 * once its group is loaded.
 *
 * - Reads wait for `barrier()`: every batch acknowledged before the read
 *   began is loaded first, so a read sees what was acknowledged.
 * - Other writes (`exclusive`) run alone, after every load queued before them.
 * - Back-pressure: batches acknowledged and not loaded yet (the backlog) are
 *   bounded by `maxBacklogBytes`; past it, appends are refused at once with
 *   `PATHPROF_ERR_STORE_BUSY` and a `retryAfterSeconds` from the recent load
 *   rate. An idle writer accepts any one batch.
 * - A group that fails to load is retried, then its batches one by one; a
 *   logged batch that keeps failing is set aside in `failed/` next to the log
 *   (counted in `failedBatches`) so that one bad batch cannot stop the rest.
 *   Without a log, its append is rejected instead, nothing of it stored.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import type { IngestLog } from '../ingest-log/ingest-log.js';
import type { LogRecord } from '../ingest-log/log-record.js';
import { StoreError } from '../store-error.js';
import { toOperationError } from './duckdb-errors.js';
import { loadBatches } from './load-batches.js';
import type { LoadTarget } from './load-batches.js';

export interface BatchWriterOptions {
  readonly target: LoadTarget;
  /** The ingest log of a data directory; none for `:memory:`. */
  readonly log: IngestLog | undefined;
  /** Where batches that cannot be loaded are set aside (with a log). */
  readonly failedDir: string | undefined;
  readonly maxBacklogBytes: number;
  readonly maxGroupSpans: number;
  /** Runs after a load fails, before it is tried again or split. */
  readonly onLoadError?: () => Promise<void>;
}

/** What the write path holds, for metrics and admission. */
export interface BatchWriterState {
  /** Spans acknowledged (or accepted) and not loaded yet. */
  readonly backlogSpans: number;
  readonly backlogBytes: number;
  readonly maxBacklogBytes: number;
  /** Recent load rate, spans per second; 0 before the first load. */
  readonly loadSpansPerSecond: number;
  /** Batches set aside because they could not be loaded. */
  readonly failedBatches: number;
}

interface LoadEntry {
  readonly kind: 'load';
  readonly bytes: Uint8Array;
  readonly spanCount: number;
  /**
   * With a log: resolves to the record's sequence number once logged, or to
   * undefined when logging failed (the append was refused; nothing to load).
   */
  readonly logged: Promise<number | undefined> | undefined;
  readonly receivedMicros: number;
  /** Settles the append, for a writer without a log. */
  readonly settle?: (err?: Error) => void;
}

/** A load entry with its log sequence number, once known. */
interface LoadItemEntry {
  readonly entry: LoadEntry;
  readonly seq: number | undefined;
}

interface TaskEntry {
  readonly kind: 'task';
  readonly run: (conn: DuckDBConnection) => Promise<void>;
}

/** Attempts at a group, then at each of its batches, before one is set aside. */
const LOAD_ATTEMPTS = 3;
const RETRY_DELAY_MILLIS = 200;
const MIN_RETRY_AFTER_SECONDS = 1;
const MAX_RETRY_AFTER_SECONDS = 30;

export class DuckDbBatchWriter {
  readonly #options: BatchWriterOptions;
  readonly #queue: (LoadEntry | TaskEntry)[] = [];
  #running: Promise<void> | undefined;
  /** Entries queued so far, and entries done (loaded, run or set aside). */
  #queued = 0;
  #done = 0;
  #barriers: { target: number; resolve: () => void }[] = [];
  #backlogSpans = 0;
  #backlogBytes = 0;
  #loadRate = 0;
  #failedBatches = 0;

  constructor(options: BatchWriterOptions) {
    this.#options = options;
  }

  get state(): BatchWriterState {
    return {
      backlogSpans: this.#backlogSpans,
      backlogBytes: this.#backlogBytes,
      maxBacklogBytes: this.#options.maxBacklogBytes,
      loadSpansPerSecond: this.#loadRate,
      failedBatches: this.#failedBatches,
    };
  }

  /** Resolves once the batch is durable: in the log, or without one loaded. */
  append(batch: EncodedSpanBatch): Promise<void> {
    const size = batch.bytes.length;
    if (
      this.#backlogBytes > 0 &&
      this.#backlogBytes + size > this.#options.maxBacklogBytes
    ) {
      return Promise.reject(this.#busyError());
    }
    this.#backlogBytes += size;
    this.#backlogSpans += batch.spanCount;
    const { log } = this.#options;
    if (log === undefined) {
      return new Promise<void>((resolve, reject) => {
        this.#enqueue({
          kind: 'load',
          bytes: batch.bytes,
          spanCount: batch.spanCount,
          logged: undefined,
          receivedMicros: batch.receivedMicros,
          settle: (err) => (err === undefined ? resolve() : reject(err)),
        });
      });
    }
    // Queued now, in call order with deletions; loaded once logged.
    const logged = log.append(
      batch.bytes,
      batch.receivedMicros,
      batch.spanCount,
    );
    this.#enqueue({
      kind: 'load',
      bytes: batch.bytes,
      spanCount: batch.spanCount,
      logged: logged.catch(() => undefined),
      receivedMicros: batch.receivedMicros,
    });
    return logged.then(
      () => undefined,
      (err: unknown) => {
        throw new StoreError(
          'PATHPROF_ERR_STORE_WRITE',
          err instanceof Error ? err.message : String(err),
          { cause: err },
        );
      },
    );
  }

  /** Queues records read back from the log at open, to be loaded first. */
  replay(records: readonly LogRecord[]): void {
    for (const r of records) {
      this.#backlogBytes += r.payload.length;
      this.#backlogSpans += r.spanCount;
      this.#enqueue({
        kind: 'load',
        bytes: r.payload,
        spanCount: r.spanCount,
        logged: Promise.resolve(r.seq),
        receivedMicros: r.receivedMicros,
      });
    }
  }

  /** Resolves once every batch acknowledged so far is loaded. */
  barrier(): Promise<void> {
    const target = this.#queued;
    if (this.#done >= target) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#barriers.push({ target, resolve }));
  }

  /** Runs `body` on the writer connection after every load queued so far, alone. */
  exclusive<T>(body: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#enqueue({
        kind: 'task',
        run: (conn) => body(conn).then(resolve, reject),
      });
    });
  }

  /** Resolves once every append made so far is loaded. */
  async drain(): Promise<void> {
    while (this.#running !== undefined) {
      await this.#running;
    }
  }

  #busyError(): StoreError {
    const seconds =
      this.#loadRate > 0
        ? Math.ceil(this.#backlogSpans / this.#loadRate)
        : MIN_RETRY_AFTER_SECONDS;
    return new StoreError(
      'PATHPROF_ERR_STORE_BUSY',
      `the store is still loading ${this.#backlogSpans} acknowledged spans (${Math.round(this.#backlogBytes / 1048576)} MiB); nothing of this batch was stored, send it again later`,
      {
        retryAfterSeconds: Math.min(
          MAX_RETRY_AFTER_SECONDS,
          Math.max(MIN_RETRY_AFTER_SECONDS, seconds),
        ),
      },
    );
  }

  #enqueue(entry: LoadEntry | TaskEntry): void {
    this.#queue.push(entry);
    this.#queued++;
    this.#running ??= this.#work();
  }

  async #work(): Promise<void> {
    // The caller stores this promise in `#running` before the loop can clear it.
    await Promise.resolve();
    const { conn } = this.#options.target;
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) {
        // Cleared in the same tick as the queue is found empty: an append
        // made after this starts a new loop instead of joining a finished one.
        this.#running = undefined;
        return;
      }
      if (head.kind === 'task') {
        this.#queue.shift();
        await head.run(conn);
        this.#finish(1);
        continue;
      }
      const taken: LoadEntry[] = [];
      let spans = 0;
      for (let e = this.#queue[0]; e?.kind === 'load'; e = this.#queue[0]) {
        if (
          taken.length > 0 &&
          spans + e.spanCount > this.#options.maxGroupSpans
        ) {
          break;
        }
        this.#queue.shift();
        taken.push(e);
        spans += e.spanCount;
      }
      const seqs = await Promise.all(
        taken.map((e) => e.logged ?? Promise.resolve(undefined)),
      );
      const group: LoadItemEntry[] = [];
      taken.forEach((e, i) => {
        const seq = seqs[i];
        if (e.logged === undefined || seq !== undefined) {
          group.push({ entry: e, seq });
        }
      });
      if (group.length > 0) {
        await this.#loadGroup(group);
      }
      for (const e of taken) {
        this.#backlogBytes -= e.bytes.length;
        this.#backlogSpans -= e.spanCount;
      }
      this.#finish(taken.length);
    }
  }

  async #loadGroup(group: readonly LoadItemEntry[]): Promise<void> {
    const started = performance.now();
    const err = await this.#tryLoad(
      group,
      group.length === 1 ? LOAD_ATTEMPTS : 1,
    );
    if (err === undefined) {
      this.#settled(group, started);
      return;
    }
    if (group.length > 1) {
      // Which batch? Each alone, so the others are not held back by it.
      for (const item of group) {
        await this.#loadGroup([item]);
      }
      return;
    }
    const item = group[0]!;
    const failure = toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append');
    if (item.entry.settle !== undefined) {
      item.entry.settle(failure);
      return;
    }
    await this.#setAside(item, failure);
  }

  /** Loads a group, trying `attempts` times; the last error, or undefined. */
  async #tryLoad(
    group: readonly LoadItemEntry[],
    attempts: number,
  ): Promise<unknown> {
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) {
        await new Promise((r) =>
          setTimeout(r, RETRY_DELAY_MILLIS * 2 ** attempt),
        );
      }
      try {
        await loadBatches(
          this.#options.target,
          group.map(({ entry, seq }) => ({
            bytes: entry.bytes,
            ...(seq === undefined ? {} : { seq }),
          })),
        );
        return undefined;
      } catch (err) {
        last = err;
        await this.#options.onLoadError?.().catch(() => undefined);
      }
    }
    return last;
  }

  #settled(group: readonly LoadItemEntry[], startedMillis: number): void {
    let spans = 0;
    let movedSeq: number | undefined;
    for (const { entry, seq } of group) {
      spans += entry.spanCount;
      if (seq !== undefined) {
        movedSeq = Math.max(movedSeq ?? seq, seq);
      }
      entry.settle?.();
    }
    const seconds = (performance.now() - startedMillis) / 1000;
    if (spans > 0 && seconds > 0) {
      const rate = spans / seconds;
      this.#loadRate =
        this.#loadRate === 0 ? rate : 0.7 * this.#loadRate + 0.3 * rate;
    }
    if (movedSeq !== undefined) {
      void this.#options.log?.release(movedSeq);
    }
  }

  /**
   * A logged batch the database keeps refusing: written to `failed/` with
   * the reason, and counted; the log moves past it (its record is dropped
   * with its segment once the batches after it are loaded).
   */
  async #setAside(item: LoadItemEntry, failure: StoreError): Promise<void> {
    this.#failedBatches++;
    const dir = this.#options.failedDir;
    const { entry, seq } = item;
    if (dir !== undefined && seq !== undefined) {
      const name = String(seq).padStart(16, '0');
      try {
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, `${name}.batch`), entry.bytes);
        await writeFile(join(dir, `${name}.txt`), `${failure.message}\n`);
      } catch {
        // Nothing more to do: the count shows it.
      }
    }
  }

  #finish(entries: number): void {
    this.#done += entries;
    const ready = this.#barriers.filter((b) => b.target <= this.#done);
    if (ready.length > 0) {
      this.#barriers = this.#barriers.filter((b) => b.target > this.#done);
      ready.forEach((b) => b.resolve());
    }
  }
}
