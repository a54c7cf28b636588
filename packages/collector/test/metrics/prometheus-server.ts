/**
 * Runs a real Prometheus for a test: its own config, storage and loopback
 * port in a temporary directory, removed again by `stop()`.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Where Debian's `prometheus` package puts the binary, when it is not on PATH. */
const DEBIAN_BINARY = '/usr/bin/prometheus';
const STOP_GRACE_MILLIS = 10_000;

export interface PrometheusSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PrometheusServer {
  readonly url: string;
  /** An instant query through `/api/v1/query`. */
  query(expression: string): Promise<PrometheusSample[]>;
  /** SIGTERM, then SIGKILL after a grace period; removes the temporary directory. */
  stop(): Promise<void>;
}

/** The `prometheus` binary on PATH, else Debian's, else undefined. */
export function findPrometheus(): string | undefined {
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const candidates = [...dirs.map((d) => join(d, 'prometheus')), DEBIAN_BINARY];
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export async function startPrometheus(
  binary: string,
  scrapeConfigs: readonly object[],
  deadline: number,
): Promise<PrometheusServer> {
  const dir = await mkdtemp(join(tmpdir(), 'pathprof-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s' },
    scrape_configs: scrapeConfigs,
  };
  // JSON is YAML, so no YAML writer is needed.
  await writeFile(join(dir, 'prometheus.yml'), JSON.stringify(config));
  const url = `http://127.0.0.1:${await findFreePort()}`;
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=${url.slice('http://'.length)}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child, deadline, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    query: (expression) => queryInstant(url, expression),
    stop,
  };
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  deadline: number,
  readLog: () => string,
): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`prometheus exited early:\n${readLog()}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) {
      return;
    }
    await sleep(200);
  }
  throw new Error(`prometheus was not ready in time:\n${readLog()}`);
}

async function queryInstant(
  url: string,
  expression: string,
): Promise<PrometheusSample[]> {
  const res = await fetch(
    `${url}/api/v1/query?query=${encodeURIComponent(expression)}`,
  );
  const body = (await res.json()) as {
    status: string;
    data?: {
      result: { metric: Record<string, string>; value: [number, string] }[];
    };
  };
  if (body.status !== 'success' || body.data === undefined) {
    throw new Error(`query ${expression} failed: ${JSON.stringify(body)}`);
  }
  return body.data.result.map((r) => ({
    metric: r.metric,
    value: Number(r.value[1]),
  }));
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => resolve()),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MILLIS);
  await exited;
  clearTimeout(timer);
}

async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function sleep(millis: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, millis));
}
