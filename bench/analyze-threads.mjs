#!/usr/bin/env node
// CPU time of each thread of `pathprof analyze FILE --format json` (Linux:
// /proc/PID/task/*/stat, read every 20 ms until the process exits): the main
// thread beside the threads Node and V8 run themselves (garbage collection,
// optimising compilation, the libuv pool) and any profiling workers. Shows
// how much of a second core one reading thread already keeps busy.
// node bench/analyze-threads.mjs FILE [-- analyze flags, e.g. --threads 1]

import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write(
    'usage: node bench/analyze-threads.mjs FILE [-- analyze flags]\n',
  );
  process.exit(2);
}
const extra = rest[0] === '--' ? rest.slice(1) : rest;
const bin = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'packages',
  'cli',
  'bin',
  'pathprof.js',
);
const ticksPerSecond = 100; // USER_HZ on Linux

const started = performance.now();
const child = spawn(
  process.execPath,
  [bin, 'analyze', file, '--format', 'json', ...extra],
  {
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
/** @type {Map<string, { name: string, ticks: number }>} */
const threads = new Map();
const sample = () => {
  let tids;
  try {
    tids = readdirSync(`/proc/${child.pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = readFileSync(
        `/proc/${child.pid}/task/${tid}/comm`,
        'utf8',
      ).trim();
      threads.set(tid, {
        name,
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // the thread ended between the listing and the read
    }
  }
};
const timer = setInterval(sample, 20);
const code = await new Promise((resolve) => child.once('exit', resolve));
clearInterval(timer);
const wallMillis = performance.now() - started;
if (code !== 0) {
  process.stderr.write(`analyze exited with ${code}\n`);
  process.exit(1);
}
const rows = [...threads].map(([tid, t]) => ({ tid: Number(tid), ...t }));
const main = rows.find((r) => r.tid === child.pid);
const others = rows
  .filter((r) => r.tid !== child.pid && r.ticks > 0)
  .sort((a, b) => b.ticks - a.ticks);
const ms = (ticks) => `${Math.round((ticks * 1000) / ticksPerSecond)} ms`;
process.stdout.write(
  [
    `analyze ${extra.join(' ')} — CPU per thread (last sample before exit; 10 ms ticks):`,
    `main thread: ${ms(main?.ticks ?? 0)}`,
    ...others.map((r) => `${r.name} (${r.tid}): ${ms(r.ticks)}`),
    `all other threads: ${ms(others.reduce((s, r) => s + r.ticks, 0))}`,
    `wall: ${Math.round(wallMillis)} ms`,
  ].join('\n') + '\n',
);
