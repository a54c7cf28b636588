import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One request the fake Jaeger received. */
export interface FakeRequest {
  path: string;
  /** The query string exactly as sent, without the `?`. */
  rawQuery: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** How the fake answers; `undefined` from a route gives Go's plain `404 page not found`. */
export interface FakeAnswer {
  status?: number;
  body?: string;
  contentType?: string;
  /** Wait this long before sending anything (timeouts). */
  delayMillis?: number;
}

export type FakeRoute = (request: FakeRequest) => FakeAnswer | undefined;

export interface FakeJaeger {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const FIXTURES = path.join(REPO_ROOT, 'packages/sources/test/fixtures/jaeger');
const SHARED_TRACES = path.resolve(REPO_ROOT, 'fixtures/traces');

/** A recorded answer from `packages/sources/test/fixtures/jaeger/`. */
export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** A real trace file from `fixtures/traces/` (see its README). */
export function readSharedTrace(name: string): string {
  return readFileSync(path.join(SHARED_TRACES, name), 'utf8');
}

/** A JSON answer (status 200 unless given). */
export function json(body: string, status = 200): FakeAnswer {
  return { status, body, contentType: 'application/json' };
}

/** An empty v1 search answer, as Jaeger writes it. */
export const V1_EMPTY =
  '{"data":[],"total":0,"limit":0,"offset":0,"errors":null}';

/** Starts an HTTP server on 127.0.0.1, a free port, answering through `route`. */
export async function startFakeJaeger(route: FakeRoute): Promise<FakeJaeger> {
  const requests: FakeRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    const request: FakeRequest = {
      path: q < 0 ? target : target.slice(0, q),
      rawQuery: q < 0 ? '' : target.slice(q + 1),
      query: new URLSearchParams(q < 0 ? '' : target.slice(q + 1)),
      headers: req.headers,
    };
    requests.push(request);
    const answer = route(request) ?? {
      status: 404,
      body: '404 page not found\n',
      contentType: 'text/plain',
    };
    const send = (): void => {
      res.writeHead(answer.status ?? 200, {
        'content-type': answer.contentType ?? 'application/json',
      });
      res.end(answer.body ?? '');
    };
    if (answer.delayMillis === undefined) {
      send();
    } else {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, answer.delayMillis);
      timers.add(timer);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) {
          clearTimeout(timer);
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nothing listens on (a server was bound to it and closed). */
export async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
