#!/usr/bin/env node
// node bench/demo-startup.mjs [--runs N] [--duration 5s] [--rps 20]   (after `npm run build`)
// Times `pathprof demo --once` from process start to the first byte of the
// printed profile, with the phases read from its status lines on stderr:
// collector up, showcase up, load done, profile printed. Prints a Markdown
// table of medians; the load phase lasts --duration by design.

import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine-info.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BIN = join(ROOT, 'packages', 'cli', 'bin', 'pathprof.js');

const { values: opts } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5s' },
    rps: { type: 'string', default: '20' },
  },
});

const PHASES = [
  ['collector up', /^collector up/],
  ['showcase up', /^showcase .* up/],
  ['load done', /^load done/],
];

/** @returns {Promise<Record<string, number>>} milliseconds from spawn per phase */
function runOnce() {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const marks = {};
    const child = spawn(
      process.execPath,
      [
        BIN,
        'demo',
        '--once',
        '--duration',
        opts.duration,
        '--rps',
        opts.rps,
        '--port',
        '0',
        '--no-progress',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk) => {
      err += chunk.toString();
      for (const line of err.split('\n')) {
        for (const [name, pattern] of PHASES) {
          if (marks[name] === undefined && pattern.test(line)) {
            marks[name] = performance.now() - start;
          }
        }
      }
    });
    child.stdout.once('data', () => {
      marks['profile printed'] = performance.now() - start;
    });
    child.once('exit', (code) => {
      marks['exited'] = performance.now() - start;
      if (code !== 0) {
        reject(new Error(`demo exited with ${code}: ${err.slice(-500)}`));
      } else {
        resolve(marks);
      }
    });
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const runs = [];
for (let i = 0; i < Number(opts.runs); i++) {
  runs.push(await runOnce());
  process.stderr.write(`run ${i + 1}: ${JSON.stringify(runs.at(-1))}\n`);
}
const machine = describeMachine(ROOT);
console.log(
  `\`pathprof demo --once --duration ${opts.duration} --rps ${opts.rps}\`, ${runs.length} runs, ${new Date().toISOString().slice(0, 10)}, ${machine.cpuModel} (${machine.cores} cores), Node ${machine.node}, commit ${machine.commit}\n`,
);
console.log('| phase (from process start) | median s | min s | max s |');
console.log('| --- | ---: | ---: | ---: |');
for (const name of [...PHASES.map(([n]) => n), 'profile printed', 'exited']) {
  const values = runs.map((r) => r[name]).filter((v) => v !== undefined);
  const f = (ms) => (ms / 1000).toFixed(2);
  console.log(
    `| ${name} | ${f(median(values))} | ${f(Math.min(...values))} | ${f(Math.max(...values))} |`,
  );
}
