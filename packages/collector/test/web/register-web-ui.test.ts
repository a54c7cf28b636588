import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WEB_UI_NOT_BUILT,
  registerWebUi,
} from '../../src/web/register-web-ui.js';

const INDEX_HTML = '<!doctype html><title>pathprof</title>';
let dist: string;
const apps: FastifyInstance[] = [];

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'pathprof-web-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX_HTML);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'export {};\n');
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
});
afterAll(async () => {
  await Promise.all(apps.map((a) => a.close()));
  rmSync(dist, { recursive: true, force: true });
});

async function createApp(distDir: string | null): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  const notFound = registerWebUi(app, { basePath: '/jaeger', distDir });
  app.setNotFoundHandler(
    (request, reply) =>
      notFound(request, reply) ??
      reply.code(404).send({ data: null, errors: [{ code: 404 }] }),
  );
  app.get('/api/paths', () => ({ from: 'api' }));
  await app.ready();
  return app;
}

describe('registerWebUi', () => {
  it.each([
    '/',
    '/paths',
    '/path/svc-a%3Aa3',
    '/trace/abc',
    '/graph',
    '/compare',
    '/search',
    '/trace-diff',
  ])(
    'answers index.html for the client route %s so deep links load',
    async (url) => {
      const app = await createApp(dist);
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.body).toBe(INDEX_HTML);
    },
  );

  it('serves hashed assets with a long immutable cache', async () => {
    const app = await createApp(dist);
    const res = await app.inject({ url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.body).toBe('export {};\n');
  });

  it('tells the app where the API lives', async () => {
    const app = await createApp(dist);
    const res = await app.inject({ url: '/ui-config.json' });
    expect(res.json()).toEqual({ apiBase: '/jaeger' });
  });

  it('leaves /api routes and unknown paths to the rest of the server', async () => {
    const app = await createApp(dist);
    expect((await app.inject({ url: '/api/paths' })).json()).toEqual({
      from: 'api',
    });
    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/missing.js' })).statusCode).toBe(
      404,
    );
  });

  it('answers a browser’s unknown page with the app and 404, an API client’s with JSON', async () => {
    const app = await createApp(dist);
    const page = await app.inject({
      url: '/no/such/page',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toBe(INDEX_HTML);
    for (const [url, accept] of [
      ['/no/such/page', 'application/json'],
      ['/api/nope', 'text/html'],
      ['/jaeger/api/nope', 'text/html'],
    ]) {
      const res = await app.inject({ url, headers: { accept } });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/json');
    }
  });

  it('serves the icon at /favicon.svg and /favicon.ico', async () => {
    const app = await createApp(dist);
    for (const url of ['/favicon.svg', '/favicon.ico']) {
      const res = await app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('image/svg+xml');
      expect(res.body).toBe('<svg/>');
    }
  });

  it('answers 503 with the build command when the UI is not built', async () => {
    const app = await createApp(join(dist, 'absent'));
    const res = await app.inject({ url: '/paths' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toBe(WEB_UI_NOT_BUILT);
    expect(res.body).toContain('npm run build');
  });
});
