/**
 * Shard inserts (`shardInserts`): a collector that splits appends by shard
 * and writes each trace's rows into its shard's `spans_local` must place
 * every trace where an INSERT through the `Distributed` table places it, so
 * that reads through the cluster stay exact. Checked on a cluster whose two
 * shards have weights 1 and 2 (three slots), against the placement
 * ClickHouse itself chose for the same traces in another database.
 */
import { createClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TraceId } from '@pathprof/model';
import { isStoreError, openSpanStore } from '../../src/index.js';
import type { SpanStore } from '../../src/index.js';
import { span, T0 } from '../helpers.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import { findClickHouseServer } from './clickhouse-test-server.js';

const command = findClickHouseServer();
const TRACES = 120;

/** Three spans in each of `TRACES` traces, the traces' spans interleaved. */
function interleavedTraces(): ReturnType<typeof span>[] {
  const byTrace = Array.from({ length: TRACES }, (_, i) => [
    span({ trace: `t${i}`, id: 'root', start: T0 + i * 1e6, dur: 100 }),
    span({
      trace: `t${i}`,
      id: 'child',
      parent: 'root',
      service: 'svc-b',
      start: T0 + i * 1e6 + 10,
      dur: 50,
    }),
    span({
      trace: `t${i}`,
      id: 'grandchild',
      parent: 'child',
      service: 'svc-c',
      start: T0 + i * 1e6 + 20,
      dur: 20,
    }),
  ]);
  // Runs of one trace and single spans of alternating traces, so that a
  // batch splits into many pieces.
  return [0, 1, 2].flatMap((k) =>
    byTrace.flatMap((spans, i) =>
      i % 3 === 0 ? (k === 0 ? spans : []) : [spans[k]!],
    ),
  );
}

describe.skipIf(command === null)(
  'clickhouse shard inserts on a cluster of two shards weighted 1 and 2',
  () => {
    const cluster = new ClickHouseTestCluster(command ?? [], 2, [1, 2]);
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
      shardInserts: boolean,
    ): Promise<SpanStore> {
      const store = await openSpanStore({
        kind: 'clickhouse',
        url: cluster.shardUrls[shard]!,
        database,
        cluster: TEST_CLUSTER,
        shardUrls: cluster.shardUrls,
        shardInserts,
      });
      open.push(store);
      return store;
    }

    /** The trace ids in `table` on each shard's server, sorted. */
    async function traceIdsPerShard(
      database: string,
      table: string,
    ): Promise<string[][]> {
      const out: string[][] = [];
      for (const url of cluster.shardUrls) {
        const client = createClient({ url, database });
        try {
          const result = await client.query({
            query: `SELECT DISTINCT trace_id FROM ${table} ORDER BY trace_id`,
            format: 'JSONEachRow',
          });
          out.push(
            (await result.json<{ trace_id: string }>()).map((r) => r.trace_id),
          );
        } finally {
          await client.close();
        }
      }
      return out;
    }

    it('puts each trace on the shard the Distributed table puts it on', async () => {
      const viaCluster = `distributed_${n++}`;
      const direct = `direct_${n++}`;
      const spans = interleavedTraces();
      await (await openVia(0, viaCluster, false)).appendSpans(spans);
      const store = await openVia(1, direct, true);
      // Two appends, so that one INSERT per shard carries several batches' rows.
      await Promise.all([
        store.appendSpans(spans.slice(0, 150)),
        store.appendSpans(spans.slice(150)),
      ]);
      const chosen = await traceIdsPerShard(viaCluster, 'spans_local');
      expect(chosen.every((ids) => ids.length > 0)).toBe(true);
      expect(chosen[0]!.length + chosen[1]!.length).toBe(TRACES);
      expect(await traceIdsPerShard(direct, 'spans_local')).toEqual(chosen);
      // The shards' views filled their trace tables from their own rows.
      expect(await traceIdsPerShard(direct, 'trace_times_local')).toEqual(
        chosen,
      );
    });

    it('answers queries through the cluster with every span', async () => {
      const database = `read_${n++}`;
      const store = await openVia(0, database, true);
      const spans = interleavedTraces();
      await store.appendSpans(spans);
      const found = await store.searchTraces({ limit: 1000 });
      expect(found.total).toBe(TRACES);
      const ids = [...new Set(spans.map((s) => s.traceId))] as TraceId[];
      const traces = await store.getTraces(ids);
      expect(traces).toHaveLength(TRACES);
      expect(traces.reduce((k, t) => k + t.spans.length, 0)).toBe(spans.length);
      const svcC = await store.searchTraces({ service: 'svc-c', limit: 1000 });
      expect(svcC.total).toBe(TRACES);
      // A second collector entering at the other shard reads the same.
      const other = await openVia(1, database, false);
      expect(await other.searchTraces({ limit: 1000 })).toEqual(found);
    });

    it('refuses shard inserts without a cluster', async () => {
      await expect(
        openSpanStore({
          kind: 'clickhouse',
          url: cluster.shardUrls[0]!,
          database: `alone_${n++}`,
          shardInserts: true,
        }),
      ).rejects.toSatisfy(
        (err) =>
          isStoreError(err, 'PATHPROF_ERR_STORE_OPEN') &&
          err.message.includes('cluster'),
      );
    });
  },
);
