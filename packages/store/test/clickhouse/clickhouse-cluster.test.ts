import { createClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, openSpanStore } from '../../src/index.js';
import type { SpanStore } from '../../src/index.js';
import { span, T0 } from '../helpers.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import { findClickHouseServer } from './clickhouse-test-server.js';

const command = findClickHouseServer();
const TRACES = 40;

/** Two spans in each of `TRACES` traces, one second apart. */
function manyTraces(): ReturnType<typeof span>[] {
  return Array.from({ length: TRACES }, (_, i) => [
    span({ trace: `t${i}`, id: 'root', start: T0 + i * 1e6, dur: 100 }),
    span({
      trace: `t${i}`,
      id: 'child',
      parent: 'root',
      service: 'svc-b',
      start: T0 + i * 1e6 + 10,
      dur: 50,
    }),
  ]).flat();
}

describe.skipIf(command === null)('clickhouse cluster of two shards', () => {
  const cluster = new ClickHouseTestCluster(command ?? []);
  const open: SpanStore[] = [];
  let n = 0;
  beforeAll(() => cluster.start(), 60_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => cluster.dispose(), 120_000);

  async function openVia(
    shard: number,
    database: string,
    sharded = true,
  ): Promise<SpanStore> {
    const store = await openSpanStore({
      kind: 'clickhouse',
      url: cluster.shardUrls[shard]!,
      database,
      ...(sharded
        ? { cluster: TEST_CLUSTER, shardUrls: cluster.shardUrls }
        : {}),
    });
    open.push(store);
    return store;
  }

  /** Rows of `table` on each shard's server, and trace ids on more than one. */
  async function countPerShard(
    database: string,
    table: string,
  ): Promise<{ rows: number[]; traceIds: string[][] }> {
    const rows: number[] = [];
    const traceIds: string[][] = [];
    for (const url of cluster.shardUrls) {
      const client = createClient({ url, database });
      const result = await client.query({
        query: `SELECT DISTINCT trace_id FROM ${table}`,
        format: 'JSONEachRow',
      });
      const ids = (await result.json<{ trace_id: string }>())
        .map((r) => r.trace_id)
        .sort();
      const counted = await client.query({
        query: `SELECT count() AS n FROM ${table}`,
        format: 'JSONEachRow',
      });
      const [row] = await counted.json<{ n: string }>();
      rows.push(Number(row?.n ?? 0));
      traceIds.push(ids);
      await client.close();
    }
    return { rows, traceIds };
  }

  it('spreads traces over both shards, each trace whole on one', async () => {
    const database = `spread_${n++}`;
    const store = await openVia(0, database);
    await store.appendSpans(manyTraces());
    const { rows, traceIds } = await countPerShard(database, 'spans_local');
    expect(rows.every((r) => r > 0)).toBe(true);
    expect(rows[0]! + rows[1]!).toBe(TRACES * 2);
    const [one = [], two = []] = traceIds;
    expect(one.filter((id) => two.includes(id))).toEqual([]);
    const times = await countPerShard(database, 'trace_times_local');
    expect(times.traceIds).toEqual(traceIds);
  });

  it('answers the same through either shard', async () => {
    const database = `agree_${n++}`;
    const first = await openVia(0, database);
    const second = await openVia(1, database);
    await first.appendSpans(manyTraces().slice(0, TRACES));
    await second.appendSpans(manyTraces().slice(TRACES));
    const query = { service: 'svc-b', limit: 15, offset: 5 };
    const [a, b] = await Promise.all([
      first.searchTraces(query),
      second.searchTraces(query),
    ]);
    expect(a.total).toBe(TRACES);
    expect(b).toEqual(a);
    expect(await second.listServices()).toEqual(await first.listServices());
    expect(await second.getDependencies(T0 + 1e9, 1e9)).toEqual(
      await first.getDependencies(T0 + 1e9, 1e9),
    );
  });

  it('deletes old traces on every shard', async () => {
    const database = `retention_${n++}`;
    const store = await openVia(1, database);
    await store.appendSpans(manyTraces());
    const cutoff = T0 + (TRACES / 2) * 1e6;
    expect(await store.deleteOlderThan(cutoff)).toEqual({
      traces: TRACES / 2,
      spans: TRACES,
    });
    const { rows } = await countPerShard(database, 'spans_local');
    expect(rows[0]! + rows[1]!).toBe(TRACES);
    expect((await store.searchTraces({ limit: 100 })).total).toBe(TRACES / 2);
  });

  it('refuses shard URLs that reach one server twice', async () => {
    const url = cluster.shardUrls[0]!;
    await expect(
      openSpanStore({
        kind: 'clickhouse',
        url,
        database: `twice_${n++}`,
        cluster: TEST_CLUSTER,
        shardUrls: [url, url],
      }),
    ).rejects.toSatisfy(
      (err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_OPEN') &&
        err.message.includes('are both shard 1'),
    );
  });

  it('refuses derived shard URLs when the shards listen on other HTTP ports', async () => {
    // Without shardUrls each shard's URL is the entry's with the shard's
    // host: here 127.0.0.1 and the first server's port, for both shards.
    await expect(
      openSpanStore({
        kind: 'clickhouse',
        url: cluster.shardUrls[0]!,
        database: `derived_${n++}`,
        cluster: TEST_CLUSTER,
      }),
    ).rejects.toSatisfy((err) => isStoreError(err, 'PATHPROF_ERR_STORE_OPEN'));
  });

  it('refuses to shard a database that holds unsharded tables', async () => {
    const database = `unsharded_${n++}`;
    await openVia(0, database, false);
    await expect(openVia(0, database)).rejects.toSatisfy((err) =>
      isStoreError(err, 'PATHPROF_ERR_STORE_SCHEMA'),
    );
  });

  it('refuses to open a sharded database without the cluster', async () => {
    const database = `sharded_${n++}`;
    await openVia(0, database);
    await expect(openVia(1, database, false)).rejects.toSatisfy(
      (err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_SCHEMA') &&
        err.message.includes(`--clickhouse-cluster ${TEST_CLUSTER}`),
    );
  });
});
