/** A scriptable HTTP server on 127.0.0.1, port 0, for load and overhead tests. */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  readonly url: string;
  /** Request paths in arrival order. */
  readonly received: string[];
  close(): Promise<void>;
}

export async function startFakeServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<FakeServer> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    received.push(req.url ?? '');
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export { findClosedPort } from '../../sources/test/jaeger/fake-jaeger.js';

export function answer(res: ServerResponse, status = 200, body = 'ok\n'): void {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.end(body);
}
