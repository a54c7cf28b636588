/**
 * Which requests reach the web UI's static files without the bearer token:
 * the app's shell, its hashed assets, `/ui-config.json` and its client
 * routes. They carry no data (the app asks for the token when an API call
 * answers 401), so a `--token` collector stays usable from a browser while
 * every API route, `/metrics` and ingest keep requiring the token. Anything
 * under a non-empty base path is API territory, and paths with dot segments
 * are never public.
 */
import { WEB_UI_ROUTES } from './register-web-ui.js';

const STATIC_FILES = new Set([
  '/index.html',
  '/ui-config.json',
  '/favicon.svg',
  '/favicon.ico',
]);
const ASSETS_PREFIX = '/assets/';
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export function isPublicUiPath(path: string, basePath: string): boolean {
  if (DOT_SEGMENT.test(path)) {
    return false;
  }
  if (basePath !== '' && path.startsWith(`${basePath}/`)) {
    return false;
  }
  return (
    STATIC_FILES.has(path) ||
    path.startsWith(ASSETS_PREFIX) ||
    WEB_UI_ROUTES.some((route) =>
      route.endsWith('/*')
        ? path.startsWith(route.slice(0, -1))
        : path === route,
    )
  );
}
