import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';

/**
 * `count` distinct ports free on `host` right now: all are held open until
 * every one is chosen, so none is handed out twice.
 */
export async function findFreePorts(
  count: number,
  host: string,
): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve());
      });
      ports.push((server.address() as AddressInfo).port);
    }
    return ports;
  } finally {
    await Promise.all(
      servers.map(
        (s) => new Promise<void>((resolve) => s.close(() => resolve())),
      ),
    );
  }
}
