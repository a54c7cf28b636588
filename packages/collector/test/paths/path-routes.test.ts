import type { AnalysisReport } from '@pathprof/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileStoredTraces } from '../../src/index.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, getJson, toQuery, traceIdOf } from '../query/span-builders.js';
import { PATH_AE, createPathSpans } from './path-fixtures.js';

const NOW = T0 + 1_000_000;
const WINDOW: [string, number][] = [
  ['start', T0],
  ['end', T0 + 500_000],
];

const collectors: TestCollector[] = [];
beforeAll(async () => {
  for (const basePath of ['', '/jaeger']) {
    const collector = await startTestCollector({
      basePath,
      nowMicros: () => NOW,
    });
    await collector.store.appendSpans(createPathSpans());
    collectors.push(collector);
  }
});
afterAll(async () => {
  await Promise.all(collectors.map((c) => c.close()));
});

/** What `pathprof analyze --format json` prints for the same traces, parsed back. */
async function expectedReport(
  query: Parameters<typeof profileStoredTraces>[1],
): Promise<unknown> {
  return JSON.parse(
    JSON.stringify(await profileStoredTraces(collectors[0]!.store, query)),
  ) as unknown;
}

describe.each([0, 1])(
  'path API (collector %i: without and with base path)',
  (which) => {
    const url = (): string => collectors[which]!.queryUrl;

    it('answers the same report object the CLI prints as JSON', async () => {
      const { status, body } = await getJson<AnalysisReport>(
        `${url()}/api/paths?${toQuery(WINDOW)}`,
      );
      expect(status).toBe(200);
      expect(body).toEqual(
        await expectedReport({ startMicros: T0, endMicros: T0 + 500_000 }),
      );
      expect(body.paths!.map((p) => [p.key, p.count])).toEqual([
        [PATH_AE, 12],
        ['svc-b:b1', 1],
      ]);
    });

    it('groups by shape and keeps to one service when asked', async () => {
      const query = toQuery([
        ...WINDOW,
        ['groupBy', 'shape'],
        ['service', 'svc-b'],
      ]);
      const { body } = await getJson<AnalysisReport>(
        `${url()}/api/paths?${query}`,
      );
      expect(body).toEqual(
        await expectedReport({
          startMicros: T0,
          endMicros: T0 + 500_000,
          groupBy: 'shape',
          service: 'svc-b',
        }),
      );
      expect(body.groupBy).toBe('shape');
      expect(body.totals.traces).toBe(1);
    });

    it('defaults to the last hour ending now', async () => {
      const { body } = await getJson<AnalysisReport>(`${url()}/api/paths`);
      expect(body.totals.traces).toBe(14);
      const { body: recent } = await getJson<AnalysisReport>(
        `${url()}/api/paths?lookback=300ms`,
      );
      expect(recent.totals.traces).toBe(0);
    });

    it('lists the exemplar and anomalous traces of one path', async () => {
      const query = toQuery(WINDOW);
      const { status, body } = await getJson(
        `${url()}/api/paths/${encodeURIComponent(PATH_AE)}/traces?${query}`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({
        key: PATH_AE,
        count: 12,
        exemplars: expect.arrayContaining([traceIdOf(10)]) as unknown,
        unlistedAnomalies: 0,
      });
      // one row for the slow request, with the metric that fired
      expect((body as { anomalies: unknown[] }).anomalies).toEqual([
        expect.objectContaining({
          traceId: traceIdOf(10),
          durationMicros: 50_000,
          hop: 'svc-e:e1',
          findings: [
            expect.objectContaining({ metric: 'duration', rule: 'robust' }),
          ],
        }),
      ]);
    });

    it('takes the seed anomaly rule', async () => {
      const query = toQuery([...WINDOW, ['anomalyRule', 'seed']]);
      const { body } = await getJson<{
        anomalies: { findings: { rule: string }[] }[];
      }>(`${url()}/api/paths/${encodeURIComponent(PATH_AE)}/traces?${query}`);
      expect(body.anomalies.map((a) => a.findings[0]!.rule)).toEqual([
        'mean+2sd',
      ]);
      const bad = await getJson(
        `${url()}/api/paths?${toQuery([...WINDOW, ['anomalyRule', 'x']])}`,
      );
      expect(bad.status).toBe(400);
    });

    it('lists only the paths through the service asked for', async () => {
      // trace 77 fans out to svc-e and svc-g: only its svc-g path goes through svc-g
      const query = toQuery([
        ['start', T0],
        ['end', T0 + 700_000],
        ['service', 'svc-g'],
      ]);
      const { body } = await getJson<AnalysisReport>(
        `${url()}/api/paths?${query}`,
      );
      expect(body.paths!.map((p) => p.key)).toEqual(['svc-a:a3 > svc-g:g1']);
    });

    it('gives rates over the time the requests cover, whatever the window', async () => {
      // 12 requests 10 ms apart: 100 per second in a 500 ms or a 1 h window
      for (const window of [
        WINDOW,
        [['lookback', '1h']] as [string, string][],
      ]) {
        const { body } = await getJson<AnalysisReport>(
          `${url()}/api/paths?${toQuery([...window, ['service', 'svc-e']])}`,
        );
        const path = body.paths!.find((p) => p.key === PATH_AE)!;
        expect(body.totals.coverage!.seconds).toBeGreaterThan(0);
        expect(path.ratePerSecond).toBeCloseTo(
          path.count / body.totals.coverage!.seconds,
          9,
        );
      }
      const { body } = await getJson<AnalysisReport>(
        `${url()}/api/paths?${toQuery(WINDOW)}`,
      );
      // 13 traces starting 5 ms … 120 ms cover 115 ms × 13/12; 12 of them take PATH_AE
      expect(
        body.paths!.find((p) => p.key === PATH_AE)!.ratePerSecond,
      ).toBeCloseTo(12 / ((0.115 * 13) / 12), 6);
    });

    it("answers one path's row, with the whole window's totals, for key", async () => {
      const all = await getJson<AnalysisReport>(
        `${url()}/api/paths?${toQuery(WINDOW)}`,
      );
      for (const key of [PATH_AE, 'svc-b:b1']) {
        // top=1 would leave svc-b:b1 out: with key it is not applied
        const { status, body } = await getJson<AnalysisReport>(
          `${url()}/api/paths?${toQuery([...WINDOW, ['key', key], ['top', 1]])}`,
        );
        expect(status).toBe(200);
        expect(body).toEqual({
          ...all.body,
          paths: all.body.paths!.filter((p) => p.key === key),
        });
      }
    });

    it('answers 404 for a key the window does not hold', async () => {
      for (const [key, window] of [
        ['svc-z:z1', WINDOW],
        [
          PATH_AE,
          [
            ['start', T0],
            ['end', T0 + 1],
          ],
        ],
      ] as const) {
        const { status, body } = await getJson(
          `${url()}/api/paths?${toQuery([...window, ['key', key]])}`,
        );
        expect(status).toBe(404);
        expect(body).toMatchObject({
          data: null,
          errors: [{ code: 404, msg: `path "${key}" not found in the window` }],
        });
      }
    });

    it('answers 404 for a path the window does not hold', async () => {
      const query = toQuery([
        ['start', T0],
        ['end', T0 + 1],
      ]);
      const { status, body } = await getJson(
        `${url()}/api/paths/${encodeURIComponent(PATH_AE)}/traces?${query}`,
      );
      expect(status).toBe(404);
      expect(body).toMatchObject({
        data: null,
        errors: [
          { code: 404, msg: expect.stringContaining(PATH_AE) as string },
        ],
      });
    });
  },
);

describe('path API bad parameters', () => {
  it.each([
    ['start=soon', "unable to parse param 'start'"],
    [`start=${T0 + 5}&end=${T0}`, "is after 'end'"],
    ['lookback=ages', "unable to parse param 'lookback'"],
    ['groupBy=trace', "'groupBy' must be one of path, shape, hop"],
    ['pathKey=op', "'pathKey' must be one of"],
    ['top=0', "'top' must be at least 1"],
    ['anomalies=yes', "'anomalies' must be true or false"],
  ])('answers 400 in the Jaeger envelope for %s', async (query, message) => {
    for (const path of [
      '/api/paths',
      `/api/paths/${encodeURIComponent(PATH_AE)}/traces`,
    ]) {
      const { status, body } = await getJson(
        `${collectors[1]!.queryUrl}${path}?${query}`,
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({
        data: null,
        total: 0,
        errors: [
          { code: 400, msg: expect.stringContaining(message) as string },
        ],
      });
    }
  });
});

describe('path API key parameter', () => {
  it.each([
    ['key=', "'key' must be a path key"],
    ['key=%20', "'key' must be a path key"],
    [`key=${'x'.repeat(1001)}`, "'key' must be at most 1000 characters"],
    ['key=svc-b%3Ab1&key=svc-a%3Aa1', "'key' may be given once"],
    ['key=svc-b%3Ab1&groupBy=hop', "'key' needs groupBy=path"],
  ])('answers 400 for %s', async (query, message) => {
    const { status, body } = await getJson(
      `${collectors[0]!.queryUrl}/api/paths?${query}`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      data: null,
      errors: [{ code: 400, msg: expect.stringContaining(message) as string }],
    });
  });
});
