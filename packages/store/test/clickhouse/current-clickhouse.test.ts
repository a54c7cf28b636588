/**
 * The ClickHouse adapter on a current ClickHouse: the 26.x engine of the npm
 * `chdb` package, in this process, where the other ClickHouse tests run
 * Debian's 18.16 server. Everything goes through the adapter's own code —
 * `ensureSchema` and its migrations, the write queue's RowBinary INSERTs
 * (`encodeSpanBatch`), the trace reads and the path index's SQL — over the
 * official client (see `chdb-client.ts` for what the connection adapts).
 * The whole contract runs too, on request (`clickhouse-chdb-contract.test.ts`);
 * here the parts that cover the insert format, trace reads, search and the
 * path index, within a minute (docs/clickhouse.md, "Which ClickHouse").
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSchema, SCHEMA_VERSION } from '../../src/clickhouse/schema.js';
import { SINGLE_SERVER_LAYOUT } from '../../src/clickhouse/table-layout.js';
import { describeSpanStoreContract } from '../contract/span-store-contract.js';
import { T0 } from '../helpers.js';
import { loadChdb, createChdbClient } from './chdb-client.js';
import { openChdbStore } from './chdb-test-store.js';
import {
  expectRacedColumnTakenAsAdded,
  writeVersion2,
} from './migration-cases.js';
import { expectMigratedStore, HOUR } from '../migrated-store.js';

const MIGRATED_AT = T0 + 365 * 24 * HOUR;

const available = await loadChdb();
if (!available) {
  console.warn(
    'chDB’s native engine does not load on this platform: the current-ClickHouse tests are skipped',
  );
}

describe.skipIf(!available)(
  'ClickHouse adapter on chDB (ClickHouse 26.x)',
  () => {
    let dataDir = '';
    beforeAll(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'pathprof-chdb-'));
    });
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }), 60_000);

    it('runs a current ClickHouse', async () => {
      const client = createChdbClient(dataDir);
      try {
        const result = await client.query({
          query: 'SELECT version() AS version',
          format: 'JSONEachRow',
        });
        const [row] = await result.json<{ version: string }>();
        expect(Number(row!.version.split('.')[0])).toBeGreaterThanOrEqual(26);
      } finally {
        await client.close();
      }
    });

    it('applies the migrations one version at a time, as an upgrade from each older pathprof does', async () => {
      const client = createChdbClient(dataDir);
      const database = 'chdb_migrations';
      try {
        for (let version = 1; version <= SCHEMA_VERSION; version++) {
          await ensureSchema(
            client,
            database,
            SINGLE_SERVER_LAYOUT,
            () => T0,
            version,
          );
        }
        const versions = await client.query({
          query: `SELECT version FROM ${database}.pathprof_schema ORDER BY version`,
          format: 'JSONEachRow',
        });
        expect(
          (await versions.json<{ version: number }>()).map((r) => r.version),
        ).toEqual([1, 2, 3, 4]);
        const columns = await client.query({
          query: `SELECT name, type, default_expression FROM system.columns
          WHERE database = '${database}' AND table = 'spans' AND name = 'received_us'`,
          format: 'JSONEachRow',
        });
        expect(await columns.json()).toEqual([
          {
            name: 'received_us',
            type: 'UInt64',
            default_expression: String(T0),
          },
        ]);
        const tables = await client.query({
          query: `SELECT name FROM system.tables WHERE database = '${database}' ORDER BY name`,
          format: 'JSONEachRow',
        });
        expect(
          (await tables.json<{ name: string }>()).map((r) => r.name),
        ).toEqual([
          'path_index_runs',
          'path_records',
          'path_rollups',
          'path_traces',
          'pathprof_schema',
          'spans',
          'trace_received',
          'trace_received_mv',
          'trace_times',
          'trace_times_mv',
        ]);
      } finally {
        await client.command({
          query: `DROP DATABASE IF EXISTS ${database} SYNC`,
        });
        await client.close();
      }
    });

    it("keeps a version 2 database's spans as received at the migration, and makes its path index anew", async () => {
      const database = 'chdb_version2';
      const client = createChdbClient(dataDir);
      try {
        await writeVersion2([client], database, SINGLE_SERVER_LAYOUT);
      } finally {
        await client.close();
      }
      const store = await openChdbStore(
        dataDir,
        { retentionMicros: HOUR, nowMicros: () => MIGRATED_AT },
        database,
      );
      try {
        await expectMigratedStore(store, MIGRATED_AT);
      } finally {
        await store.close();
      }
    });

    it('takes a column that another collector added first as added (26.x reports DUPLICATE_COLUMN, 18.16 ILLEGAL_COLUMN)', async () => {
      const client = createChdbClient(dataDir);
      const database = 'chdb_racing_migration';
      try {
        await expectRacedColumnTakenAsAdded(client, database);
      } finally {
        await client.command({
          query: `DROP DATABASE IF EXISTS ${database} SYNC`,
        });
        await client.close();
      }
    });

    describeSpanStoreContract(
      'clickhouse on chDB',
      (options) => openChdbStore(dataDir, options),
      ['append', 'getTraces', 'searchPage', 'pathIndex', 'pathDrilldown'],
    );
  },
);
