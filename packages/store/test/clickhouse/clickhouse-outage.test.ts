import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, openSpanStore } from '../../src/index.js';
import type { SpanStore } from '../../src/index.js';
import { openClickHouseStore } from '../../src/clickhouse/open-clickhouse-store.js';
import { dumpTraces, span, T0, tid } from '../helpers.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from './clickhouse-test-server.js';

const command = findClickHouseServer();

describe.skipIf(command === null)('clickhouse outage and recovery', () => {
  const server = new ClickHouseTestServer(command ?? []);
  const open: SpanStore[] = [];
  let n = 0;
  beforeAll(() => server.start(), 60_000);
  afterEach(async () => {
    await server.start().catch(() => undefined);
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(() => server.dispose(), 120_000);

  async function fresh(attempts = 1): Promise<SpanStore> {
    const store = await openClickHouseStore({
      url: server.url,
      database: `outage_${n++}`,
      insertAttempts: attempts,
      retryDelayMillis: 100,
    });
    open.push(store);
    return store;
  }

  it('refuses to open with PATHPROF_ERR_STORE_OPEN naming the unreachable server', async () => {
    await server.stop();
    const opening = openSpanStore({ kind: 'clickhouse', url: server.url });
    await expect(opening).rejects.toSatisfy((err) =>
      isStoreError(err, 'PATHPROF_ERR_STORE_OPEN'),
    );
    await expect(opening).rejects.toThrow(
      /ClickHouse at http:\/\/127\.0\.0\.1:\d+ is unreachable/,
    );
  });

  it('rejects appends and reads with a clear StoreError while ClickHouse is down, and serves again once it is back', async () => {
    const store = await fresh();
    await store.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
    await server.stop();

    const append = store.appendSpans([
      span({ id: 'b', parent: 'a', start: T0 + 1, dur: 1 }),
    ]);
    await expect(append).rejects.toSatisfy((err) =>
      isStoreError(err, 'PATHPROF_ERR_STORE_WRITE'),
    );
    await expect(append).rejects.toThrow(
      /unreachable.*nothing of it was stored/,
    );
    await expect(store.listServices()).rejects.toSatisfy((err) =>
      isStoreError(err, 'PATHPROF_ERR_STORE_READ'),
    );

    await server.start();
    await store.appendSpans([
      span({ id: 'c', parent: 'a', start: T0 + 2, dur: 1 }),
    ]);
    expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a c']);
  });

  it('acknowledges an append retried across a restart only once ClickHouse has stored it', async () => {
    const store = await fresh(10);
    await store.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
    await server.stop();
    const append = store.appendSpans([
      span({ id: 'b', parent: 'a', start: T0 + 1, dur: 1 }),
    ]);
    await server.start();
    await expect(append).resolves.toMatchObject({ stored: 1 });
    expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a b']);
  });

  it('keeps acknowledged spans when the server is killed right after', async () => {
    const store = await fresh();
    await store.appendSpans([span({ id: 'a', start: T0, dur: 10 })]);
    await server.kill();
    await server.start();
    expect(dumpTraces(await store.getTraces([tid('t1')]))).toEqual(['t1: a']);
  });
});
