/**
 * The DuckDB adapter. Writes go through an `AppendPipeline` (two writer
 * connections): appends, grouped and pipelined, and deletions apply in call
 * order, each write one transaction. Reads run on a small pool of other
 * connections, in parallel, each seeing committed writes only.
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
import { prepareBatch } from '../internal/prepare-batch.js';
import type { PreparedBatch } from '../internal/prepare-batch.js';
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
import { readAttributeValues } from './attribute-values.js';
import { checkAttributeValuesArgs } from '../internal/attribute-values.js';
import { AppendPipeline } from './append-pipeline.js';
import { streamTraces } from './stream-traces.js';
import type { ReadOnConnection } from './stream-traces.js';
import type { OperationCache } from './write-batch.js';

export interface DuckDbStoreParts {
  readonly instance: DuckDBInstance;
  /** Two connections, so that one stages a write while the other commits. */
  readonly writers: readonly [DuckDBConnection, DuckDBConnection];
  readonly readers: ConnectionPool;
  readonly resources: ResourceCache;
  readonly operations: OperationCache;
  readonly inMemory: boolean;
  readonly retentionMicros: Micros | undefined;
  /** Dates appends given no receive time. */
  readonly clock: Clock;
  /** Runs once the database is released. */
  readonly onClose: () => void;
}

export class DuckDbSpanStore implements SpanStore {
  readonly pathIndex: DuckDbPathIndex;
  readonly #parts: DuckDbStoreParts;
  readonly #pipeline: AppendPipeline;
  readonly #reads = new Set<Promise<unknown>>();
  #closing: Promise<void> | undefined;

  constructor(parts: DuckDbStoreParts) {
    this.#parts = parts;
    this.#pipeline = new AppendPipeline(
      parts.writers,
      parts.resources,
      parts.operations,
    );
    this.pathIndex = new DuckDbPathIndex({
      write: (what, body) => this.#write(what, body),
      read: (what, body) => this.#read(what, body),
    });
  }

  /** Group commit, pipelined: see `AppendPipeline`. */
  appendSpans(
    spans: readonly Span[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    let batch: PreparedBatch;
    try {
      batch = prepareBatch(
        spans,
        resolveReceivedMicros(options, this.#parts.clock),
      );
    } catch (err) {
      return Promise.reject(
        toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append'),
      );
    }
    return this.#pipeline.append(batch).then(
      (failures) => {
        const failure = failures.get(batch);
        if (failure !== undefined) {
          throw failure;
        }
        return batch.result;
      },
      (err: unknown) => {
        throw toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', 'append');
      },
    );
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
    const read: ReadOnConnection = (body) => this.#read('stream traces', body);
    const resources = this.#parts.resources;
    return {
      [Symbol.asyncIterator]: () =>
        streamTraces(read, resources, window, options),
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
    await this.#pipeline.drain();
    await Promise.allSettled([...this.#reads]);
    const { instance, writers, readers, inMemory, onClose } = this.#parts;
    try {
      if (!inMemory) {
        await writers[0].run('CHECKPOINT');
      }
    } finally {
      readers.closeAll();
      for (const writer of writers) {
        writer.closeSync();
      }
      instance.closeSync();
      onClose();
    }
  }

  #write<T>(
    what: string,
    body: (writer: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    return this.#pipeline.exclusive(body).catch((err: unknown) => {
      throw toOperationError(err, 'PATHPROF_ERR_STORE_WRITE', what);
    });
  }

  #read<T>(
    what: string,
    body: (conn: DuckDBConnection) => Promise<T>,
  ): Promise<T> {
    if (this.#closing !== undefined) {
      return Promise.reject(closedError());
    }
    const run = this.#parts.readers.use(body).catch((err: unknown) => {
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
