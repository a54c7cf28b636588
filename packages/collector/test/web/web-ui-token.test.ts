/**
 * A collector started with a bearer token: the UI's static files load
 * without it (they carry no data, and the app asks for the token), while
 * every API route still answers 401 until the token comes along.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateWebDist } from '../../src/web/locate-web-dist.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';

const TOKEN = 'ui-s3cret';
const WINDOW = 'lookback=1h';
const collectors: TestCollector[] = [];

function findBuiltAsset(): string | undefined {
  const dist = locateWebDist();
  try {
    return dist === null ? undefined : readdirSync(join(dist, 'assets'))[0];
  } catch {
    return undefined;
  }
}
const builtAsset = findBuiltAsset();

beforeAll(async () => {
  for (const basePath of ['', '/jaeger']) {
    collectors.push(await startTestCollector({ token: TOKEN, basePath }));
  }
});
afterAll(async () => {
  await Promise.all(collectors.map((c) => c.close()));
});

describe.each([0, 1])(
  'a collector with a token (%i: without and with base path)',
  (which) => {
    const origin = (): string => collectors[which]!.urls.query!;
    const api = (): string => collectors[which]!.queryUrl;

    it.each(['/', '/paths', '/path/svc-a%3Aa1', '/trace/abc', '/graph'])(
      'serves the UI page %s without the token',
      async (path) => {
        const res = await fetch(`${origin()}${path}`);
        expect(res.status).not.toBe(401);
        expect(res.headers.get('content-type')).toMatch(/^text\//);
      },
    );

    it('answers /ui-config.json without the token', async () => {
      const res = await fetch(`${origin()}/ui-config.json`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        apiBase: which === 0 ? '' : '/jaeger',
      });
    });

    it('redirects /index.html to the app without the token', async () => {
      const res = await fetch(`${origin()}/index.html`, {
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/');
    });

    it.skipIf(builtAsset === undefined)(
      'serves the built index and assets with 200 without the token',
      async () => {
        expect((await fetch(`${origin()}/`)).status).toBe(200);
        const asset = await fetch(`${origin()}/assets/${builtAsset!}`);
        expect(asset.status).toBe(200);
      },
    );

    it.each([
      `/api/paths?${WINDOW}`,
      `/api/paths/a/histogram?${WINDOW}`,
      `/api/service-graph?${WINDOW}`,
      '/api/services',
      '/api/traces/abc',
      `/api/compare?${WINDOW}`,
    ])('keeps the API route %s behind the token', async (path) => {
      const denied = await fetch(`${api()}${path}`);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toBe('Bearer');
      const wrong = await fetch(`${api()}${path}`, {
        headers: { authorization: 'Bearer wrong' },
      });
      expect(wrong.status).toBe(401);
    });

    it('answers the API with the token', async () => {
      const res = await fetch(`${api()}/api/paths?${WINDOW}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(res.status).toBe(200);
    });

    it('keeps /metrics behind the token', async () => {
      expect((await fetch(`${origin()}/metrics`)).status).toBe(401);
    });
  },
);
