import { once } from 'node:events';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HOP_CPU_MS_ATTR,
  HOP_WALL_MS_ATTR,
  profiled,
} from '../../src/index.js';
import { burnCpu, numberAttr, sleep, startTestTracing } from '../helpers.js';

const t = startTestTracing();
afterAll(() => t.tracing.shutdown());

// Tolerances are wide on purpose: CI machines are small and noisy.
describe('CPU attribution under concurrency', () => {
  it('charges each of two overlapping calls only its own CPU time', async () => {
    // time ─────────────────────────────────────────►
    // busy: [·5ms·][burn 25][·1ms·][burn 25]
    // idle: [······ await setTimeout 60 ms ·········]
    const busy = profiled('busy', async () => {
      await sleep(5);
      burnCpu(25);
      await sleep(1);
      burnCpu(25);
    });
    const idle = profiled('idle', async () => {
      await sleep(60);
    });
    await Promise.all([idle(), busy()]);

    const busyCpu = numberAttr(t.span('busy'), HOP_CPU_MS_ATTR);
    const idleCpu = numberAttr(t.span('idle'), HOP_CPU_MS_ATTR);
    expect(busyCpu).toBeGreaterThanOrEqual(40);
    expect(busyCpu).toBeLessThanOrEqual(80);
    expect(idleCpu).toBeLessThan(5);
    // The idle call overlapped the busy one: its wall time covers the burns.
    expect(numberAttr(t.span('idle'), HOP_WALL_MS_ATTR)).toBeGreaterThanOrEqual(
      55,
    );
  });
});

describe('CPU attribution of long-lived handles', () => {
  let server: Server | undefined;
  afterAll(() => new Promise((resolve) => server?.close(resolve)));

  it("does not charge a socket's later callbacks to the hop that opened it", async () => {
    server = createNetServer((socket) => socket.pipe(socket)); // echo
    await new Promise<void>((resolve) =>
      server!.listen(0, '127.0.0.1', resolve),
    );
    const { port } = server.address() as AddressInfo;
    // Warm up: a first connect() loads and compiles net's internals.
    const warm = connect(port, '127.0.0.1');
    await once(warm, 'connect');
    warm.destroy();
    let socket: Socket | undefined;
    let releaseOpener: () => void = () => {};

    // opener: connects, then stays open while another hop uses its socket.
    const opener = profiled('opener', async () => {
      socket = connect(port, '127.0.0.1');
      await once(socket, 'connect');
      await new Promise<void>((resolve) => (releaseOpener = resolve));
    });
    // user: its data callback (burning 20 ms) runs in the socket's callbacks.
    const user = profiled('user', async () => {
      const echoed = once(socket!, 'data');
      socket!.once('data', () => burnCpu(20));
      socket!.write('ping');
      await echoed;
    });

    const opened = opener();
    await sleep(5);
    await user();
    releaseOpener();
    await opened;
    socket!.destroy();

    expect(numberAttr(t.span('opener'), HOP_CPU_MS_ATTR)).toBeLessThan(5);
  });
});
