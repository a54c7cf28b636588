import { createClient } from '@clickhouse/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, openSpanStore } from '../../src/index.js';
import type { SpanStore } from '../../src/index.js';
import type {
  IndexedTrace,
  PathIndexRun,
  PathStateOptions,
} from '@pathprof/model';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from './clickhouse-test-server.js';

const command = findClickHouseServer();
const OPTIONS: PathStateOptions = {
  exactLimit: 1024,
  sketchLog2Multiplier: 34.65620375188817,
  sketchMinIndexable: 1.135012422773875e-308,
  extremes: 2,
  madSample: 3,
  sampledTraces: 2,
  maxPaths: 100,
};

describe.skipIf(command === null)(
  'clickhouse database shared by collectors',
  () => {
    const server = new ClickHouseTestServer(command ?? []);
    const open: SpanStore[] = [];
    let n = 0;
    beforeAll(() => server.start(), 60_000);
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
    });
    afterAll(() => server.dispose(), 120_000);

    async function openOn(database: string): Promise<SpanStore> {
      const store = await openSpanStore({
        kind: 'clickhouse',
        url: server.url,
        database,
      });
      open.push(store);
      return store;
    }

    it('lets two stores on one database see each other’s spans, a re-sent span once', async () => {
      const database = `shared_${n++}`;
      const [one, two] = await Promise.all([
        openOn(database),
        openOn(database),
      ]);
      await one.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
      await two.appendSpans([
        span({ id: 'a', start: T0, dur: 10 }),
        span({ id: 'b', parent: 'a', start: T0 + 1, dur: 1 }),
      ]);
      expect(dumpTraces(await one.getTraces([tid('t1')]))).toEqual(['t1: a b']);
      expect(await two.searchTraces({ limit: 10 })).toEqual(
        await one.searchTraces({ limit: 10 }),
      );
    });

    it('lets two stores racing to index one window count its traces once', async () => {
      const database = `shared_${n++}`;
      const [one, two] = await Promise.all([
        openOn(database),
        openOn(database),
      ]);
      const window = { startMicros: T0, endMicros: T0 + 60_000_000 };
      const traces: IndexedTrace[] = ['a', 'b'].map((name, i) => ({
        traceId: tid(name),
        startMicros: T0 + 1 + i,
        spans: 2,
        hasHops: true,
        services: ['svc-a'],
        warningCodes: [],
      }));
      const run = (runId: string, finishedMicros: number): PathIndexRun => ({
        ...window,
        runId,
        spanCount: 4,
        traces: 2,
        records: 0,
        finishedMicros,
      });
      // Both collectors index the same window at the same time.
      await Promise.all([
        one.pathIndex!.appendIndexRows('aaaaaaaaaaaaaaaa', traces, []),
        two.pathIndex!.appendIndexRows('bbbbbbbbbbbbbbbb', traces, []),
      ]);
      await Promise.all([
        one.pathIndex!.finishIndexRuns([run('aaaaaaaaaaaaaaaa', 10)]),
        two.pathIndex!.finishIndexRuns([run('bbbbbbbbbbbbbbbb', 20)]),
      ]);
      for (const store of [one, two]) {
        const runs = await store.pathIndex!.listIndexRuns(window);
        expect(runs.map((r) => r.runId)).toEqual(['bbbbbbbbbbbbbbbb']);
        const states = await store.pathIndex!.readPathStates(
          runs.map((r) => r.runId),
          window,
          OPTIONS,
        );
        expect(states.totals.traces).toBe(2);
      }
      // Both runs hold the rows: reading them both would count twice.
      const both = await one.pathIndex!.readPathStates(
        ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb'],
        window,
        OPTIONS,
      );
      expect(both.totals.traces).toBe(4);
    });

    it('opens an existing database again without changing it', async () => {
      const database = `reopen_${n++}`;
      const first = await openOn(database);
      await first.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
      const again = await openOn(database);
      expect(dumpTraces(await again.getTraces([tid('t1')]))).toEqual(['t1: a']);
    });

    it('refuses a database written by a newer schema with PATHPROF_ERR_STORE_SCHEMA', async () => {
      const database = `newer_${n++}`;
      await openOn(database);
      const client = createClient({ url: server.url });
      await client.insert({
        table: `${database}.pathprof_schema`,
        values: [{ version: 99, applied_us: 0 }],
        format: 'JSONEachRow',
      });
      await client.close();
      await expect(openOn(database)).rejects.toSatisfy((err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_SCHEMA'),
      );
    });

    it('matches names and tag values holding quotes and backslashes literally', async () => {
      const store = await openOn(`quotes_${n++}`);
      const odd = "it's \\'; DROP TABLE spans; --\n";
      await store.appendSpans([
        span({
          id: 'a',
          service: odd,
          start: T0,
          dur: 1,
          attrs: { [odd]: odd },
        }),
      ]);
      const found = await store.searchTraces({
        service: odd,
        tags: { [odd]: odd },
        limit: 10,
      });
      expect(found.total).toBe(1);
      expect(await store.listServices()).toEqual([odd]);
    });

    it('refuses a database name that would need quoting', async () => {
      await expect(openOn('bad-name; DROP')).rejects.toSatisfy((err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_OPEN'),
      );
    });

    it('refuses a cluster missing from the server’s remote_servers', async () => {
      await expect(
        openSpanStore({
          kind: 'clickhouse',
          url: server.url,
          cluster: 'two_shards',
        }),
      ).rejects.toSatisfy((err) =>
        isStoreError(err, 'PATHPROF_ERR_STORE_OPEN'),
      );
    });
  },
);
