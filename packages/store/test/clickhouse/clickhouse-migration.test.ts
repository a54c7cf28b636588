/**
 * A database written by schema version 2 (before receive times and path
 * index v3), on one server and on a two-shard cluster, opened by this
 * version: its spans stay and count as received at the migration, so the
 * retention keeps them for its whole length from then; its path index is
 * made anew (the old run is gone, so the indexer runs its window again).
 */
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpanStore } from '../../src/index.js';
import { prepareBatch } from '../../src/internal/prepare-batch.js';
import { ensureSchema } from '../../src/clickhouse/schema.js';
import { toSpanRow } from '../../src/clickhouse/span-row.js';
import type { SpanRow } from '../../src/clickhouse/span-row.js';
import {
  createClusterLayout,
  SINGLE_SERVER_LAYOUT,
} from '../../src/clickhouse/table-layout.js';
import type { TableLayout } from '../../src/clickhouse/table-layout.js';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import { findClickHouseServer } from './clickhouse-test-server.js';

const command = findClickHouseServer();
const HOUR = 3_600_000_000;
const MIGRATED_AT = T0 + 365 * 24 * HOUR;

/** Version 2's tables on every server, holding one trace and a finished index run. */
async function writeVersion2(
  urls: readonly string[],
  database: string,
  layout: TableLayout,
): Promise<void> {
  const clients = urls.map((url) => createClient({ url }));
  try {
    for (const client of clients) {
      await ensureSchema(client, database, layout, () => T0, 2);
    }
    const entry: ClickHouseClient = clients[0]!;
    const prepared = prepareBatch(
      [
        span({ id: 'a', start: T0, dur: 10 }),
        span({ id: 'b', parent: 'a', start: T0 + 1, dur: 2 }),
      ],
      T0,
    );
    await entry.insert({
      table: `${database}.spans`,
      // version 2's spans have no receive time
      values: prepared.spans.map((s, i) => {
        const row: Partial<SpanRow> = toSpanRow(s, i + 1);
        delete row.received_us;
        return row;
      }),
      format: 'JSONEachRow',
      clickhouse_settings: { insert_distributed_sync: 1 },
    });
    await entry.insert({
      table: `${database}.path_index_runs`,
      values: [
        {
          window_start_us: T0,
          window_end_us: T0 + HOUR,
          run_id: '0123456789abcdef',
          span_count: 2,
          traces: 1,
          records: 1,
          finished_us: T0 + HOUR,
        },
      ],
      format: 'JSONEachRow',
      clickhouse_settings: { insert_distributed_sync: 1 },
    });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

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
      await writeVersion2(c.urls(), c.database, c.layout);
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
        expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual([
          't1: a b',
        ]);
        expect(
          await store.pathIndex!.listIndexRuns({
            startMicros: 0,
            endMicros: T0 + HOUR,
          }),
        ).toEqual([]);
        // received at the migration: kept for the retention, then deleted
        expect(await store.applyRetention(MIGRATED_AT + HOUR)).toEqual({
          traces: 0,
          spans: 0,
        });
        expect(await store.applyRetention(MIGRATED_AT + HOUR + 1)).toEqual({
          traces: 1,
          spans: 2,
        });
        expect(await store.getTraces([tid('t1')])).toEqual([]);
      } finally {
        await store.close();
      }
    }, 60_000);
  }
});
