/**
 * The drill-down routes on a real collector, twice: over a store whose
 * first three minutes are in the path index (the fourth streamed), and over
 * one streamed entirely. Both must give the same answer — counts exactly,
 * percentiles within the sketch's 1%.
 */
import { createLatencyHistogramBuilder } from '@pathprof/engine';
import type { LatencyHistogram } from '@pathprof/engine';
import type {
  AttributeValuesReport,
  PathBreakdownReport,
  PathRequestsReport,
  PathSeriesReport,
} from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathIndexer } from '../../src/index.js';
import { buildPathHistogram } from '../../src/drilldown/build-path-histogram.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import {
  getJson,
  span,
  T0,
  toQuery,
  traceIdOf,
} from '../query/span-builders.js';
import {
  createDrilldownSpans,
  e1Micros,
  M0,
  PATH_AE,
} from './drilldown-fixtures.js';

const MINUTE = 60_000_000;
const WINDOW: [string, number][] = [
  ['start', M0],
  ['end', M0 + 4 * MINUTE],
];
const collectors: TestCollector[] = [];
const path = encodeURIComponent(PATH_AE);

beforeAll(async () => {
  for (const indexed of [true, false]) {
    const collector = await startTestCollector({
      nowMicros: () => M0 + 10 * MINUTE,
      pathIndex: { enabled: false },
    });
    await collector.store.appendSpans(createDrilldownSpans());
    if (indexed) {
      const runs = await new PathIndexer(collector.store, {
        delayMicros: 30_000_000,
        backfillMicros: 60 * MINUTE,
        intervalMillis: 60_000,
        tickBudgetMillis: 60_000,
        nowMicros: () => M0 + 3.5 * MINUTE,
        log: () => undefined,
      }).runOnce();
      expect(runs.map((r) => (r.startMicros - M0) / MINUTE).sort()).toEqual([
        0, 1, 2,
      ]);
    }
    collectors.push(collector);
  }
});
afterAll(async () => {
  await Promise.all(collectors.map((c) => c.close()));
});

describe.each([
  [0, 'three minutes from the path index'],
  [1, 'streamed'],
])('drill-down routes (collector %i: %s)', (which) => {
  const url = (): string => collectors[which]!.queryUrl;

  it('answers rate, errors and percentiles per path in buckets sized to the window', async () => {
    const { status, body } = await getJson<PathSeriesReport>(
      `${url()}/api/paths/series?${toQuery([...WINDOW, ['points', 4]])}`,
    );
    expect(status).toBe(200);
    expect(body.stepMicros).toBe(MINUTE);
    expect(body.truncated).toBe(false);
    expect(body.paths.map((p) => p.key)).toEqual([PATH_AE, 'svc-b:b1']);
    const [ae] = body.paths;
    expect(
      ae!.points.map((p) => [p.startMicros - M0, p.count, p.errors]),
    ).toEqual([
      [0, 10, 1],
      [MINUTE, 10, 1],
      [2 * MINUTE, 10, 1],
      [3 * MINUTE, 10, 1],
    ]);
    expect(ae!.points[0]!.ratePerSecond).toBeCloseTo(10 / 60, 9);
    expect(ae!.points[0]!.errorShare).toBe(0.1);
    // minute 0: a3 lasts 12.0 … 12.9 ms, median 12.45 ms
    for (const [minute, first] of [
      [0, 0],
      [3, 30],
    ] as const) {
      const durations = Array.from(
        { length: 10 },
        (_, k) => e1Micros(first + k) + 2000,
      );
      const p50 = (durations[4]! + durations[5]!) / 2;
      expect(ae!.points[minute]!.p50Micros).toBeGreaterThan(p50 * 0.99);
      expect(ae!.points[minute]!.p50Micros).toBeLessThan(p50 * 1.01);
      expect(ae!.points[minute]!.p99Micros).toBeLessThanOrEqual(
        durations[9]! * 1.01,
      );
    }
    // svc-b:b1's one request is in minute 0; its other minutes are empty
    expect(body.paths[1]!.points.map((p) => p.count)).toEqual([1, 0, 0, 0]);
    expect(body.paths[1]!.points[1]!.p50Micros).toBeNull();
  });

  it('keeps the series to the paths asked for', async () => {
    const { body } = await getJson<PathSeriesReport>(
      `${url()}/api/paths/series?${toQuery([...WINDOW, ['key', 'svc-b:b1'], ['points', 2]])}`,
    );
    expect(body.stepMicros).toBe(2 * MINUTE);
    expect(body.paths.map((p) => [p.key, p.points.length])).toEqual([
      ['svc-b:b1', 2],
    ]);
  });

  it('lists a path’s requests slower than a duration, slowest first, with the count of all', async () => {
    const { status, body } = await getJson<PathRequestsReport>(
      `${url()}/api/paths/${path}/requests?${toQuery([...WINDOW, ['minDuration', '30ms'], ['limit', 5]])}`,
    );
    expect(status).toBe(200);
    expect(body.total).toBe(20);
    expect(body.requests.map((r) => r.traceId)).toEqual(
      [39, 38, 37, 36, 35].map((i) => traceIdOf(1000 + i)),
    );
    expect(body.requests[0]).toEqual({
      traceId: traceIdOf(1039),
      startMicros: M0 + 39 * 6_000_000,
      durationMicros: e1Micros(39) + 2000,
      error: false,
      hopDurationMicros: null,
      hopError: null,
    });
  });

  it('lists the requests with errors, and those whose hop was slow', async () => {
    const errors = await getJson<PathRequestsReport>(
      `${url()}/api/paths/${path}/requests?${toQuery([...WINDOW, ['errors', 'true'], ['orderBy', 'start'], ['direction', 'asc']])}`,
    );
    expect(errors.body.requests.map((r) => r.traceId)).toEqual(
      [0, 10, 20, 30].map((i) => traceIdOf(1000 + i)),
    );
    const hop = await getJson<PathRequestsReport>(
      `${url()}/api/paths/${path}/requests?${toQuery([...WINDOW, ['position', 1], ['minDuration', '33ms']])}`,
    );
    expect(hop.body.hop).toBe('svc-e:e1');
    expect(hop.body.total).toBe(10);
    expect(hop.body.requests[0]).toMatchObject({
      traceId: traceIdOf(1039),
      hopDurationMicros: e1Micros(39),
      hopError: false,
    });
  });

  it('breaks the path down by service.version, offering the attributes its hops carry', async () => {
    const { status, body } = await getJson<PathBreakdownReport>(
      `${url()}/api/paths/${path}/breakdown?${toQuery([...WINDOW, ['by', 'service.version']])}`,
    );
    expect(status).toBe(200);
    expect([body.total, body.sampled]).toEqual([40, 40]);
    expect(body.attributes.slice(0, 2)).toEqual([
      { key: 'service.version', scope: 'resource', distinctValues: 2 },
      { key: 'http.route', scope: 'span', distinctValues: 1 },
    ]);
    expect(
      body.groups.map((g) => [
        g.value,
        g.count,
        g.errors,
        g.durationMicros.p50,
      ]),
    ).toEqual([
      ['v1', 20, 2, (e1Micros(9) + e1Micros(10)) / 2 + 2000],
      ['v2', 20, 2, (e1Micros(29) + e1Micros(30)) / 2 + 2000],
    ]);
    expect(body.groups[1]!.exemplars).toEqual(
      [39, 38, 37].map((i) => traceIdOf(1000 + i)),
    );
  });

  it('lists the values an attribute takes in the window', async () => {
    const { body } = await getJson<AttributeValuesReport>(
      `${url()}/api/attributes/service.version/values?${toQuery(WINDOW)}`,
    );
    expect(body).toEqual({
      key: 'service.version',
      values: [
        { value: 'v1', spans: 60 },
        { value: 'v2', spans: 60 },
      ],
      truncated: false,
    });
  });

  it('answers the latency histogram of the path’s requests, the same from the index as streamed', async () => {
    const { status, body } = await getJson<LatencyHistogram>(
      `${url()}/api/paths/${path}/histogram?${toQuery(WINDOW)}`,
    );
    expect(status).toBe(200);
    const expected = createLatencyHistogramBuilder();
    for (let i = 0; i < 40; i++) {
      expected.add(e1Micros(i) + 2000);
    }
    expect(body).toEqual(expected.build());
  });

  it('answers 400 with a message for a bad duration or limit', async () => {
    for (const [param, value] of [
      ['minDuration', 'soon'],
      ['limit', '1501'],
      ['position', '-1'],
    ] as const) {
      const { status, body } = await getJson<{ errors: { msg: string }[] }>(
        `${url()}/api/paths/${path}/requests?${toQuery([...WINDOW, [param, value]])}`,
      );
      expect(status).toBe(400);
      expect(body.errors[0]!.msg).toContain(param);
    }
  });
});

describe('the latency histogram beyond its exact limit', () => {
  it('counts the indexed requests in their sketch bins, each within 1% of its duration', async () => {
    // three minutes (30 requests) from the index as sketch bins, the fourth streamed
    const histogram = await buildPathHistogram(
      collectors[0]!.store,
      { startMicros: M0, endMicros: M0 + 4 * MINUTE },
      PATH_AE,
      1,
    );
    expect(histogram.count).toBe(40);
    const within = (lo: number, hi: number): number =>
      histogram.buckets
        .filter((b) => b.count > 0 && b.upperMicros > lo && b.lowerMicros < hi)
        .reduce((n, b) => n + b.count, 0);
    // v1 takes 12.0–13.9 ms end to end, v2 34.0–35.9 ms
    expect(within(12_000 * 0.99, 13_900 * 1.01)).toBe(20);
    expect(within(34_000 * 0.99, 35_900 * 1.01)).toBe(20);
  });
});

describe('a breakdown’s sample', () => {
  it('is read once for the offers and each split, and again once a span arrives in its window', async () => {
    const collector = await startTestCollector({
      nowMicros: () => M0 + 10 * MINUTE,
      pathIndex: { enabled: false },
    });
    try {
      const store = collector.store;
      await store.appendSpans(createDrilldownSpans());
      await new PathIndexer(store, {
        delayMicros: 30_000_000,
        backfillMicros: 60 * MINUTE,
        intervalMillis: 60_000,
        tickBudgetMillis: 60_000,
        nowMicros: () => M0 + 5 * MINUTE,
        log: () => undefined,
      }).runOnce();
      let reads = 0;
      const getTraces = store.getTraces.bind(store);
      Object.assign(store, {
        getTraces: (ids: Parameters<typeof getTraces>[0]) => {
          reads++;
          return getTraces(ids);
        },
      });
      const ask = async (by?: string): Promise<PathBreakdownReport> => {
        const { status, body } = await getJson<PathBreakdownReport>(
          `${collector.queryUrl}/api/paths/${path}/breakdown?${toQuery([...WINDOW, ...(by === undefined ? [] : [['by', by] as [string, string]])])}`,
        );
        expect(status).toBe(200);
        return body;
      };
      const split = (r: PathBreakdownReport): unknown =>
        r.groups.map((g) => [g.value, g.count, g.errors]);
      expect((await ask()).groups).toEqual([]);
      const byVersion = await ask('service.version');
      expect(split(byVersion)).toEqual([
        ['v1', 20, 2],
        ['v2', 20, 2],
      ]);
      expect(split(await ask('http.route'))).toEqual([['/a3', 40, 4]]);
      expect(reads).toBe(1);
      // another request stored in the second minute: the sample is read again
      await store.appendSpans([
        span({
          trace: 5000,
          id: 50_000,
          service: 'svc-b',
          op: 'b1',
          start: M0 - T0 + MINUTE + 1_000_000,
          dur: 1000,
        }),
      ]);
      expect(await ask('service.version')).toEqual(byVersion);
      expect(reads).toBe(2);
    } finally {
      await collector.close();
    }
  });
});
