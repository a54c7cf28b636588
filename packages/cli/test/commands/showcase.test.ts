import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/shared/cli-io.js';
import {
  runShowcaseUp,
  SHOWCASE_MESSAGES,
} from '../../src/showcase/run-showcase-up.js';
import { runCli } from '../cli-harness.js';

const BIN = fileURLToPath(new URL('../../bin/pathprof.js', import.meta.url));

/** Whether a process is running (a zombie counts as gone). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true;
  }
}

function pidsIn(text: string): number[] {
  return [...text.matchAll(/\(pid (\d+)\)/g)].map((m) => Number(m[1]));
}

function captureIo(): {
  io: CliIo;
  stdout: () => string;
  stderr: () => string;
} {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    io: { stdin: Readable.from([]), stdout, stderr, nowMicros: () => 0 },
    stdout: () => out,
    stderr: () => err,
  };
}

describe('pathprof showcase up: usage', () => {
  it('rejects an unknown system with exit code 2', async () => {
    const r = await runCli(['showcase', 'up', '--sys', 'mesh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(SHOWCASE_MESSAGES.badSystem('mesh'));
  });

  it('requires --sys', async () => {
    const r = await runCli(['showcase', 'up']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--sys');
  });

  it.each([
    ['--base-port', 'abc', SHOWCASE_MESSAGES.badBasePort('abc')],
    ['--base-port', '80', SHOWCASE_MESSAGES.badBasePort('80')],
    ['--otlp-endpoint', 'ftp://x', SHOWCASE_MESSAGES.badEndpoint('ftp://x')],
    [
      '--otlp-endpoint',
      'collector',
      SHOWCASE_MESSAGES.badEndpoint('collector'),
    ],
  ])('rejects %s %s with exit code 2', async (flag, value, message) => {
    const r = await runCli(['showcase', 'up', '--sys', 'toy', flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('lists the command in the help', async () => {
    const r = await runCli(['showcase', 'up', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--sys <system>');
    expect(r.stdout).toContain('--otlp-endpoint <url>');
    expect(r.stdout).toContain('--base-port <n>');
  });
});

describe('pathprof showcase up: running', () => {
  it('prints the URLs and curl lines, serves until stopped, then stops every service', async () => {
    const { io, stdout } = captureIo();
    let stopNow!: (reason: string) => void;
    const stopped = new Promise<string>((resolve) => (stopNow = resolve));
    const running = runShowcaseUp(
      { sys: 'toy', quiet: true },
      io,
      () => stopped,
    );
    while (!stdout().includes('Ctrl-C stops all services.')) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const text = stdout();
    expect(text).toMatch(/^showcase toy is up: 2 services, spans not exported/);
    expect(text).toMatch(
      / {2}rolldice-a {2}http:\/\/127\.0\.0\.1:\d+\/app_a\/v1 {2}\(pid \d+\)/,
    );
    const curl =
      /curl (http:\/\/127\.0\.0\.1:\d+\/app_a\/v1\/rolldice\/3)/.exec(text);
    expect(curl).not.toBeNull();
    const answer = await fetch(curl![1]!);
    expect(await answer.text()).toMatch(/^rolldice-a rolled 3 dice/);
    const pids = pidsIn(text);
    expect(pids).toHaveLength(2);
    expect(pids.every(isAlive)).toBe(true);
    stopNow('test');
    await running;
    expect(stdout()).toContain(
      'stopping 2 services (test)…\nall services stopped\n',
    );
    expect(pids.filter(isAlive)).toEqual([]);
  });

  it('exits with 1 naming the service that failed to start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve),
    );
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await runCli([
        'showcase',
        'up',
        '--sys',
        'toy',
        '--base-port',
        String(port),
        '--quiet',
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `pathprof: showcase up: rolldice-a exited with code 1 (port ${port})`,
      );
      expect(r.stderr).toContain('EADDRINUSE');
    } finally {
      blocker.close();
    }
  });

  it('stops every service when the pathprof process gets SIGTERM', async () => {
    const cli = spawn(
      process.execPath,
      [BIN, 'showcase', 'up', '--sys', 'toy', '--quiet'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    cli.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) =>
      cli.once('exit', resolve),
    );
    await new Promise<void>((resolve, reject) => {
      cli.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Ctrl-C stops all services.')) {
          resolve();
        }
      });
      void exited.then((code) =>
        reject(new Error(`pathprof exited with ${code}: ${err}`)),
      );
    });
    const pids = pidsIn(out);
    expect(pids).toHaveLength(2);
    cli.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain(
      'stopping 2 services (SIGTERM)…\nall services stopped\n',
    );
    expect(pids.filter(isAlive)).toEqual([]);
  });
});
