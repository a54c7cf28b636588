/**
 * The ClickHouse adapter. Appends and deletions go through one
 * `ClickHouseWriteQueue` (call order, group commit, back-pressure); reads run
 * alongside over the client's connection pool. The store keeps no state that
 * another collector could contradict: any number of them can share a
 * database. On a cluster, reads go through the `Distributed` tables at the
 * entry server, and so do appends unless the store splits them by shard
 * itself (`shardInserts`); deletions run on every shard.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type {
  Micros,
  Span,
  SpanKind,
  TraceId,
  TraceSpans,
} from '@pathprof/model';
import {
  checkCutoff,
  checkDependencyArgs,
  checkStreamArgs,
  resolveReceivedMicros,
} from '../internal/check-args.js';
import type { Clock } from '../internal/check-args.js';
import { normaliseQuery } from '../internal/normalise-query.js';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { encodeSpanBatch } from '../encode-span-batch.js';
import type {
  AppendOptions,
  AppendResult,
  AttributeValuesOptions,
  AttributeValuesResult,
  DeleteResult,
  DependencyLink,
  OperationInfo,
  SpanStore,
  StreamTracesOptions,
  TimeWindow,
  TraceQuery,
  TraceSearchResult,
  WriteBacklog,
} from '../span-store.js';
import { StoreError } from '../store-error.js';
import type { StoreErrorCode } from '../store-error.js';
import { readOperations, readServices } from './catalog-queries.js';
import { isUnreachable, toStoreError } from './clickhouse-errors.js';
import { ClickHousePathIndex } from './clickhouse-path-index.js';
import { deleteTraces } from './delete-traces.js';
import type { DeletedTraces } from './delete-traces.js';
import { readDependencies } from './read-dependencies.js';
import { readTraceRanges, readTraces } from './read-traces.js';
import type { RetryPolicy } from './run-query.js';
import {
  SPAN_INSERT_COLUMNS,
  sealRowBinaryBatch,
} from './encode-rowbinary-batch.js';
import { insertRowBinary } from './run-query.js';
import { searchTraces } from './search-traces.js';
import { readAttributeValues } from './attribute-values.js';
import { checkAttributeValuesArgs } from '../internal/attribute-values.js';
import { streamTraces } from './stream-traces.js';
import type { TableLayout } from './table-layout.js';
import { splitRowBinaryBatch } from './split-rowbinary-batch.js';
import type { TraceShards } from './trace-shards.js';
import { ClickHouseWriteQueue } from './write-queue.js';

export interface ClickHouseStoreParts {
  readonly client: ClickHouseClient;
  /** A client per shard of a cluster, in shard order, for deletions; empty on one server. */
  readonly shards: readonly ClickHouseClient[];
  /** Set when appends go straight into the owning shards' local tables. */
  readonly shardInserts: TraceShards | undefined;
  readonly layout: TableLayout;
  readonly database: string;
  /** The server for messages: origin only. */
  readonly server: string;
  readonly retentionMicros: Micros | undefined;
  /** Dates appends given no receive time. */
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly maxBatchSpans: number;
  readonly maxQueuedSpans: number;
  readonly maxInsertsInFlight: number;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const READ_RETRY_MILLIS = 100;

export class ClickHouseSpanStore implements SpanStore {
  readonly #parts: ClickHouseStoreParts;
  readonly batchFormat = 'clickhouse-rowbinary-1' as const;
  readonly #writes: ClickHouseWriteQueue<EncodedSpanBatch>;
  readonly #reads = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;
  #lastSeq = 0;
  readonly pathIndex: ClickHousePathIndex;

  constructor(parts: ClickHouseStoreParts) {
    this.#parts = parts;
    this.pathIndex = new ClickHousePathIndex({
      client: parts.client,
      retry: parts.retry,
      read: (what, body) => this.#read(what, body),
      write: (what, body) => this.#write(what, body),
    });
    this.#writes = new ClickHouseWriteQueue<EncodedSpanBatch>({
      // Storage order: each span's seq is taken when its INSERT is built,
      // in call order, and kept across the INSERT's retries.
      insert: (batches) => this.#insertSpans(batches),
      maxBatchSpans: parts.maxBatchSpans,
      maxQueuedSpans: parts.maxQueuedSpans,
      maxInsertsInFlight: parts.maxInsertsInFlight,
    });
  }

  async appendSpans(
    spans: readonly Span[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    this.#checkOpen();
    let batch: EncodedSpanBatch;
    try {
      batch = encodeSpanBatch(
        this.batchFormat,
        spans,
        resolveReceivedMicros(options, this.#parts.clock),
      );
    } catch (err) {
      throw this.#error(err, 'PATHPROF_ERR_STORE_WRITE', 'append');
    }
    return this.appendEncoded(batch);
  }

  /** Acknowledged once ClickHouse answered the INSERT (see docs/clickhouse.md). */
  async appendEncoded(batch: EncodedSpanBatch): Promise<AppendResult> {
    this.#checkOpen();
    if (batch.format !== this.batchFormat) {
      throw new StoreError(
        'PATHPROF_ERR_STORE_WRITE',
        `the ClickHouse store takes ${this.batchFormat} batches, not ${batch.format}`,
      );
    }
    if (batch.spanCount === 0) {
      return batch.result;
    }
    await this.#writes
      .append(batch, batch.spanCount, batch.bytes.length)
      .catch((err: unknown) => {
        throw this.#error(err, 'PATHPROF_ERR_STORE_WRITE', 'append');
      });
    return batch.result;
  }

  writeBacklog(): WriteBacklog {
    return {
      spans: this.#writes.queuedSpans,
      bytes: this.#writes.queuedBytes,
      limitSpans: this.#parts.maxQueuedSpans,
      limitBytes: Infinity,
      loadSpansPerSecond: this.#writes.spansPerSecond,
      failedBatches: 0,
    };
  }

  async searchTraces(query: TraceQuery): Promise<TraceSearchResult> {
    const q = normaliseQuery(query);
    return this.#read('search', () => searchTraces(this.#parts.client, q));
  }

  getTraces(ids: readonly TraceId[]): Promise<TraceSpans[]> {
    return this.#read('trace read', async () => {
      const wanted = [...new Set(ids.filter((id) => TRACE_ID.test(id)))];
      const ranges = await readTraceRanges(this.#parts.client, wanted);
      return readTraces(
        this.#parts.client,
        wanted.flatMap((id) => ranges.get(id) ?? []),
      );
    });
  }

  listServices(): Promise<string[]> {
    return this.#read('service list', () => readServices(this.#parts.client));
  }

  listOperations(
    service: string,
    spanKind?: SpanKind,
  ): Promise<OperationInfo[]> {
    return this.#read('operation list', () =>
      readOperations(this.#parts.client, service, spanKind),
    );
  }

  async listAttributeValues(
    key: string,
    window: TimeWindow,
    options: AttributeValuesOptions,
  ): Promise<AttributeValuesResult> {
    checkAttributeValuesArgs(key, window, options);
    return this.#read('attribute values', () =>
      readAttributeValues(this.#parts.client, key, window, options),
    );
  }

  async getDependencies(
    endMicros: Micros,
    lookbackMicros: Micros,
  ): Promise<DependencyLink[]> {
    checkDependencyArgs(endMicros, lookbackMicros);
    return this.#read('dependency read', () =>
      readDependencies(
        this.#parts.client,
        endMicros - lookbackMicros,
        endMicros,
      ),
    );
  }

  streamTraces(
    window: TimeWindow,
    options: StreamTracesOptions = {},
  ): AsyncIterable<TraceSpans> {
    const start = async function* (
      store: ClickHouseSpanStore,
    ): AsyncGenerator<TraceSpans> {
      const pageSize = checkStreamArgs(window, options);
      try {
        yield* streamTraces(store.#parts.client, {
          window,
          pageSize,
          service: options.service === '' ? undefined : options.service,
          checkOpen: () => store.#checkOpen(),
        });
      } catch (err) {
        throw store.#error(err, 'PATHPROF_ERR_STORE_READ', 'trace stream');
      }
    };
    return { [Symbol.asyncIterator]: () => start(this) };
  }

  async deleteOlderThan(cutoffMicros: Micros): Promise<DeleteResult> {
    this.#checkOpen();
    checkCutoff(cutoffMicros);
    return this.#delete({ endedBefore: cutoffMicros });
  }

  async deleteReceivedBefore(cutoffMicros: Micros): Promise<DeleteResult> {
    this.#checkOpen();
    checkCutoff(cutoffMicros);
    return this.#delete({ receivedBefore: cutoffMicros });
  }

  async applyRetention(nowMicros: Micros): Promise<DeleteResult> {
    this.#checkOpen();
    const retention = this.#parts.retentionMicros;
    if (retention === undefined) {
      return this.#writes.exclusive(() =>
        Promise.resolve({ traces: 0, spans: 0 }),
      );
    }
    return this.deleteReceivedBefore((nowMicros - retention) as Micros);
  }

  #delete(which: DeletedTraces): Promise<DeleteResult> {
    const { client, shards, database, layout } = this.#parts;
    return this.#writes
      .exclusive(async () => {
        const results = await Promise.all(
          (shards.length === 0 ? [client] : shards).map((c) =>
            deleteTraces(c, database, layout.local, which),
          ),
        );
        return {
          traces: results.reduce((n, r) => n + r.traces, 0),
          spans: results.reduce((n, r) => n + r.spans, 0),
        };
      })
      .catch((err: unknown) => {
        throw this.#error(err, 'PATHPROF_ERR_STORE_WRITE', 'deletion');
      });
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    await this.#writes.drain();
    await Promise.allSettled([...this.#reads]);
    await Promise.all(
      [this.#parts.client, ...this.#parts.shards].map((c) => c.close()),
    );
  }

  /**
   * One INSERT of the batches' rows through `spans`, or with shard inserts
   * one INSERT per shard that owns any of them into its local table. Settles
   * once every INSERT has; rejects if any failed (rows another shard wrote
   * stay, as when a `Distributed` INSERT fails on one shard, and a re-sent
   * copy reads back as one span).
   */
  #insertSpans(batches: readonly EncodedSpanBatch[]): Promise<void> {
    const { client, shards, shardInserts, layout, retry } = this.#parts;
    const rows = batches.map((b) =>
      sealRowBinaryBatch(b.bytes, this.#takeSeqs(b.spanCount)),
    );
    if (shardInserts === undefined) {
      return insertRowBinary(client, 'spans', SPAN_INSERT_COLUMNS, rows, retry);
    }
    const perShard = shards.map((): Uint8Array[] => []);
    for (const b of batches) {
      splitRowBinaryBatch(b.bytes, shardInserts).forEach((part, shard) => {
        if (part.length > 0) {
          perShard[shard]!.push(part);
        }
      });
    }
    return settleAll(
      perShard.map((chunks, shard) =>
        chunks.length === 0
          ? Promise.resolve()
          : insertRowBinary(
              shards[shard]!,
              layout.local.spans,
              SPAN_INSERT_COLUMNS,
              chunks,
              retry,
            ),
      ),
    );
  }

  /**
   * The first of `count` consecutive storage sequence numbers, increasing
   * within this process: of two copies of a span, the first stored reads back.
   */
  #takeSeqs(count: number): number {
    const first = Math.max(this.#lastSeq + 1, Date.now() * 1000);
    this.#lastSeq = first + count - 1;
    return first;
  }

  #checkOpen(): void {
    if (this.#closing !== undefined) {
      throw new StoreError('PATHPROF_ERR_STORE_CLOSED', 'the store is closed');
    }
  }

  /** A write outside the span queue (the path index's rows), tracked so close waits for it. */
  async #write<T>(what: string, body: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    const run = body().catch((err: unknown) => {
      throw this.#error(err, 'PATHPROF_ERR_STORE_WRITE', what);
    });
    this.#reads.add(run);
    const forget = (): void => {
      this.#reads.delete(run);
    };
    run.then(forget, forget);
    return run;
  }

  #error(err: unknown, code: StoreErrorCode, what: string): StoreError {
    return toStoreError(err, code, what, this.#parts.server);
  }

  async #read<T>(what: string, body: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    // One more try when the server did not answer: a pooled connection may
    // have died with a ClickHouse restart; reads are safe to repeat.
    const run = body()
      .catch(async (err: unknown) => {
        if (!isUnreachable(err)) {
          throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MILLIS));
        return body();
      })
      .catch((err: unknown) => {
        throw this.#error(err, 'PATHPROF_ERR_STORE_READ', what);
      });
    this.#reads.add(run);
    const forget = (): void => {
      this.#reads.delete(run);
    };
    run.then(forget, forget);
    return run;
  }
}

/** Waits for every promise; then rejects with the first failure, if any. */
async function settleAll(runs: readonly Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(runs);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    throw failed.reason;
  }
}
