/**
 * The DuckDB adapter. Writes go through a `DuckDbBatchWriter`: appends are
 * acknowledged once in the ingest log (or, in memory, once loaded) and
 * loaded in large groups, one transaction each; deletions and the path
 * index's writes run alone in call order between them. Reads run on a small
 * pool of other connections, in parallel, each seeing committed writes only,
 * after every batch acknowledged before them is loaded.
 */
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
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
  resolveReceivedMicros,
} from '../internal/check-args.js';
import type { Clock } from '../internal/check-args.js';
import { normaliseQuery } from '../internal/normalise-query.js';
import type { EncodedSpanBatch } from '../encoded-span-batch.js';
import { encodeSpanBatch } from '../encode-span-batch.js';
import type { IngestLog } from '../ingest-log/ingest-log.js';
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
import {
  loadOperationCache,
  readOperations,
  readServices,
} from './catalog-queries.js';
import type { ConnectionPool } from './connection-pool.js';
import { deleteTraces } from './delete-traces.js';
import type { DeletedTraces } from './delete-traces.js';
import { DuckDbPathIndex } from './duckdb-path-index.js';
import { readDependencies } from './dependencies.js';
import { toOperationError } from './duckdb-errors.js';
import type { ResourceCache } from './resource-cache.js';
import { readTracesById, searchTraces } from './search-traces.js';
import type { DuckDbBatchWriter } from './batch-writer.js';
import type { OperationCache } from './load-batches.js';
import { readAttributeValues } from './attribute-values.js';
import { checkAttributeValuesArgs } from '../internal/attribute-values.js';
import { MemoryTrim, trimStatements } from './memory-trim.js';
import type { DuckDbMemoryLimit } from './memory-pressure.js';
import { streamTraces } from './stream-traces.js';
import type { ReadOnConnection } from './stream-traces.js';

export interface DuckDbStoreParts {
  readonly instance: DuckDBInstance;
  readonly writer: DuckDbBatchWriter;
  /** The writer's connection, closed with the store. */
  readonly writerConnection: DuckDBConnection;
  /** The ingest log of a data directory. */
  readonly log: IngestLog | undefined;
  readonly readers: ConnectionPool;
  readonly resources: ResourceCache;
  readonly operations: OperationCache;
  readonly inMemory: boolean;
  readonly retentionMicros: Micros | undefined;
  /** Dates appends given no receive time. */
  readonly clock: Clock;
  /** Runs once the database is released. */
  readonly onClose: () => Promise<void>;
  /** The database's memory limit (see `DuckDbMemoryLimit`); none in memory. */
  readonly memoryLimit?: DuckDbMemoryLimit;
  /** How long the store stays idle before it gives its cache back (see `MemoryTrim`); with `memoryLimit`. */
  readonly trimIdleMillis?: number;
}

export class DuckDbSpanStore implements SpanStore {
  readonly pathIndex: DuckDbPathIndex;
  readonly batchFormat = 'duckdb-tsv-1' as const;
  readonly #parts: DuckDbStoreParts;
  readonly #reads = new Set<Promise<unknown>>();
  readonly #trim: MemoryTrim | undefined;
  #closing: Promise<void> | undefined;

  constructor(parts: DuckDbStoreParts) {
    this.#parts = parts;
    const { memoryLimit, trimIdleMillis, writer, readers } = parts;
    this.#trim =
      memoryLimit === undefined || trimIdleMillis === undefined
        ? undefined
        : new MemoryTrim(trimIdleMillis, async () => {
            if (writer.state.backlogSpans > 0) {
              return false;
            }
            const done = await writer.exclusive((conn) =>
              readers.ifIdle(async () => {
                const [lower, restore] = trimStatements(memoryLimit.currentMiB);
                try {
                  await conn.run(lower!);
                } finally {
                  await conn.run(restore!);
                }
                return true;
              }),
            );
            return done === true;
          });
    this.pathIndex = new DuckDbPathIndex({
      write: (what, body) => this.#write(what, body),
      read: (what, body) => this.#read(what, body),
    });
  }

  /** Encodes on this thread, then `appendEncoded`. */
  appendSpans(
    spans: readonly Span[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    let batch: EncodedSpanBatch;
    try {
      batch = encodeSpanBatch(
        this.batchFormat,
        spans,
        resolveReceivedMicros(options, this.#parts.clock),
      );
    } catch (err) {
      return Promise.reject(
        toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append'),
      );
    }
    return this.appendEncoded(batch);
  }

  /** Durable once in the ingest log (see `DuckDbBatchWriter`). */
  appendEncoded(batch: EncodedSpanBatch): Promise<AppendResult> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    if (batch.format !== this.batchFormat) {
      return Promise.reject(
        new StoreError(
          'PATHPROF_ERR_STORE_WRITE',
          `the embedded store takes ${this.batchFormat} batches, not ${batch.format}`,
        ),
      );
    }
    if (batch.spanCount === 0) {
      return Promise.resolve(batch.result);
    }
    this.#trim?.activity();
    return this.#parts.writer.append(batch).then(
      () => batch.result,
      (err: unknown) => {
        throw toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append');
      },
    );
  }

  /**
   * Under pressure DuckDB keeps half its memory limit, evicting cached pages
   * (see `DuckDbMemoryLimit`); nothing for a store in memory, whose data is
   * that memory.
   */
  async setMemoryPressure(pressure: boolean): Promise<void> {
    if (this.#closing === undefined) {
      await this.#parts.memoryLimit?.setPressure(pressure);
    }
  }

  writeBacklog(): WriteBacklog {
    const state = this.#parts.writer.state;
    return {
      spans: state.backlogSpans,
      bytes: state.backlogBytes,
      limitSpans: Infinity,
      limitBytes: state.maxBacklogBytes,
      loadSpansPerSecond: state.loadSpansPerSecond,
      failedBatches: state.failedBatches,
    };
  }

  async searchTraces(query: TraceQuery): Promise<TraceSearchResult> {
    const q = normaliseQuery(query);
    return this.#read('search', (conn) =>
      searchTraces(conn, q, this.#parts.resources),
    );
  }

  getTraces(ids: readonly TraceId[]): Promise<TraceSpans[]> {
    return this.#read('get traces', (conn) =>
      readTracesById(conn, ids, this.#parts.resources),
    );
  }

  listServices(): Promise<string[]> {
    return this.#read('list services', readServices);
  }

  listOperations(
    service: string,
    spanKind?: SpanKind,
  ): Promise<OperationInfo[]> {
    return this.#read('list operations', (conn) =>
      readOperations(conn, service, spanKind),
    );
  }

  async listAttributeValues(
    key: string,
    window: TimeWindow,
    options: AttributeValuesOptions,
  ): Promise<AttributeValuesResult> {
    checkAttributeValuesArgs(key, window, options);
    return this.#read('attribute values', (conn) =>
      readAttributeValues(conn, key, window, options),
    );
  }

  async getDependencies(
    endMicros: Micros,
    lookbackMicros: Micros,
  ): Promise<DependencyLink[]> {
    checkDependencyArgs(endMicros, lookbackMicros);
    return this.#read('dependencies', (conn) =>
      readDependencies(conn, endMicros - lookbackMicros, endMicros),
    );
  }

  streamTraces(
    window: TimeWindow,
    options: StreamTracesOptions = {},
  ): AsyncIterable<TraceSpans> {
    const read: ReadOnConnection = (body) =>
      this.#read('stream traces', body, false);
    const resources = this.#parts.resources;
    const writer = this.#parts.writer;
    return {
      [Symbol.asyncIterator]: async function* () {
        // One barrier for the whole stream, not one per page.
        await writer.barrier();
        yield* streamTraces(read, resources, window, options);
      },
    };
  }

  async deleteOlderThan(cutoffMicros: Micros): Promise<DeleteResult> {
    checkCutoff(cutoffMicros);
    return this.#delete('delete', { endedBefore: cutoffMicros });
  }

  async deleteReceivedBefore(cutoffMicros: Micros): Promise<DeleteResult> {
    checkCutoff(cutoffMicros);
    return this.#delete('retention', { receivedBefore: cutoffMicros });
  }

  applyRetention(nowMicros: Micros): Promise<DeleteResult> {
    const retention = this.#parts.retentionMicros;
    if (retention === undefined) {
      return this.#write('retention', () =>
        Promise.resolve({ traces: 0, spans: 0 }),
      );
    }
    return this.deleteReceivedBefore(nowMicros - retention);
  }

  #delete(what: string, which: DeletedTraces): Promise<DeleteResult> {
    return this.#write(what, async (writer) => {
      const result = await deleteTraces(writer, which);
      if (result.traces > 0) {
        await this.#parts.resources.load(writer);
        await loadOperationCache(writer, this.#parts.operations);
        if (!this.#parts.inMemory) {
          await writer.run('CHECKPOINT');
        }
      }
      return result;
    });
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const { instance, writer, writerConnection, log, readers, inMemory } =
      this.#parts;
    this.#trim?.close();
    await writer.drain();
    await log?.close();
    await Promise.allSettled([...this.#reads]);
    try {
      if (!inMemory) {
        await writerConnection.run('CHECKPOINT');
      }
    } finally {
      readers.closeAll();
      writerConnection.closeSync();
      instance.closeSync();
      await this.#parts.onClose();
    }
  }

  #write<T>(
    what: string,
    body: (writer: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    this.#trim?.activity();
    return this.#parts.writer.exclusive(body).catch((err: unknown) => {
      throw toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', what);
    });
  }

  /** A read on a pooled connection, by default after `barrier()` (see `DuckDbBatchWriter`). */
  #read<T>(
    what: string,
    body: (conn: DuckDBConnection) => Promise<T>,
    barrier = true,
  ): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    const { readers, writer } = this.#parts;
    const run = (
      barrier
        ? writer.barrier().then(() => readers.use(body))
        : readers.use(body)
    ).catch((err: unknown) => {
      throw toOperationError(err, 'PATHPROF_ERR_STORE_READ', what);
    });
    this.#reads.add(run);
    const forget = (): void => {
      this.#reads.delete(run);
    };
    run.then(forget, forget);
    return run;
  }
}

function closedError(): StoreError {
  return new StoreError('PATHPROF_ERR_STORE_CLOSED', 'the store is closed');
}
