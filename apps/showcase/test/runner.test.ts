import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startShowcase } from '../src/runner/start-showcase.js';
import { ShowcaseError } from '../src/showcase-error.js';
import type { ShowcaseLogLine } from '../src/runner/start-showcase.js';
import { get, isAlive } from './helpers.js';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));

async function waitUntilGone(
  pids: readonly number[],
  millis: number,
): Promise<void> {
  const deadline = Date.now() + millis;
  while (pids.some(isAlive) && Date.now() < deadline) {
    await sleep(50);
  }
}

function pidsOf(services: readonly { pid: number | undefined }[]): number[] {
  return services.map((s) => s.pid).filter((p): p is number => p !== undefined);
}

describe('startShowcase', () => {
  it('starts the toy on 127.0.0.1 and stops it leaving no process', async () => {
    const lines: ShowcaseLogLine[] = [];
    const showcase = await startShowcase({
      sys: 'toy',
      log: (l) => lines.push(l),
    });
    const pids = pidsOf(showcase.services);
    try {
      expect(showcase.services.map((s) => s.name)).toEqual([
        'rolldice-a',
        'rolldice-b',
      ]);
      expect(pids).toHaveLength(2);
      expect(pids.every(isAlive)).toBe(true);
      expect(showcase.entryUrl).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/app_a\/v1$/,
      );
      expect(showcase.services[1]!.url).toMatch(/\/app_b\/v1$/);
      expect(showcase.otlpEndpoint).toBeUndefined();
      const answer = await get(`${showcase.entryUrl}/rolldice/2`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatch(/^rolldice-a rolled 2 dice: [1-6] [1-6]/);
      expect((await get(`${showcase.services[1]!.url}/home`)).body).toContain(
        'rolldice-b',
      );
    } finally {
      await showcase.stop();
    }
    expect(pids.filter(isAlive)).toEqual([]);
    await showcase.stop(); // a second stop is harmless
    const events = lines
      .filter((l) => l.stream === 'stdout')
      .map(
        (l) =>
          `${l.service} ${(JSON.parse(l.line) as { event: string }).event}`,
      );
    expect(events).toEqual(
      expect.arrayContaining([
        'rolldice-a listening',
        'rolldice-a request',
        'rolldice-a stopping',
        'rolldice-a stopped',
        'rolldice-b stopped',
      ]),
    );
    expect(lines.filter((l) => l.stream === 'stderr')).toEqual([]);
  });

  it('stops the started services and names the one that failed when a port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve),
    );
    const taken = (blocker.address() as AddressInfo).port;
    try {
      const error = await startShowcase({ sys: 'toy', basePort: taken }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(ShowcaseError);
      expect((error as ShowcaseError).code).toBe('SHOWCASE_ERR_START');
      const e = (error as ShowcaseError).start!;
      const message = (error as ShowcaseError).message;
      expect(e.service).toBe('rolldice-a');
      expect(message).toContain(
        `rolldice-a exited with code 1 (port ${taken})`,
      );
      expect(message).toContain('EADDRINUSE');
      expect(e.logTail.some((l) => l.includes('listen-failed'))).toBe(true);
      const pids = pidsOf(e.services);
      expect(pids).toHaveLength(2);
      expect(pids.filter(isAlive)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('reports the configuration error of a service that refuses its environment', async () => {
    const error = await startShowcase({
      sys: 'toy',
      env: { PATHPROF_SDK: 'bogus' },
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ShowcaseError);
    expect((error as ShowcaseError).code).toBe('SHOWCASE_ERR_START');
    expect((error as Error).message).toContain('exited with code 2');
    expect((error as Error).message).toContain(
      'PATHPROF_SDK must be one of full, otel-only, off, got \\"bogus\\"',
    );
    expect(
      pidsOf((error as ShowcaseError).start!.services).filter(isAlive),
    ).toEqual([]);
  });

  it('stops everything when the services are not ready in time', async () => {
    const error = await startShowcase({
      sys: 'toy',
      startTimeoutMillis: 1,
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ShowcaseError);
    expect((error as ShowcaseError).code).toBe('SHOWCASE_ERR_START');
    expect((error as Error).message).toMatch(
      /did not answer \/healthz within 1 ms/,
    );
    expect(
      pidsOf((error as ShowcaseError).start!.services).filter(isAlive),
    ).toEqual([]);
  });

  it('leaves no service behind when the runner process is killed', async () => {
    const script = [
      "import { startShowcase } from '@pathprof/showcase';",
      "const s = await startShowcase({ sys: 'toy' });",
      'console.log(JSON.stringify(s.services.map((x) => x.pid)));',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const runner = spawn(
      process.execPath,
      ['--input-type=module', '-e', script],
      {
        cwd: REPO,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const pids = await new Promise<number[]>((resolve, reject) => {
      let out = '';
      runner.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) {
          resolve(JSON.parse(out.split('\n')[0]!) as number[]);
        }
      });
      runner.once('exit', (code) =>
        reject(new Error(`runner exited with ${code}`)),
      );
    });
    expect(pids.every(isAlive)).toBe(true);
    runner.kill('SIGKILL');
    await waitUntilGone(pids, 10_000);
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
