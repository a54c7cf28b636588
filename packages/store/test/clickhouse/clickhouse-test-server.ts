/**
 * A private `clickhouse-server` for tests: its own config, data and logs in a
 * temporary directory, HTTP and native ports chosen free on 127.0.0.1, a
 * passwordless `default` user reachable from 127.0.0.1 only. Nothing touches
 * the system service or the default ports. A server joins a test cluster
 * (`joinCluster`, before `start`) with an interserver port of its own.
 *
 * Missing binary: tests skip outside CI and fail in CI (`process.env.CI`).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  renderServerConfig,
  renderUsersConfig,
} from './clickhouse-test-config.js';
import type { TestClusterConfig } from './clickhouse-test-config.js';

/** Where Debian's package puts the server; the multi-binary takes `server` first. */
const CANDIDATES: readonly (readonly string[])[] = [
  ['/usr/sbin/clickhouse-server'],
  ['/usr/bin/clickhouse-server'],
  ['/usr/bin/clickhouse', 'server'],
];
const START_TIMEOUT_MILLIS = 30_000;
const STOP_TIMEOUT_MILLIS = 10_000;

/** The command that starts a server, or null when none is installed. */
export function findClickHouseServer(): readonly string[] | null {
  const found = CANDIDATES.find(([bin]) => existsSync(bin!)) ?? null;
  if (
    found === null &&
    process.env['CI'] !== undefined &&
    process.env['CI'] !== ''
  ) {
    throw new Error(
      'clickhouse-server is not installed; CI installs the Debian package clickhouse-server',
    );
  }
  return found;
}

export class ClickHouseTestServer {
  readonly #command: readonly string[];
  #dir = '';
  #child: ChildProcess | undefined;
  #httpPort = 0;
  #tcpPort = 0;
  #cluster: TestClusterConfig | undefined;

  constructor(command: readonly string[]) {
    this.#command = command;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#httpPort}`;
  }

  /** Picks the ports (once) and returns the native TCP one, for cluster configs. */
  async reservePorts(): Promise<number> {
    if (this.#httpPort === 0) {
      this.#httpPort = await findFreePort();
      this.#tcpPort = await findFreePort();
    }
    return this.#tcpPort;
  }

  /** Makes the server a member of `cluster` from its next first start. */
  joinCluster(cluster: TestClusterConfig): void {
    this.#cluster = cluster;
  }

  /**
   * Starts on fresh ports, or on the same ports and data when restarting;
   * no-op while running. A standalone server that exits at its first start
   * (a port taken between choosing it and binding it, by the other test
   * files running at once) is tried again on new ports, twice at most.
   */
  async start(): Promise<void> {
    if (this.#child !== undefined && this.#child.exitCode === null) {
      return;
    }
    for (let attempt = 1; ; attempt++) {
      const first = this.#dir === '';
      try {
        await this.#startOnce();
        return;
      } catch (err) {
        if (!first || this.#cluster !== undefined || attempt >= 3) {
          throw err;
        }
        rmSync(this.#dir, { recursive: true, force: true });
        this.#dir = '';
        this.#httpPort = 0;
        this.#tcpPort = 0;
      }
    }
  }

  async #startOnce(): Promise<void> {
    if (this.#dir === '') {
      await this.reservePorts();
      this.#dir = mkdtempSync(join(tmpdir(), 'pathprof-clickhouse-'));
      writeFileSync(join(this.#dir, 'users.xml'), renderUsersConfig());
      writeFileSync(
        join(this.#dir, 'config.xml'),
        renderServerConfig({
          dir: this.#dir,
          httpPort: this.#httpPort,
          tcpPort: this.#tcpPort,
          ...(this.#cluster === undefined ? {} : { cluster: this.#cluster }),
        }),
      );
    }
    const [bin, ...args] = this.#command;
    const child = spawn(
      bin!,
      [...args, `--config-file=${join(this.#dir, 'config.xml')}`],
      {
        cwd: this.#dir,
        stdio: 'ignore',
      },
    );
    this.#child = child;
    const exited = new Promise<never>((_, reject) => {
      child.once('exit', (code) =>
        reject(
          new Error(
            `clickhouse-server exited (${code}) at start: ${this.#lastLogLine()}`,
          ),
        ),
      );
    });
    try {
      await Promise.race([this.#waitForPing(), exited]);
    } catch (err) {
      await this.kill();
      throw err;
    }
  }

  /** The last line of the server's error log, or why there is none. */
  #lastLogLine(): string {
    try {
      const lines = readFileSync(join(this.#dir, 'error.log'), 'utf8')
        .trim()
        .split('\n');
      return lines[lines.length - 1] ?? '(empty error.log)';
    } catch {
      return '(no error.log)';
    }
  }

  /** SIGTERM, then SIGKILL after a grace period; the data stays. */
  stop(): Promise<void> {
    return this.#end('SIGTERM');
  }

  /** SIGKILL at once, as a crash would end it; the data stays. */
  kill(): Promise<void> {
    return this.#end('SIGKILL');
  }

  async #end(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => resolve()),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MILLIS);
    await exited;
    clearTimeout(timer);
  }

  /**
   * Stops the server and removes its directory: thousands of files after a
   * contract run (a part is two files per column), which takes tens of
   * seconds on a busy disk — callers give this hook two minutes.
   */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.#dir !== '') {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }

  async #waitForPing(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MILLIS;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`${this.url}/ping`);
        if (res.ok && (await res.text()).startsWith('Ok.')) {
          return;
        }
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(
      `clickhouse-server did not answer /ping within ${START_TIMEOUT_MILLIS} ms`,
    );
  }
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port =
        typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
