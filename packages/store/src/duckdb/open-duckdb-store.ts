import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Micros } from '@pathprof/model';
import { SYSTEM_CLOCK } from '../internal/check-args.js';
import type { SpanStore } from '../span-store.js';
import { StoreError } from '../store-error.js';
import { IngestLog } from '../ingest-log/ingest-log.js';
import { DuckDbBatchWriter } from './batch-writer.js';
import { ConnectionPool } from './connection-pool.js';
import { toOpenError } from './duckdb-errors.js';
import { loadOperationCache } from './catalog-queries.js';
import { DuckDbSpanStore } from './duckdb-span-store.js';
import { DuckDbMemoryLimit } from './memory-pressure.js';
import { readMovedSeq, WRITER_TEMP_TABLES } from './load-batches.js';
import { ResourceCache } from './resource-cache.js';
import { ensureSchema } from './schema.js';

/**
 * Data directories open in this process. DuckDB's file lock only keeps other
 * processes out; a second instance here would be a second writer.
 */
const OPEN_PATHS = new Set<string>();

/**
 * WAL size that triggers a checkpoint (DuckDB's default is 16 MB). Each
 * checkpoint rewrites the table's last, partly filled row group, so frequent
 * small checkpoints cost several times the data they hold: at 16 MB, appends
 * ran at half the rate. Replaying a full WAL at startup takes seconds.
 */
const CHECKPOINT_THRESHOLD = '256MB';
/** DuckDB flushes its allocator's caches after a task that used more than this. */
const ALLOCATOR_FLUSH_THRESHOLD = '32MiB';
/** How long a store in a data directory stays idle before it gives its cache back. */
const TRIM_IDLE_MILLIS = 5000;

/** The database file inside a data directory. */
export const DUCKDB_FILE_NAME = 'spans.duckdb';

/** The ingest log's folder inside a data directory (`ingest-log.ts`). */
export const INGEST_LOG_DIR = 'ingest-log';

/** Where rows wait for DuckDB's CSV reader, inside a data directory. */
const LOAD_DIR = 'load';

/** Default `maxBacklogBytes`: about 400k seed-shaped spans. */
export const DEFAULT_MAX_BACKLOG_BYTES = 256 * 1024 * 1024;

/**
 * Spans loaded in one transaction at most. Larger groups share the commit's
 * fixed costs and let DuckDB write whole row groups (122 880 rows) straight
 * to the database file instead of through its WAL.
 */
export const DEFAULT_MAX_GROUP_SPANS = 150_000;

/** `path` value that keeps everything in memory. */
export const IN_MEMORY = ':memory:';

export interface DuckDbStoreOptions {
  /** A data directory (created if missing; holds `spans.duckdb` and its WAL), or `:memory:`. */
  readonly path: string;
  /** Time since receipt after which `applyRetention` deletes a trace, in µs; none by default. */
  readonly retentionMicros?: Micros;
  /**
   * The clock that dates appends given no receive time, and spans already
   * stored when a schema migration first records receive times; default the
   * system's.
   */
  readonly nowMicros?: () => Micros;
  /** Read connections run in parallel; default 4. */
  readonly readConnections?: number;
  /**
   * Memory DuckDB may use for its buffers and queries before it spills to
   * the data directory; default 1 GiB for a data directory (DuckDB's own
   * default is 80 % of the machine). Not applied to `:memory:`, whose data
   * lives in that memory.
   */
  readonly memoryLimitBytes?: number;
  /**
   * Bytes of acknowledged batches not loaded into the tables yet (the
   * ingest log's backlog) before appends are refused with
   * `PATHPROF_ERR_STORE_BUSY`; default 256 MiB. They are held in memory
   * until loaded.
   */
  readonly maxBacklogBytes?: number;
  /** Spans loaded in one transaction at most; default 150 000. */
  readonly maxGroupSpans?: number;
}

/** Default `memoryLimitBytes` of a store in a data directory. */
export const DEFAULT_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

/**
 * Opens (creating or migrating the schema) the embedded store. Fails with a
 * {@link StoreError}: `PATHPROF_ERR_STORE_LOCKED` when another process has the
 * directory open, `PATHPROF_ERR_STORE_CORRUPT` when the file is not a database,
 * `PATHPROF_ERR_STORE_SCHEMA` when a newer pathprof wrote it.
 */
export async function openDuckDbStore(
  options: DuckDbStoreOptions,
): Promise<SpanStore> {
  const inMemory = options.path === IN_MEMORY;
  const where = inMemory ? 'the in-memory store' : resolve(options.path);
  const readConnections = options.readConnections ?? 4;
  if (!Number.isSafeInteger(readConnections) || readConnections < 1) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_OPEN',
      'readConnections must be an integer of at least 1',
    );
  }
  if (
    options.retentionMicros !== undefined &&
    !(Number.isFinite(options.retentionMicros) && options.retentionMicros > 0)
  ) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_OPEN',
      'retentionMicros must be a positive number',
    );
  }
  if (!inMemory && OPEN_PATHS.has(where)) {
    throw new StoreError(
      'PATHPROF_ERR_STORE_LOCKED',
      `${where} is already open in this process; share that store instead of opening it twice`,
    );
  }
  if (!inMemory) {
    OPEN_PATHS.add(where);
  }
  const limitMiB = inMemory
    ? undefined
    : Math.max(
        64,
        Math.floor(
          (options.memoryLimitBytes ?? DEFAULT_MEMORY_LIMIT_BYTES) /
            (1024 * 1024),
        ),
      );
  let instance: DuckDBInstance | undefined;
  let writer: DuckDBConnection | undefined;
  let log: IngestLog | undefined;
  let scratchDir: string | undefined;
  try {
    if (!inMemory) {
      await mkdir(where, { recursive: true });
    }
    instance = await DuckDBInstance.create(
      inMemory ? IN_MEMORY : join(where, DUCKDB_FILE_NAME),
      {
        checkpoint_threshold: CHECKPOINT_THRESHOLD,
        // Freed memory goes back to the system as the work goes on, not
        // only when the next burst reuses it.
        allocator_background_threads: 'true',
        allocator_flush_threshold: ALLOCATOR_FLUSH_THRESHOLD,
        ...(limitMiB === undefined ? {} : { memory_limit: `${limitMiB}MiB` }),
      },
    );
    writer = await instance.connect();
    const clock = options.nowMicros ?? SYSTEM_CLOCK;
    await ensureSchema(writer, where, clock);
    for (const sql of WRITER_TEMP_TABLES) {
      await writer.run(sql);
    }
    const resources = new ResourceCache();
    await resources.load(writer);
    const operations = new Map<string, number>();
    await loadOperationCache(writer, operations);
    scratchDir = inMemory
      ? await mkdtemp(join(tmpdir(), 'pathprof-load-'))
      : await cleanDir(join(where, LOAD_DIR));
    let pending: Awaited<ReturnType<typeof IngestLog.open>>['pending'] = [];
    if (!inMemory) {
      const opened = await IngestLog.open(
        join(where, INGEST_LOG_DIR),
        await readMovedSeq(writer),
      );
      log = opened.log;
      pending = opened.pending;
    }
    const readers = new ConnectionPool(instance, readConnections);
    const memoryLimit =
      limitMiB === undefined
        ? undefined
        : new DuckDbMemoryLimit(limitMiB, (body) => readers.use(body));
    const batchWriter = new DuckDbBatchWriter({
      target: { conn: writer, resources, operations, scratchDir },
      log,
      failedDir: inMemory ? undefined : join(where, INGEST_LOG_DIR, 'failed'),
      maxBacklogBytes: options.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES,
      maxGroupSpans: options.maxGroupSpans ?? DEFAULT_MAX_GROUP_SPANS,
      ...(memoryLimit === undefined
        ? {}
        : { onLoadError: () => memoryLimit.loadFailed() }),
    });
    // What was acknowledged and not loaded before the last stop: loaded
    // first; reads wait for it.
    batchWriter.replay(pending);
    const scratch = scratchDir;
    return new DuckDbSpanStore({
      instance,
      writer: batchWriter,
      writerConnection: writer,
      log,
      readers,
      resources,
      operations,
      inMemory,
      retentionMicros: options.retentionMicros,
      clock: options.nowMicros ?? SYSTEM_CLOCK,
      ...(memoryLimit === undefined
        ? {}
        : { memoryLimit, trimIdleMillis: TRIM_IDLE_MILLIS }),
      onClose: async () => {
        OPEN_PATHS.delete(where);
        if (inMemory) {
          await rm(scratch, { recursive: true, force: true });
        }
      },
    });
  } catch (err) {
    await log?.close().catch(() => undefined);
    writer?.closeSync();
    instance?.closeSync();
    if (inMemory && scratchDir !== undefined) {
      await rm(scratchDir, { recursive: true, force: true });
    }
    OPEN_PATHS.delete(where);
    throw toOpenError(err, where);
  }
}

/** Creates `dir`, emptied of files a crash may have left. */
async function cleanDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir)) {
    await rm(join(dir, name), { force: true, recursive: true });
  }
  return dir;
}
