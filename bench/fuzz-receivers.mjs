#!/usr/bin/env node
// The fuzz suite of packages/collector/test/fuzz at benchmark size: every
// decoder a receiver uses, in-process, and every receiver of a running
// collector (HTTP, gRPC, UDP) on the embedded store, each fed inputs that
// fast-check makes from valid messages (fuzz-arbitraries.ts). The same tests
// run in CI with a few hundred inputs each; here PATHPROF_FUZZ_RUNS raises
// that, and PATHPROF_FUZZ_REPORT collects what every target sent and how it
// was answered. A crash, a 5xx, a gRPC server-side status, an uncounted UDP
// datagram or an error log fails the run (exit code 1); the table says how
// many inputs each target got and how they were answered.
//
// node bench/fuzz-receivers.mjs [--decoder-runs N] [--receiver-runs N]
//   --decoder-runs   inputs per decoder target (9 targets; default 125000)
//   --receiver-runs  inputs per receiver target (7 targets; default 20000)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine-info.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opts } = parseArgs({
  options: {
    'decoder-runs': { type: 'string', default: '125000' },
    'receiver-runs': { type: 'string', default: '20000' },
  },
  strict: true,
});

const SUITES = [
  ['packages/collector/test/fuzz/decoders-fuzz.test.ts', opts['decoder-runs']],
  [
    'packages/collector/test/fuzz/receivers-fuzz.test.ts',
    opts['receiver-runs'],
  ],
];

const dir = mkdtempSync(join(tmpdir(), 'pathprof-fuzz-'));
const report = join(dir, 'report.jsonl');
const started = Date.now();
let failed = false;
try {
  for (const [file, runs] of SUITES) {
    process.stderr.write(`fuzz: ${file} with ${runs} inputs per target\n`);
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'),
        'run',
        file,
        '--testTimeout',
        String(24 * 3600 * 1000),
      ],
      {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: {
          ...process.env,
          PATHPROF_FUZZ_RUNS: runs,
          PATHPROF_FUZZ_REPORT: report,
        },
      },
    );
    failed ||= run.status !== 0;
  }
  const tallies = readFileSync(report, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const total = tallies.reduce((n, t) => n + t.inputs, 0);
  const serverErrors = tallies.reduce(
    (n, t) =>
      n +
      Object.entries(t.outcomes)
        .filter(
          ([k]) =>
            /^5\d\d$/.test(k) ||
            ['INTERNAL', 'UNKNOWN', 'UNAVAILABLE'].includes(k),
        )
        .reduce((m, [, v]) => m + v, 0),
    0,
  );
  const m = describeMachine(ROOT);
  const machine = `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, commit ${m.commit}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')} at the end`;
  const lines = [
    `node bench/fuzz-receivers.mjs --decoder-runs ${opts['decoder-runs']} --receiver-runs ${opts['receiver-runs']}`,
    `${new Date(started).toISOString().slice(0, 10)}, ${machine}; ${((Date.now() - started) / 60_000).toFixed(1)} min in all`,
    '',
    '| target | inputs | answers | inputs/s |',
    '| --- | ---: | --- | ---: |',
    ...tallies.map(
      (t) =>
        `| ${t.target} | ${t.inputs.toLocaleString('en-US')} | ${Object.entries(
          t.outcomes,
        )
          .sort((a, b) => b[1] - a[1])
          .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
          .join(
            ', ',
          )} | ${Math.round(t.inputs / t.seconds).toLocaleString('en-US')} |`,
    ),
    `| **all** | **${total.toLocaleString('en-US')}** | ${serverErrors} server errors; ${failed ? 'FAILED (see the output above)' : '0 crashes, every property held'} | |`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
