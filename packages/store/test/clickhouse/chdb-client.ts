/**
 * The official client over a current ClickHouse engine embedded in this
 * process (chDB, the npm `chdb` package), so the adapter's own code — schema
 * migrations, RowBinary inserts, reads and the path index — runs unchanged
 * on a release other than the 18.16 server of the other tests.
 *
 * chDB plugs into `createClient({ connection })`. Three things its connection
 * does not do the way the HTTP interface does, which this wrapper supplies:
 * - the client's `database` (each client here gets its own chDB session, set
 *   to it with `USE`);
 * - the client's error class: chDB raises its own copy of `ClickHouseError`,
 *   which the adapter's `instanceof` checks (error codes) would not know;
 * - binary request bodies: chDB's `exec` turns the body into text, which
 *   breaks RowBinary. An `INSERT … FORMAT RowBinary` with a body is run
 *   instead as `INSERT … FROM INFILE '<file>' FORMAT RowBinary` over a file
 *   holding exactly the bytes the adapter sent: same statement, same bytes,
 *   parsed by the engine's RowBinary reader.
 *
 * chDB binds one data directory per process: every client of a test file
 * shares `dataDir`. The engine is loaded by `loadChdb` only, so that a file
 * whose tests are skipped neither loads it nor fails where it cannot load.
 */
import { randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ClickHouseError,
  ClickHouseLogLevel,
  createClient,
} from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import type * as ChdbConnectionModule from 'chdb/connection';

/** The client's connection interface (chDB types it from its own copy of the same). */
type Connection = NonNullable<
  NonNullable<Parameters<typeof createClient>[0]>['connection']
>;

const ROW_BINARY_INSERT = /^(INSERT INTO .*) FORMAT RowBinary$/s;

let chdb: typeof ChdbConnectionModule | undefined;

/**
 * Loads chDB's engine; false where it does not load (it ships for Linux and
 * macOS, x64 and arm64).
 */
export async function loadChdb(): Promise<boolean> {
  try {
    chdb ??= await import('chdb/connection');
    return true;
  } catch {
    return false;
  }
}

/** A client on the embedded engine (loaded first), with `database` as its current database if given. */
export function createChdbClient(
  dataDir: string,
  database?: string,
): ClickHouseClient {
  if (chdb === undefined) {
    throw new Error('chDB is not loaded: call loadChdb() first');
  }
  return createClient({
    // The client insists on a URL; nothing is sent to it.
    url: 'http://127.0.0.1:1',
    log: { level: ClickHouseLogLevel.OFF },
    connection: new ChdbTestConnection(
      chdb.createChdbConnection({ path: dataDir }) as unknown as Connection,
      dataDir,
      database,
    ),
  });
}

class ChdbTestConnection implements Connection {
  readonly #inner: Connection;
  readonly #dataDir: string;
  #ready: Promise<unknown> | undefined;
  readonly #database: string | undefined;

  constructor(inner: Connection, dataDir: string, database?: string) {
    this.#inner = inner;
    this.#dataDir = dataDir;
    this.#database = database;
  }

  /** `USE` the client's database once, before its first statement. */
  async #use(): Promise<void> {
    if (this.#database !== undefined) {
      this.#ready ??= this.#inner.command({ query: `USE ${this.#database}` });
      await this.#ready;
    }
  }

  async ping(params: Parameters<Connection['ping']>[0]) {
    return this.#inner.ping(params);
  }

  async query(params: Parameters<Connection['query']>[0]) {
    await this.#use();
    return asClientError(this.#inner.query(params));
  }

  async insert(params: Parameters<Connection['insert']>[0]) {
    await this.#use();
    return asClientError(this.#inner.insert(params));
  }

  async command(params: Parameters<Connection['command']>[0]) {
    await this.#use();
    return asClientError(this.#inner.command(params));
  }

  async exec(params: Parameters<Connection['exec']>[0]) {
    await this.#use();
    const insert = ROW_BINARY_INSERT.exec(params.query.trim());
    if (params.values === undefined || insert === null) {
      return asClientError(this.#inner.exec(params));
    }
    const chunks: Buffer[] = [];
    for await (const chunk of params.values) {
      chunks.push(Buffer.from(chunk as Uint8Array));
    }
    const file = join(this.#dataDir, `insert-${randomUUID()}.bin`);
    writeFileSync(file, Buffer.concat(chunks));
    try {
      return await asClientError(
        this.#inner.exec({
          ...params,
          values: undefined,
          query: `${insert[1]} FROM INFILE '${file}' FORMAT RowBinary`,
        }),
      );
    } finally {
      rmSync(file, { force: true });
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/** Rejects with the client's `ClickHouseError` where chDB rejects with its own copy of it. */
async function asClientError<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (err) {
    const { code, type } = err as { code?: unknown; type?: unknown };
    if (
      err instanceof Error &&
      !(err instanceof ClickHouseError) &&
      typeof code === 'string' &&
      /^\d+$/.test(code)
    ) {
      const mapped = new ClickHouseError({
        message: err.message,
        code,
        type: typeof type === 'string' ? type : undefined,
      });
      mapped.cause = err;
      throw mapped;
    }
    throw err;
  }
}
