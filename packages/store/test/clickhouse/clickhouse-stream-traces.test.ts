/**
 * The ClickHouse adapter's streamTraces over many pages and time slices, on
 * one server and on a two-shard cluster, compared with the memory adapter.
 */
import type { Span } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SpanStore, StreamTracesOptions } from '../../src/index.js';
import { createMemoryStore, openSpanStore } from '../../src/index.js';
import { dumpTraces, span, T0 } from '../helpers.js';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from './clickhouse-test-cluster.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from './clickhouse-test-server.js';

const command = findClickHouseServer();
const WINDOW = { startMicros: T0 + 100, endMicros: T0 + 20_000_000 };

/** A repeatable pseudo-random integer in [0, n). */
function createRandom(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
}

/**
 * About 1 200 traces, first and later spans appended apart (so `trace_times`
 * holds several unmerged rows per trace):
 *
 *   T0      T0+100 (window start)                 T0+10s (after a gap)
 *   |  t0…  |  t…: 3 traces per start, children up  | t…: a burst of 20
 *   |       |  to 2 ms later (across many slices);  | traces at one µs
 *   |       |  some get a span appended later that  |
 *   |       |  starts before their root, a few of   |
 *   |       |  them before the window start         |
 */
function buildTraces(): { roots: Span[]; later: Span[] } {
  const random = createRandom(7);
  const roots: Span[] = [];
  const later: Span[] = [];
  for (let i = 0; i < 1_200; i++) {
    const trace = `t${i}`;
    const start =
      i < 1_180 ? T0 + Math.floor(i / 3) * 5 : T0 + 10_000_000 + 1_000;
    roots.push(span({ trace, id: 'r', start, dur: 10 }));
    for (let c = 0; c < random(3); c++) {
      later.push(
        span({
          trace,
          id: `c${c}`,
          parent: 'r',
          service: c === 1 ? 'back' : 'svc-a',
          start: start + random(2_000),
          dur: 1 + random(500),
        }),
      );
    }
    if (random(10) === 0) {
      later.push(
        span({
          trace,
          id: 'e',
          parent: 'r',
          start: start - random(300),
          dur: 1,
        }),
      );
    }
  }
  return { roots, later };
}

async function collect(
  store: SpanStore,
  options?: StreamTracesOptions,
): Promise<string[]> {
  const out: string[] = [];
  for await (const trace of store.streamTraces(WINDOW, options)) {
    out.push(...dumpTraces([trace]));
  }
  return out;
}

function describeStreaming(
  name: string,
  open: (database: string) => Promise<SpanStore>,
): void {
  describe(name, () => {
    const memory = createMemoryStore();
    let store: SpanStore;
    beforeAll(async () => {
      store = await open(`stream_${process.pid}`);
      const { roots, later } = buildTraces();
      for (const spans of [roots, later]) {
        await store.appendSpans(spans);
        await memory.appendSpans(spans);
      }
    }, 60_000);
    afterAll(async () => {
      await store.close();
      await memory.close();
    });

    it.each([50, 7, 1_000])(
      'yields the same traces in the same order as the memory store with pages of %i',
      async (pageSize) => {
        const expected = await collect(memory);
        expect(expected.length).toBeGreaterThan(1_000);
        expect(await collect(store, { pageSize })).toEqual(expected);
      },
      60_000,
    );

    it('keeps the same traces of a service across pages', async () => {
      const expected = await collect(memory, { service: 'back' });
      expect(expected.length).toBeGreaterThan(100);
      expect(await collect(store, { service: 'back', pageSize: 30 })).toEqual(
        expected,
      );
    }, 60_000);
  });
}

describe.skipIf(command === null)('ClickHouse streamTraces', () => {
  const server = new ClickHouseTestServer(command ?? []);
  const cluster = new ClickHouseTestCluster(command ?? []);
  beforeAll(() => Promise.all([server.start(), cluster.start()]), 60_000);
  afterAll(() => Promise.all([server.dispose(), cluster.dispose()]), 120_000);

  describeStreaming('on one server', (database) =>
    openSpanStore({ kind: 'clickhouse', url: server.url, database }),
  );
  describeStreaming('on a two-shard cluster', (database) =>
    openSpanStore({
      kind: 'clickhouse',
      url: cluster.shardUrls[1]!,
      database,
      cluster: TEST_CLUSTER,
      shardUrls: cluster.shardUrls,
    }),
  );
});
