/**
 * The generic HTTP server of every showcase service: routes under the mount
 * point (`/a/v1/a1`), `GET /healthz` (and `/health`), an optional
 * `GET /metrics`, one log line per request, and a graceful close that stops
 * accepting, lets in-flight requests finish, then drops idle connections.
 */
import http from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RouteHandler } from './instrumentation.js';
import type { Logger } from './log.js';
import { describeError } from './log.js';

export interface Route {
  readonly handle: RouteHandler;
  /** How many path segments may follow the route name (default 0). */
  readonly maxParams?: number;
}

export interface HttpServiceOptions {
  /** e.g. `/a/v1`; routes are `{mount}/{name}`, the route named `''` is the mount itself. */
  readonly mount: string;
  readonly routes: ReadonlyMap<string, Route>;
  /** Prometheus text for `GET /metrics`. */
  readonly metrics?: () => string;
  readonly log: Logger;
}

export interface HttpService {
  readonly server: Server;
  /** Listens; resolves to the bound port. */
  listen(port: number, host: string | undefined): Promise<number>;
  /** Stops accepting and resolves when in-flight requests are done (or the deadline cut them). */
  close(deadlineMillis: number): Promise<void>;
}

export const HEALTH_PATHS: readonly string[] = ['/healthz', '/health'];
export const METRICS_PATH = '/metrics';
const IDLE_SWEEP_MILLIS = 50;

export function createHttpService(options: HttpServiceOptions): HttpService {
  const { mount, routes, metrics, log } = options;
  let closing = false;

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    res.on('finish', () => {
      log('request', {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs:
          Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        traceId: traceIdOf(req),
      });
    });
    if (closing) {
      res.setHeader('connection', 'close');
    }
    void dispatch(req, res, path);
  });

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        sendText(res, 405, 'only GET is served\n');
        return;
      }
      if (HEALTH_PATHS.includes(path)) {
        sendText(res, closing ? 503 : 200, closing ? 'closing\n' : 'ok\n');
        return;
      }
      if (path === METRICS_PATH && metrics !== undefined) {
        sendText(res, 200, metrics(), 'text/plain; version=0.0.4');
        return;
      }
      const match = matchRoute(path);
      if (match === undefined) {
        sendText(res, 404, `no route ${path}\n`);
        return;
      }
      await match.route.handle(req, res, match.params);
      if (!res.headersSent) {
        sendText(res, 500, 'the handler sent no answer\n');
      }
    } catch (err) {
      log('error', { path, message: describeError(err) });
      if (!res.headersSent) {
        sendText(res, 500, `${describeError(err)}\n`);
      } else if (!res.writableEnded) {
        res.end();
      }
    }
  }

  function matchRoute(
    path: string,
  ): { route: Route; params: string[] } | undefined {
    if (path !== mount && !path.startsWith(`${mount}/`)) {
      return undefined;
    }
    const rest = path
      .slice(mount.length)
      .split('/')
      .filter((s) => s !== '');
    const name = rest[0] ?? '';
    const route = routes.get(name);
    const params = rest.slice(1).map((s) => decodeURIComponent(s));
    if (route === undefined || params.length > (route.maxParams ?? 0)) {
      return undefined;
    }
    return { route, params };
  }

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      }),
    close: (deadlineMillis) =>
      new Promise((resolve) => {
        closing = true;
        const sweep = setInterval(
          () => server.closeIdleConnections(),
          IDLE_SWEEP_MILLIS,
        );
        const deadline = setTimeout(() => {
          log('close-deadline', { deadlineMillis });
          server.closeAllConnections();
        }, deadlineMillis);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** The W3C or B3 trace id of the request, for the log line. */
function traceIdOf(req: IncomingMessage): string | undefined {
  const traceparent = req.headers.traceparent;
  if (typeof traceparent === 'string') {
    return traceparent.split('-')[1];
  }
  const b3 = req.headers['x-b3-traceid'];
  return typeof b3 === 'string' ? b3 : undefined;
}
