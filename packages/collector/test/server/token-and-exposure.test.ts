/**
 * The token cannot be switched off by accident: an empty or blank one is
 * refused before any port opens, and surrounding whitespace (a trailing
 * newline from a secret file) is ignored. Which hosts count as loopback
 * decides the open-collector warning and the Host check.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createMemoryStore } from '@pathprof/store';
import { afterEach, describe, expect, it } from 'vitest';
import { isLoopbackHost, startCollector } from '../../src/index.js';
import { EMPTY_TOKEN_MESSAGE } from '../../src/server/collector-options.js';
import type { TestCollector } from '../test-collector.js';
import { startTestCollector } from '../test-collector.js';

let collector: TestCollector | undefined;
afterEach(async () => {
  await collector?.close();
  collector = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the bearer token', () => {
  it.each(['', ' ', '\n\t'])(
    'refuses the token %j and opens no port',
    async (token) => {
      const port = await freePort();
      await expect(
        startCollector({
          store: createMemoryStore(),
          token,
          queryPort: port,
          otlpPort: null,
          zipkinPort: null,
          log: null,
        }),
      ).rejects.toThrow(new RangeError(EMPTY_TOKEN_MESSAGE));
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    },
  );

  it('ignores whitespace around the token', async () => {
    collector = await startTestCollector({ token: ' s3cret\n' });
    const url = `${collector.queryUrl}/api/services`;
    expect((await fetch(url)).status).toBe(401);
    const ok = await fetch(url, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(ok.status).toBe(200);
  });
});

describe('isLoopbackHost', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
    'localhost.',
    'app.localhost',
  ])('counts %s as loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    '0.0.0.0',
    '::',
    '10.0.0.1',
    '192.168.1.5',
    '::2',
    'localhost.example.com',
    'example.com',
    '127.0.0.1.nip.io',
    '',
  ])('does not count %j as loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
