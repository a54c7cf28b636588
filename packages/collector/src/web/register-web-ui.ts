/**
 * Serves the web UI at the root of the query port, whatever the API's base
 * path: `/assets/*` from the built bundle (hashed names, cached for a year),
 * `index.html` for the UI's own client routes (so deep links load), and
 * `/ui-config.json`, which tells the app where the API lives; `/index.html`
 * redirects to `/`. These need no token (is-public-ui-path.ts). Only these
 * routes are registered, so `/api/*`, the base path, `/metrics` and
 * `/healthz` are never shadowed. Without a build, the UI's routes answer 503
 * saying how to build it. A browser asking for an unknown page (a GET that
 * accepts HTML, outside the API) gets the app with status 404, which shows
 * its own "no such page" view instead of a JSON error.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
  '/search',
  '/trace-diff',
] as const;

export const WEB_UI_NOT_BUILT =
  'The pathprof web UI is not built. Run `npm run build` (or `npm run build -w @pathprof/web`) in the pathprof repository, then restart the collector.\n';

export interface WebUiConfig {
  /** Prefix of the query API, e.g. `/jaeger`; '' when the API is at the root. */
  readonly apiBase: string;
}

/** Answers an unknown page: the app's shell with 404, or null when this is not a browser's page request. */
export type SendUiNotFound = (
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<FastifyReply> | null;

export function registerWebUi(
  app: FastifyInstance,
  options: { readonly basePath: string; readonly distDir?: string | null },
): SendUiNotFound {
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
  // the icon (an SVG in public/), also where browsers look without a link
  const iconFile = distDir === null ? null : join(distDir, 'favicon.svg');
  const sendIcon = async (reply: FastifyReply): Promise<FastifyReply> => {
    const icon =
      iconFile === null ? null : await readFile(iconFile).catch(() => null);
    return icon === null
      ? reply.code(404).type('text/plain; charset=utf-8').send('no icon\n')
      : reply
          .type('image/svg+xml')
          .header('cache-control', 'public, max-age=86400')
          .send(icon);
  };
  app.get('/favicon.svg', (_request, reply) => sendIcon(reply));
  app.get('/favicon.ico', (_request, reply) => sendIcon(reply));
  app.get('/ui-config.json', (_request, reply) =>
    reply.header('cache-control', 'no-cache').send(config),
  );

  const sendIndex = async (
    reply: FastifyReply,
    status = 200,
  ): Promise<FastifyReply> => {
    const html =
      indexFile === null ? null : await readFile(indexFile).catch(() => null);
    if (html === null) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(WEB_UI_NOT_BUILT);
    }
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(html);
  };
  for (const route of WEB_UI_ROUTES) {
    app.get(route, (_request, reply) => sendIndex(reply));
  }
  return (request, reply) => {
    const path = request.url.split('?', 1)[0]!;
    const accept = request.headers.accept ?? '';
    const api =
      path.startsWith('/api/') ||
      (options.basePath !== '' &&
        (path === options.basePath || path.startsWith(`${options.basePath}/`)));
    return request.method === 'GET' && accept.includes('text/html') && !api
      ? sendIndex(reply, 404)
      : null;
  };
}
