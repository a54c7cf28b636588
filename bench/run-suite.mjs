// The benchmarks beyond `pathprof analyze`, one after another, each in its
// own process with its defaults (the sizes docs/BENCHMARKS.md reports), or
// with a quick size for a smoke run. `npm run bench -- --suite NAME` lands
// here; every script prints its Markdown table on stdout.
//   collector   OTLP/HTTP acknowledgement (beside a null sink, open-loop p99,
//               path index rate), OTLP/protobuf ingest, store ingest and
//               searches, the stored 1M-trace profile, the demo's
//               start-to-profile time, the UI's Paths view and every view's
//               time to usable
//   ui          only the UI's two (ui-paths-render.mjs, ui-views-render.mjs)
//   clickhouse  DuckDB, one ClickHouse server and a 2-shard cluster; then
//               ClickHouse ingest by one collector into one server, and by
//               one and by two collectors into the 2-shard cluster
//   fuzz        every decoder and receiver fed over 1M fuzzed inputs
//   soak        the collector at 20 000 spans/s for 10 minutes, RSS each second;
//               then under overload (32 clients of 4 096-span bodies) beside
//               its unloaded rate, and its memory after the load
//   all         collector and clickhouse

import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** [script, full-size arguments, --quick arguments] */
const SUITES = {
  collector: [
    ['collector-ack.mjs', [], ['--spans', '50000', '--open-seconds', '5']],
    ['collector-ingest.mjs', [], ['--spans', '50000', '--runs', '1']],
    ['store-ingest.mjs', ['--spans', '10000000'], ['--spans', '200000']],
    [
      'store-profile.mjs',
      ['--traces', '1000000', '--runs', '1'],
      ['--traces', '10000', '--runs', '1'],
    ],
    ['demo-startup.mjs', ['--runs', '3'], ['--runs', '1']],
    ['ui-paths-render.mjs', [], ['--traces', '10000', '--runs', '1']],
    [
      'ui-views-render.mjs',
      ['--traces', '100000', '--runs', '3'],
      ['--traces', '10000', '--runs', '1'],
    ],
  ],
  soak: [
    [
      'collector-soak.mjs',
      [],
      ['--seconds', '30', '--rate', '2000', '--warmup', '10'],
    ],
    [
      'collector-overload.mjs',
      [],
      ['--seconds', '10', '--warmup', '3', '--idle', '5'],
    ],
  ],
  fuzz: [
    [
      'fuzz-receivers.mjs',
      [],
      ['--decoder-runs', '5000', '--receiver-runs', '500'],
    ],
  ],
  clickhouse: [
    [
      'clickhouse-compare.mjs',
      ['--spans', '10000000'],
      ['--spans', '100000', '--runs', '3'],
    ],
    // Ingest by one collector into one server, then one and two collectors
    // into a 2-shard cluster (512-span appends, as OTLP bodies arrive), two
    // through the Distributed table and two writing straight to the shards.
    ...[
      ['--shards', '1', '--collectors', '1'],
      ['--shards', '2', '--collectors', '1'],
      ['--shards', '2', '--collectors', '2'],
      ['--shards', '2', '--collectors', '2', '--shard-inserts'],
    ].map((shape) => [
      'clickhouse-ingest.mjs',
      [...shape, '--spans', '2000000', '--batch', '512', '--concurrency', '64'],
      [...shape, '--spans', '100000', '--batch', '512', '--concurrency', '64'],
    ]),
  ],
};

SUITES.ui = SUITES.collector.filter(([script]) => script.startsWith('ui-'));

/** Runs a suite; returns the exit code (the first failure's, else 0). */
export function runSuite(name, quick) {
  const scripts =
    name === 'all' ? [...SUITES.collector, ...SUITES.clickhouse] : SUITES[name];
  if (scripts === undefined) {
    process.stderr.write(
      `bench: --suite must be analyze, collector, ui, clickhouse, fuzz, soak or all, got "${name}"\n`,
    );
    return 2;
  }
  let code = 0;
  for (const [script, full, small] of scripts) {
    const args = [join(HERE, script), ...(quick ? small : full)];
    process.stderr.write(`bench: node ${args.join(' ')}\n`);
    const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (run.status !== 0 && code === 0) {
      code = run.status ?? 1;
    }
  }
  return code;
}
