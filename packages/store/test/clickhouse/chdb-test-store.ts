/**
 * The ClickHouse adapter opened on chDB: what `openClickHouseStore` does on
 * one server (the schema through `ensureSchema`, then the store over a
 * client), with clients from `createChdbClient`. Each store has a database of
 * its own, dropped when it closes: the engine lives as long as the test
 * file, and the tables of a hundred stores left behind slow every later
 * statement down.
 */
import type { Micros } from '@pathprof/model';
import type { SpanStore } from '../../src/index.js';
import { ClickHouseSpanStore } from '../../src/clickhouse/clickhouse-span-store.js';
import type { ClickHouseStoreParts } from '../../src/clickhouse/clickhouse-span-store.js';
import { ensureSchema } from '../../src/clickhouse/schema.js';
import { SINGLE_SERVER_LAYOUT } from '../../src/clickhouse/table-layout.js';
import { SYSTEM_CLOCK } from '../../src/internal/check-args.js';
import type { ContractStoreOptions } from '../contract/span-store-contract.js';
import { createChdbClient } from './chdb-client.js';

let n = 0;

/** A store on a new database, or on `database` as it is (migrated first). */
export async function openChdbStore(
  dataDir: string,
  options: ContractStoreOptions = {},
  database = `chdb_${process.pid}_${n++}`,
): Promise<SpanStore> {
  const clock =
    (options.nowMicros as (() => Micros) | undefined) ?? SYSTEM_CLOCK;
  const setup = createChdbClient(dataDir);
  try {
    await ensureSchema(setup, database, SINGLE_SERVER_LAYOUT, clock);
  } finally {
    await setup.close();
  }
  return new ChdbSpanStore(dataDir, {
    client: createChdbClient(dataDir, database),
    shards: [],
    shardInserts: undefined,
    layout: SINGLE_SERVER_LAYOUT,
    database,
    server: 'chDB',
    retentionMicros: options.retentionMicros as Micros | undefined,
    clock,
    retry: { attempts: 1, delayMillis: 0 },
    maxBatchSpans: 50_000,
    maxQueuedSpans: 500_000,
    maxInsertsInFlight: 2,
  });
}

class ChdbSpanStore extends ClickHouseSpanStore {
  readonly #dataDir: string;
  readonly #database: string;

  constructor(dataDir: string, parts: ClickHouseStoreParts) {
    super(parts);
    this.#dataDir = dataDir;
    this.#database = parts.database;
  }

  override async close(): Promise<void> {
    await super.close();
    const client = createChdbClient(this.#dataDir);
    try {
      await client.command({
        query: `DROP DATABASE IF EXISTS ${this.#database} SYNC`,
      });
    } finally {
      await client.close();
    }
  }
}
