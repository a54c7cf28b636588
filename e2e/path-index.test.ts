/**
 * The path index against the engine: the same traces (seed-shaped ones, and
 * checkout traces with repeated calls of a path, a fan-out and errors charged
 * from proxies and local spans) profiled by
 * the engine directly, and indexed (the engine's rows), aggregated by a store
 * (the memory adapter's reference aggregate; DuckDB's SQL; ClickHouse's SQL
 * on one server and on a two-shard cluster) and restored into the profiler, give the same
 * report — counts and moments to rounding, quantiles exactly while exact and
 * within the sketch's bound past 1 024 values, the same exemplars and
 * anomalies. A window split between the index and a live pass merges to the
 * same report too.
 */
import { createPathStateOptions, PathProfiler } from '@pathprof/engine';
import type { AnalysisReport } from '@pathprof/model';
import type { PathIndex, SpanStore } from '@pathprof/store';
import { createMemoryStore, openSpanStore } from '@pathprof/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClickHouseTestCluster,
  TEST_CLUSTER,
} from '../packages/store/test/clickhouse/clickhouse-test-cluster.js';
import {
  ClickHouseTestServer,
  findClickHouseServer,
} from '../packages/store/test/clickhouse/clickhouse-test-server.js';
import { checkoutTraces } from './checkout-traces.js';
import type { DecodedTrace } from './path-index-helpers.js';
import {
  directReport,
  expectSameReport,
  indexRows,
  seedTraces,
} from './path-index-helpers.js';

const command = findClickHouseServer();
const T0 = 1_750_000_000_000_000;
/** Enough for the most frequent paths to pass the 1 024 exact values. */
const TRACES = seedTraces(6_000, T0);
const WINDOW = { startMicros: T0, endMicros: T0 + 3_600_000_000 };
const RUN = '0123456789abcdef';
/** Checkout traces, two hours later, indexed by another run. */
const T1 = T0 + 7_200_000_000;
const CHECKOUT = checkoutTraces(1_500, T1);
const CHECKOUT_WINDOW = { startMicros: T1, endMicros: T1 + 3_600_000_000 };
const CHECKOUT_RUN = '1123456789abcdef';

async function indexAll(
  index: PathIndex,
  traces: readonly DecodedTrace[],
  runId = RUN,
  window = WINDOW,
): Promise<void> {
  const rows = indexRows(traces);
  for (let i = 0; i < rows.traces.length; i += 2_000) {
    await index.appendIndexRows(runId, rows.traces.slice(i, i + 2_000), []);
  }
  for (let i = 0; i < rows.records.length; i += 5_000) {
    await index.appendIndexRows(runId, [], rows.records.slice(i, i + 5_000));
  }
  await index.finishIndexRuns([
    {
      startMicros: window.startMicros,
      endMicros: window.endMicros,
      runId,
      spanCount: traces.reduce((n, t) => n + t.spans.length, 0),
      traces: rows.traces.length,
      records: rows.records.length,
      finishedMicros: 1,
    },
  ]);
}

async function indexedReport(
  index: PathIndex,
  window = WINDOW,
  service?: string,
  runId = RUN,
): Promise<AnalysisReport> {
  const profiler = new PathProfiler();
  profiler.addIndexState(
    await index.readPathStates(
      [runId],
      window,
      createPathStateOptions(10_000, service),
    ),
  );
  return profiler.report({ anomalies: true });
}

/** The checkout traces give what this test must see aggregated right. */
function expectCheckoutCoverage(report: AnalysisReport): void {
  const hops = report.paths!.flatMap((p) => p.hops);
  expect(report.paths!.some((p) => !p.durationMicros.exact)).toBe(true);
  expect(report.paths!.some((p) => p.durationMicros.exact)).toBe(true);
  expect(Math.max(...hops.map((h) => h.calls.max))).toBe(4);
  expect(Math.max(...hops.map((h) => h.overlap.max))).toBeGreaterThan(2);
  expect(hops.some((h) => h.criticalCalls.mean < h.calls.mean)).toBe(true);
  expect(hops.some((h) => h.otherBranches.length > 1)).toBe(true);
  expect(hops.some((h) => h.inOtherBranchesMicros.max > 0)).toBe(true);
  expect(
    new Set(hops.flatMap((h) => h.errorSources.items.map((s) => s.carrier))),
  ).toEqual(new Set(['own', 'proxy', 'span']));
}

function describeIndex(name: string, open: () => Promise<SpanStore>): void {
  describe(name, () => {
    let store: SpanStore;
    let expected: AnalysisReport;
    beforeAll(async () => {
      store = await open();
      await indexAll(store.pathIndex!, TRACES);
      await indexAll(store.pathIndex!, CHECKOUT, CHECKOUT_RUN, CHECKOUT_WINDOW);
      expected = directReport(TRACES);
    }, 120_000);
    afterAll(() => store.close());

    it('gives the report the engine gives over the same traces', async () => {
      const biggest = expected.paths![0]!;
      expect(biggest.count).toBeGreaterThan(1_024);
      expect(biggest.durationMicros.exact).toBe(false);
      expect(
        expected.paths!.some((p) => (p.anomalies?.items.length ?? 0) > 0),
      ).toBe(true);
      expectSameReport(await indexedReport(store.pathIndex!), expected);
    }, 60_000);

    it('restricts to the traces starting in the window', async () => {
      const half = { startMicros: T0, endMicros: TRACES[3_000]!.startMicros };
      const inside = TRACES.filter((t) => t.startMicros < half.endMicros);
      expect(inside.length).toBeGreaterThan(2_000);
      const report = directReport(inside);
      expect(report.paths!.some((p) => p.durationMicros.exact)).toBe(true);
      expectSameReport(await indexedReport(store.pathIndex!, half), report);
    }, 60_000);

    it('lists the paths through the service, over the traces with a span of it', async () => {
      const withG = TRACES.filter((t) =>
        t.spans.some((s) => s.service === 'svc-g'),
      );
      expect(withG.length).toBeGreaterThan(0);
      expect(withG.length).toBeLessThan(TRACES.length);
      const expected = directReport(withG, 'svc-g');
      // the traces through svc-g take other paths too, which are left out
      expect(expected.paths!.length).toBeLessThan(
        directReport(withG).paths!.length,
      );
      expectSameReport(
        await indexedReport(store.pathIndex!, WINDOW, 'svc-g'),
        expected,
      );
    }, 60_000);

    it('gives the engine report over repeated calls, a fan-out and errors charged from other spans', async () => {
      const report = directReport(CHECKOUT);
      expectCheckoutCoverage(report);
      expectSameReport(
        await indexedReport(
          store.pathIndex!,
          CHECKOUT_WINDOW,
          undefined,
          CHECKOUT_RUN,
        ),
        report,
      );
    }, 60_000);

    it('lists the paths through a service of a fan-out branch', async () => {
      for (const service of ['svc-price', 'svc-db']) {
        const touching = CHECKOUT.filter((t) =>
          t.spans.some((s) => s.service === service),
        );
        const report = directReport(touching, service);
        expect(report.totals.traces).toBe(touching.length);
        expect(report.paths!.every((p) => p.key.includes(service))).toBe(true);
        expectSameReport(
          await indexedReport(
            store.pathIndex!,
            CHECKOUT_WINDOW,
            service,
            CHECKOUT_RUN,
          ),
          report,
        );
      }
    }, 60_000);

    it('merges an indexed part and a live part into the whole report', async () => {
      const cut = TRACES[2_500]!.startMicros;
      const profiler = new PathProfiler();
      profiler.addIndexState(
        await store.pathIndex!.readPathStates(
          [RUN],
          { startMicros: T0, endMicros: cut },
          createPathStateOptions(10_000),
        ),
      );
      for (const t of TRACES.filter((x) => x.startMicros >= cut)) {
        profiler.addTrace(t.traceId, t.spans);
      }
      expectSameReport(profiler.report({ anomalies: true }), expected);
    }, 60_000);

    it('reads nothing of runs it is not given', async () => {
      const state = await store.pathIndex!.readPathStates(
        ['fedcba9876543210'],
        WINDOW,
        createPathStateOptions(10_000),
      );
      expect(state.paths).toEqual([]);
      expect(state.totals.traces).toBe(0);
    });

    it('returns the most frequent paths first when it may return only some', async () => {
      const state = await store.pathIndex!.readPathStates(
        [RUN],
        WINDOW,
        createPathStateOptions(2),
      );
      expect(state.paths.map((p) => p.key)).toEqual(
        expected.paths!.slice(0, 2).map((p) => p.key),
      );
    });
  });
}

describeIndex('memory adapter (the reference aggregate)', () =>
  Promise.resolve(createMemoryStore()),
);

describeIndex('DuckDB (embedded, in memory)', () =>
  openSpanStore({ path: ':memory:' }),
);

describe.skipIf(command === null)('ClickHouse', () => {
  const server = new ClickHouseTestServer(command ?? []);
  const cluster = new ClickHouseTestCluster(command ?? []);
  beforeAll(() => Promise.all([server.start(), cluster.start()]), 60_000);
  afterAll(() => Promise.all([server.dispose(), cluster.dispose()]), 120_000);

  describeIndex('one server', () =>
    openSpanStore({
      kind: 'clickhouse',
      url: server.url,
      database: `path_index_${process.pid}`,
    }),
  );
  describeIndex('two-shard cluster', () =>
    openSpanStore({
      kind: 'clickhouse',
      url: cluster.shardUrls[0]!,
      database: `path_index_${process.pid}`,
      cluster: TEST_CLUSTER,
      shardUrls: cluster.shardUrls,
    }),
  );
});
