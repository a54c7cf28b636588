import { BUCKETS_PER_DECADE } from '@pathprof/engine';
import type { LatencyHistogram, ServiceGraph } from '@pathprof/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, getJson, toQuery } from '../query/span-builders.js';
import { PATH_AE, createPathSpans } from '../paths/path-fixtures.js';

const WINDOW = toQuery([
  ['start', T0],
  ['end', T0 + 500_000],
]);
const collectors: TestCollector[] = [];

beforeAll(async () => {
  for (const basePath of ['', '/jaeger']) {
    const collector = await startTestCollector({
      basePath,
      nowMicros: () => T0 + 1_000_000,
    });
    await collector.store.appendSpans(createPathSpans());
    collectors.push(collector);
  }
});
afterAll(async () => {
  await Promise.all(collectors.map((c) => c.close()));
});

describe.each([0, 1])(
  'web API (collector %i: without and with base path)',
  (which) => {
    const url = (): string => collectors[which]!.queryUrl;

    it('answers the service graph of the window with calls and latency per edge', async () => {
      const { status, body } = await getJson<ServiceGraph>(
        `${url()}/api/service-graph?${WINDOW}`,
      );
      expect(status).toBe(200);
      expect(body.traces).toBe(13);
      expect(
        body.edges.map((e) => [e.source, e.target, e.calls, e.errors]),
      ).toEqual([['svc-a', 'svc-e', 12, 0]]);
      expect(body.nodes.map((n) => [n.service, n.calls, n.entries])).toEqual([
        ['svc-a', 12, 12],
        ['svc-b', 1, 1],
        ['svc-e', 12, 0],
      ]);
    });

    it('keeps the service graph to the traces of one service when asked', async () => {
      const { body } = await getJson<ServiceGraph>(
        `${url()}/api/service-graph?${WINDOW}&service=svc-b`,
      );
      expect(body.nodes.map((n) => n.service)).toEqual(['svc-b']);
    });

    it('keeps the service graph to the calls on paths through a service', async () => {
      // trace 77 fans out from svc-a:a3 to svc-e:e1 and svc-g:g1: through
      // svc-g, svc-a→svc-e is not on any path
      const { body } = await getJson<ServiceGraph>(
        `${url()}/api/service-graph?${toQuery([
          ['start', T0],
          ['end', T0 + 700_000],
        ])}&service=svc-g`,
      );
      expect(body.edges.map((e) => [e.source, e.target, e.calls])).toEqual([
        ['svc-a', 'svc-g', 1],
      ]);
    });

    it('answers the latency histogram of one path', async () => {
      const { status, body } = await getJson<LatencyHistogram>(
        `${url()}/api/paths/${encodeURIComponent(PATH_AE)}/histogram?${WINDOW}`,
      );
      expect(status).toBe(200);
      expect(body.count).toBe(12);
      expect(body.buckets.reduce((n, b) => n + b.count, 0)).toBe(12);
      // eleven requests near 5 ms, one (trace 10) at 50 ms
      const below10ms = body.buckets.filter((b) => b.upperMicros <= 10_000);
      expect(below10ms.reduce((n, b) => n + b.count, 0)).toBe(11);
      expect(body.buckets.at(-1)!.count).toBe(1);
      expect(body.buckets.at(-1)!.lowerMicros).toBeLessThanOrEqual(50_000);
    });

    it('answers an empty histogram for a path the window lacks', async () => {
      const { status, body } = await getJson<LatencyHistogram>(
        `${url()}/api/paths/nope/histogram?${WINDOW}`,
      );
      expect(status).toBe(200);
      expect(body).toEqual({
        count: 0,
        bucketsPerDecade: BUCKETS_PER_DECADE,
        buckets: [],
      });
    });

    it('rejects a bad window in Jaeger’s error envelope', async () => {
      const { status, body } = await getJson<{ errors: { msg: string }[] }>(
        `${url()}/api/service-graph?start=x`,
      );
      expect(status).toBe(400);
      expect(body.errors[0]!.msg).toContain("'start'");
    });
  },
);

describe('UI routes on the query port', () => {
  it('serve the UI config with the base path, while /api stays the API', async () => {
    for (const collector of collectors) {
      const base = collector.queryUrl.slice(collector.urls.query!.length);
      const config = await getJson(`${collector.urls.query!}/ui-config.json`);
      expect(config.body).toEqual({ apiBase: base });
      const api = await getJson(`${collector.queryUrl}/api/paths?${WINDOW}`);
      expect(api.contentType).toContain('application/json');
    }
  });
});
