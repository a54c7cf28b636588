import { afterEach, describe, expect, it } from 'vitest';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';
import { T0, getJson, span } from './span-builders.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function startWithSpans(basePath: string): Promise<string> {
  collector = await startTestCollector({ basePath });
  await collector.store.appendSpans([
    span({ trace: 1, id: 1, service: 'svc-a', op: 'GET /a', kind: 'server' }),
    span({
      trace: 1,
      id: 2,
      parent: 1,
      service: 'svc-a',
      op: 'call-b',
      kind: 'client',
    }),
    span({
      trace: 1,
      id: 3,
      parent: 2,
      service: 'svc-b',
      op: 'GET /b',
      kind: 'server',
    }),
    span({
      trace: 1,
      id: 4,
      parent: 3,
      service: 'svc-b',
      op: 'GET /b',
      kind: 'unspecified',
    }),
    span({
      trace: 2,
      id: 5,
      service: 'svc/c d',
      op: 'x',
      kind: 'producer',
      start: 10,
    }),
  ]);
  return collector.queryUrl;
}

describe.each(['', '/jaeger'])(
  'Jaeger v1 catalog under base path "%s"',
  (basePath) => {
    it('lists services sorted in the envelope with their count as total', async () => {
      const url = await startWithSpans(basePath);
      const { status, contentType, body } = await getJson(
        `${url}/api/services`,
      );
      expect(status).toBe(200);
      expect(contentType).toMatch(/^application\/json/);
      expect(body).toEqual({
        data: ['svc-a', 'svc-b', 'svc/c d'],
        total: 3,
        limit: 0,
        offset: 0,
        errors: null,
      });
    });

    it('lists the operation names of a service once each (legacy route)', async () => {
      const url = await startWithSpans(basePath);
      const { body } = await getJson(`${url}/api/services/svc-b/operations`);
      expect(body).toEqual({
        data: ['GET /b'],
        total: 1,
        limit: 0,
        offset: 0,
        errors: null,
      });
    });

    it('decodes an escaped service name in the legacy route', async () => {
      const url = await startWithSpans(basePath);
      const { body } = await getJson(
        `${url}/api/services/${encodeURIComponent('svc/c d')}/operations`,
      );
      expect(body).toMatchObject({ data: ['x'], total: 1 });
    });

    it('lists operations with their span kinds, empty for an unspecified kind', async () => {
      const url = await startWithSpans(basePath);
      const { body } = await getJson(`${url}/api/operations?service=svc-b`);
      expect(body).toEqual({
        data: [
          { name: 'GET /b', spanKind: 'server' },
          { name: 'GET /b', spanKind: '' },
        ],
        total: 2,
        limit: 0,
        offset: 0,
        errors: null,
      });
    });

    it('filters operations by span kind', async () => {
      const url = await startWithSpans(basePath);
      const { body } = await getJson(
        `${url}/api/operations?service=svc-a&spanKind=client`,
      );
      expect(body).toMatchObject({
        data: [{ name: 'call-b', spanKind: 'client' }],
        total: 1,
      });
    });

    it('answers 400 when operations are asked without a service', async () => {
      const url = await startWithSpans(basePath);
      const { status, body } = await getJson(`${url}/api/operations`);
      expect(status).toBe(400);
      expect(body).toEqual({
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 400, msg: "parameter 'service' is required" }],
      });
    });

    it('answers 400 naming spanKind when the kind is unknown', async () => {
      const url = await startWithSpans(basePath);
      const { status, body } = await getJson(
        `${url}/api/operations?service=svc-a&spanKind=weird`,
      );
      expect(status).toBe(400);
      expect(body).toMatchObject({
        errors: [
          { code: 400, msg: expect.stringContaining('spanKind') as string },
        ],
      });
    });

    it('lists service dependencies of the window given in ms', async () => {
      const url = await startWithSpans(basePath);
      const endTs = Math.floor(T0 / 1000) + 1000;
      const { body } = await getJson(
        `${url}/api/dependencies?endTs=${endTs}&lookback=60000`,
      );
      expect(body).toEqual({
        data: [{ parent: 'svc-a', child: 'svc-b', callCount: 1 }],
        total: 1,
        limit: 0,
        offset: 0,
        errors: null,
      });
    });

    it('finds no dependencies outside the window', async () => {
      const url = await startWithSpans(basePath);
      const endTs = Math.floor(T0 / 1000) - 10_000;
      const { body } = await getJson(
        `${url}/api/dependencies?endTs=${endTs}&lookback=1000`,
      );
      expect(body).toMatchObject({ data: [], total: 0, errors: null });
    });
  },
);

describe('Jaeger v1 dependencies parameters', () => {
  it.each([
    ['endTs=soon', "unable to parse param 'endTs'"],
    ['lookback=1h', "unable to parse param 'lookback'"],
    ['lookback=-5', "'lookback' must be at least 0"],
  ])('answers 400 for %s', async (query, message) => {
    collector = await startTestCollector();
    const { status, body } = await getJson(
      `${collector.queryUrl}/api/dependencies?${query}`,
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      data: null,
      errors: [{ code: 400, msg: expect.stringContaining(message) as string }],
    });
  });
});
