// Private clickhouse-server processes for benchmarks: each with its own config,
// data and logs in a temporary directory, listening on free 127.0.0.1 ports,
// a passwordless `default` user reachable from 127.0.0.1 only. `shards > 1`
// makes them the one-replica shards of one `remote_servers` cluster (no
// ZooKeeper). The same layout as the store's test servers
// (packages/store/test/clickhouse/), in a form plain node runs.

import { spawn } from 'node:child_process';
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

export const BENCH_CLUSTER = 'pathprof_bench';

/** Debian's package; the multi-binary takes `server` first. */
const COMMANDS = [
  ['/usr/sbin/clickhouse-server'],
  ['/usr/bin/clickhouse-server'],
  ['/usr/bin/clickhouse', 'server'],
];
const START_TIMEOUT_MILLIS = 30_000;
const STOP_TIMEOUT_MILLIS = 15_000;

/** @returns {string[] | null} */
export function findClickHouseCommand() {
  return COMMANDS.find(([bin]) => existsSync(bin)) ?? null;
}

/**
 * @typedef {object} RunningClickHouse
 * @property {string} url            the first server's HTTP interface (the entry)
 * @property {string[]} shardUrls    every server's HTTP interface, in shard order
 * @property {string | undefined} cluster  the cluster's name when shards > 1
 * @property {() => number | null} cpuSeconds  user + system CPU of all servers so far
 * @property {() => Promise<void>} dispose     stops the servers, removes their directories
 */

/**
 * @param {{ shards?: number }} [options]
 * @returns {Promise<RunningClickHouse>}
 */
export async function startClickHouse({ shards = 1 } = {}) {
  const command = findClickHouseCommand();
  if (command === null) {
    throw new Error(
      'clickhouse-server is not installed (Debian package clickhouse-server)',
    );
  }
  const ports = [];
  for (let i = 0; i < shards; i++) {
    ports.push({
      http: await findFreePort(),
      tcp: await findFreePort(),
      interserver: await findFreePort(),
    });
  }
  const cluster = shards > 1 ? BENCH_CLUSTER : undefined;
  const servers = [];
  const dispose = () => Promise.all(servers.map(stopServer)).then(() => {});
  try {
    for (const p of ports) {
      const dir = mkdtempSync(join(tmpdir(), 'pathprof-bench-clickhouse-'));
      writeFileSync(join(dir, 'users.xml'), USERS_XML);
      writeFileSync(
        join(dir, 'config.xml'),
        renderConfig(
          dir,
          p,
          cluster === undefined ? [] : ports.map((q) => q.tcp),
        ),
      );
      const [bin, ...args] = command;
      const child = spawn(
        bin,
        [...args, `--config-file=${join(dir, 'config.xml')}`],
        {
          cwd: dir,
          stdio: 'ignore',
        },
      );
      servers.push({ dir, child, url: `http://127.0.0.1:${p.http}` });
    }
    await Promise.all(servers.map(waitForPing));
  } catch (err) {
    await dispose();
    throw err;
  }
  return {
    url: servers[0].url,
    shardUrls: servers.map((s) => s.url),
    cluster,
    cpuSeconds: () => {
      let total = 0;
      for (const s of servers) {
        const cpu = readProcessCpuSeconds(s.child.pid);
        if (cpu === null) {
          return null;
        }
        total += cpu;
      }
      return total;
    },
    dispose,
  };
}

/** utime + stime of a Linux process from /proc, or null elsewhere. */
function readProcessCpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const TICKS_PER_SECOND = 100;
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

async function waitForPing({ url, child, dir }) {
  const deadline = Date.now() + START_TIMEOUT_MILLIS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `clickhouse-server exited (${child.exitCode}) at start; see ${dir}/error.log`,
      );
    }
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok && (await res.text()).startsWith('Ok.')) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `clickhouse-server at ${url} did not answer /ping within ${START_TIMEOUT_MILLIS} ms`,
  );
}

async function stopServer({ child, dir }) {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MILLIS);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function renderConfig(dir, ports, shardTcpPorts) {
  const cluster =
    shardTcpPorts.length === 0
      ? ''
      : `  <interserver_http_host>127.0.0.1</interserver_http_host>
  <interserver_http_port>${ports.interserver}</interserver_http_port>
  <remote_servers><${BENCH_CLUSTER}>
${shardTcpPorts
  .map(
    (port) =>
      `    <shard><replica><host>127.0.0.1</host><port>${port}</port></replica></shard>`,
  )
  .join('\n')}
  </${BENCH_CLUSTER}></remote_servers>
`;
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog><console>0</console></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${ports.http}</http_port>
  <tcp_port>${ports.tcp}</tcp_port>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>268435456</mark_cache_size>
  <max_concurrent_queries>100</max_concurrent_queries>
  <keep_alive_timeout>1</keep_alive_timeout>
${cluster}</yandex>
`;
}

const USERS_XML = `<?xml version="1.0"?>
<yandex>
  <profiles><default><poll_interval>1</poll_interval></default></profiles>
  <users><default>
    <password></password>
    <networks><ip>127.0.0.1</ip></networks>
    <profile>default</profile>
    <quota>default</quota>
  </default></users>
  <quotas><default></default></quotas>
</yandex>
`;
