/**
 * A database written by schema version 2, on one server and on a two-shard
 * cluster, opened by this version (`migration-cases.ts`).
 */
import { createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { openSpanStore } from '../../src/index.js';
import {
  createClusterLayout,
  SINGLE_SERVER_LAYOUT,
} from '../../src/clickhouse/table-layout.js';
import { T0 } from '../helpers.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import { findClickHouseServer } from './clickhouse-test-server.js';
import {
  expectRacedColumnTakenAsAdded,
  writeVersion2,
} from './migration-cases.js';
import { expectMigratedStore, HOUR } from '../migrated-store.js';

const command = findClickHouseServer();
const MIGRATED_AT = T0 + 365 * 24 * HOUR;

describe.skipIf(command === null)('clickhouse schema migration', () => {
  const cluster = new ClickHouseTestCluster(command ?? []);
  beforeAll(() => cluster.start(), 60_000);
  afterAll(() => cluster.dispose(), 120_000);

  const cases = [
    {
      name: 'one server',
      database: 'migrate_single',
      urls: () => cluster.shardUrls.slice(0, 1),
      layout: SINGLE_SERVER_LAYOUT,
      cluster: undefined,
    },
    {
      name: 'two-shard cluster',
      database: 'migrate_cluster',
      urls: () => cluster.shardUrls,
      layout: createClusterLayout(TEST_CLUSTER),
      cluster: TEST_CLUSTER,
    },
  ];
  for (const c of cases) {
    it(`keeps a version 2 database's spans as received at the migration, and makes its path index anew (${c.name})`, async () => {
      const clients = c.urls().map((url) => createClient({ url }));
      try {
        await writeVersion2(clients, c.database, c.layout);
      } finally {
        await Promise.all(clients.map((client) => client.close()));
      }
      const store = await openSpanStore({
        kind: 'clickhouse',
        url: c.urls()[0]!,
        database: c.database,
        retentionMicros: HOUR,
        nowMicros: () => MIGRATED_AT,
        ...(c.cluster === undefined
          ? {}
          : { cluster: c.cluster, shardUrls: c.urls() }),
      });
      try {
        await expectMigratedStore(store, MIGRATED_AT);
      } finally {
        await store.close();
      }
    }, 60_000);
  }

  it('takes a column that another collector added first as added', async () => {
    const client = createClient({ url: cluster.shardUrls[0]! });
    try {
      await expectRacedColumnTakenAsAdded(client, 'migrate_raced');
    } finally {
      await client.close();
    }
  });
});
