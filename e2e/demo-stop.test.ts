/**
 * `pathprof demo` as a user runs it, in a child process: Ctrl-C (SIGINT)
 * after the profile stops the collector and every showcase service, and a
 * busy port is refused with a message before anything else starts.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(
  new URL('../packages/cli/bin/pathprof.js', import.meta.url),
);

function startDemo(args: string[]): {
  readonly output: () => string;
  readonly exited: Promise<number | null>;
  readonly kill: (signal: NodeJS.Signals) => void;
  readonly waitFor: (text: string) => Promise<void>;
} {
  const child = spawn(process.execPath, [BIN, 'demo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const waiting: [string, () => void][] = [];
  const onData = (c: Buffer): void => {
    out += c.toString();
    for (const [text, resolve] of waiting) {
      if (out.includes(text)) {
        resolve();
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    output: () => out,
    exited,
    kill: (signal) => child.kill(signal),
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) {
          resolve();
          return;
        }
        waiting.push([text, resolve]);
        void exited.then((code) =>
          reject(
            new Error(`demo exited with ${code} before "${text}":\n${out}`),
          ),
        );
      }),
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('pathprof demo in its own process', () => {
  it('stops the collector and every showcase service on Ctrl-C', async () => {
    const demo = startDemo([
      '--sys',
      'toy',
      '--duration',
      '2s',
      '--port',
      '0',
      '--no-progress',
    ]);
    await demo.waitFor('Ctrl-C stops everything');
    const ui = /^UI +(\S+)/m.exec(demo.output())?.[1];
    const entry = /^showcase entry +(\S+)/m.exec(demo.output())?.[1];
    expect(ui).toBeDefined();
    expect(entry).toBeDefined();
    expect(await answers(ui!)).toBe(true);
    expect(await answers(entry!)).toBe(true);
    demo.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(await answers(ui!)).toBe(false);
    expect(await answers(entry!)).toBe(false);
  }, 120_000);

  it('refuses a busy port with a message and exit code 1', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) =>
      blocker.listen(0, '127.0.0.1', resolve),
    );
    const port = (blocker.address() as AddressInfo).port;
    try {
      const demo = startDemo([
        '--port',
        String(port),
        '--once',
        '--no-progress',
      ]);
      expect(await demo.exited).toBe(1);
      expect(demo.output()).toContain(
        `the query port ${port} on 127.0.0.1 is in use: stop the process holding it, or pass --port 0 for a free port`,
      );
    } finally {
      blocker.close();
    }
  }, 60_000);
});
