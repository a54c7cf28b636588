/**
 * The writer side of the DuckDB store: group commit, pipelined over two
 * connections.
 *
 * Group commit: calls that arrive while the writer is busy join one open
 * group, written in one transaction; each call resolves once that
 * transaction has committed. Pipelining: a group's span rows are staged (the
 * appender calls, JavaScript's share of a write) on one connection while the
 * other connection's COMMIT runs on DuckDB's threads; its own transaction
 * begins only after that commit, so it sees every earlier write and never
 * conflicts with one.
 *
 *   main thread:  stage 1 | stage 2 |  wait   | stage 3 |
 *   connection A: ........| commit 1 ...........| commit 3 …
 *   connection B: ..................| commit 2 .........|
 *
 * Writes apply in call order: commits are chained, and any other write
 * (`exclusive`) seals the open group and runs alone once every earlier
 * commit has settled.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { summariseWrite } from '../internal/prepare-batch.js';
import type { PreparedBatch } from '../internal/prepare-batch.js';
import { createWriteQueue } from '../internal/write-queue.js';
import type { StoreError } from '../store-error.js';
import { SpanEncodeError } from './append-span-row.js';
import { toOperationError } from './duckdb-errors.js';
import type { ResourceCache } from './resource-cache.js';
import {
  APPENDER_BUFFER_ROWS,
  commitStaged,
  stageWrite,
} from './write-batch.js';
import type { OperationCache, StagedWrite } from './write-batch.js';

/** A group stops taking calls past this many spans, bounding one transaction. */
const MAX_GROUP_SPANS = 100_000;

/** The calls of a group that failed on their own, each with its error. */
export type CallFailures = ReadonlyMap<PreparedBatch, StoreError>;

const NO_FAILURES: CallFailures = new Map();

interface AppendGroup {
  readonly calls: PreparedBatch[];
  spanCount: number;
}

const ignore = (): void => undefined;

export class AppendPipeline {
  readonly #writers: readonly [DuckDBConnection, DuckDBConnection];
  readonly #resources: ResourceCache;
  readonly #operations: OperationCache;
  /** Orders staging and exclusive writes. */
  readonly #queue = createWriteQueue();
  /** Settles once the last write begun has committed or failed. */
  #lastCommit: Promise<void> = Promise.resolve();
  /** Per connection: settles once its last commit has. */
  readonly #idle: [Promise<void>, Promise<void>] = [
    Promise.resolve(),
    Promise.resolve(),
  ];
  #turn: 0 | 1 = 0;
  #group: { group: AppendGroup; written: Promise<CallFailures> } | undefined;

  constructor(
    writers: readonly [DuckDBConnection, DuckDBConnection],
    resources: ResourceCache,
    operations: OperationCache,
  ) {
    this.#writers = writers;
    this.#resources = resources;
    this.#operations = operations;
  }

  /** Adds one call to the open group; resolves once it is durable. */
  append(batch: PreparedBatch): Promise<CallFailures> {
    let open = this.#group;
    if (open === undefined || open.group.spanCount >= MAX_GROUP_SPANS) {
      const group: AppendGroup = { calls: [], spanCount: 0 };
      const staged = this.#queue.run(() => this.#stage(group));
      open = { group, written: staged.then((s) => s.committed) };
      this.#group = open;
    }
    open.group.calls.push(batch);
    open.group.spanCount += batch.spans.length;
    return open.written;
  }

  /** Runs `body` on a writer once every earlier write has settled, alone. */
  exclusive<T>(body: (writer: DuckDBConnection) => Promise<T>): Promise<T> {
    this.#group = undefined;
    return this.#queue.run(async () => {
      await this.#lastCommit;
      const run = body(this.#writers[0]);
      this.#track(0, run);
      return run;
    });
  }

  /** Resolves once every write so far has settled. */
  async drain(): Promise<void> {
    await this.#queue.drain();
    await this.#lastCommit;
  }

  /**
   * Stages a group; resolves when the next one may be staged, with the
   * promise of its commit (wrapped, so it is not awaited here).
   */
  async #stage(
    group: AppendGroup,
  ): Promise<{ committed: Promise<CallFailures> }> {
    if (this.#group?.group === group) {
      this.#group = undefined;
    }
    if (group.spanCount === 0) {
      return { committed: Promise.resolve(NO_FAILURES) };
    }
    const turn = this.#turn;
    this.#turn = turn === 0 ? 1 : 0;
    const writer = this.#writers[turn];
    const previous = this.#lastCommit;
    await this.#idle[turn];
    if (group.spanCount >= APPENDER_BUFFER_ROWS) {
      // Too large to buffer: its transaction begins while staging.
      await previous;
    }
    let staged: StagedWrite;
    try {
      staged = await stageWrite(
        writer,
        summariseWrite(group.calls.map((c) => c.spans)),
        this.#resources,
      );
    } catch (err) {
      if (!(err instanceof SpanEncodeError) || group.calls.length === 1) {
        throw err;
      }
      const committed = previous.then(() =>
        this.#writeOneByOne(writer, group.calls),
      );
      this.#track(turn, committed);
      return { committed };
    }
    const committed = previous.then(async () => {
      await commitStaged(writer, staged, this.#resources, this.#operations);
      return NO_FAILURES;
    });
    this.#track(turn, committed);
    return { committed };
  }

  /**
   * A span of the group cannot be encoded (only possible outside the model's
   * types): writes the calls one by one, so only the call holding it fails.
   */
  async #writeOneByOne(
    writer: DuckDBConnection,
    calls: readonly PreparedBatch[],
  ): Promise<CallFailures> {
    const failures = new Map<PreparedBatch, StoreError>();
    for (const call of calls) {
      try {
        const staged = await stageWrite(
          writer,
          summariseWrite([call.spans]),
          this.#resources,
        );
        await commitStaged(writer, staged, this.#resources, this.#operations);
      } catch (err) {
        failures.set(
          call,
          toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append'),
        );
      }
    }
    return failures;
  }

  #track(turn: 0 | 1, write: Promise<unknown>): void {
    const settled = write.then(ignore, ignore);
    this.#idle[turn] = settled;
    this.#lastCommit = settled;
  }
}
