/**
 * Serves the web UI at the root of the query port, whatever the API's base
 * path: `/assets/*` from the built bundle (hashed names, cached for a year),
 * `index.html` for the UI's own client routes (so deep links load), and
 * `/ui-config.json`, which tells the app where the API lives; `/index.html`
 * redirects to `/`. These need no token (is-public-ui-path.ts). Only these
 * routes are registered, so `/api/*`, the base path, `/metrics` and
 * `/healthz` are never shadowed. Without a build, the UI's routes answer 503
 * saying how to build it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { locateWebDist } from './locate-web-dist.js';

/** The app's client routes; keep in step with packages/web/src/app.tsx. */
export const WEB_UI_ROUTES = [
  '/',
  '/paths',
  '/path/*',
  '/trace',
  '/trace/*',
  '/graph',
  '/compare',
] as const;

export const WEB_UI_NOT_BUILT =
  'The pathprof web UI is not built. Run `npm run build` (or `npm run build -w @pathprof/web`) in the pathprof repository, then restart the collector.\n';

export interface WebUiConfig {
  /** Prefix of the query API, e.g. `/jaeger`; '' when the API is at the root. */
  readonly apiBase: string;
}

export function registerWebUi(
  app: FastifyInstance,
  options: { readonly basePath: string; readonly distDir?: string | null },
): void {
  const distDir =
    options.distDir === undefined ? locateWebDist() : options.distDir;
  const indexFile = distDir === null ? null : join(distDir, 'index.html');
  const config: WebUiConfig = { apiBase: options.basePath };

  if (distDir !== null && existsSync(join(distDir, 'assets'))) {
    void app.register(fastifyStatic, {
      root: join(distDir, 'assets'),
      prefix: '/assets/',
      decorateReply: false,
      immutable: true,
      maxAge: '365d',
      index: false,
    });
  }

  app.get('/index.html', (_request, reply) => reply.redirect('/'));
  app.get('/ui-config.json', (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(config),
  );

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    const html =
      indexFile === null ? null : await readFile(indexFile).catch(() => null);
    if (html === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(WEB_UI_NOT_BUILT);
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html);
  };
  for (const route of WEB_UI_ROUTES) {
    app.get(route, (_request, reply) => sendIndex(reply));
  }
}
