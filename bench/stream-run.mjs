// The streaming benchmark: generate-seed-traces.mjs piped straight into the
// analyze command's stdin (nothing on disk), with the analyze side measured.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runMeasured } from './measured-run.mjs';

/** @typedef {import('./measured-run.mjs').ChildReport} ChildReport */
/** @typedef {{ traces: number, spans: number, bytes: number, millis: number }} GeneratorStats */

const GENERATOR = fileURLToPath(
  new URL('./generate-seed-traces.mjs', import.meta.url),
);

/**
 * Runs `generate-seed-traces --traces N | node <analyzeBin> analyze - --format json`.
 * @param {{ analyzeBin: string, traces: number, seed: number }} p
 * @returns {Promise<{ report: ChildReport, generated: GeneratorStats }>}
 */
export async function runStreamed({ analyzeBin, traces, seed }) {
  const generator = startGenerator(traces, seed, 'pipe');
  const pipe = /** @type {import('node:stream').Readable} */ (
    generator.child.stdout
  );
  const analyzed = runMeasured({
    script: analyzeBin,
    args: ['analyze', '-', '--format', 'json'],
    stdin: pipe,
  });
  // The analyze child holds its own copy of the pipe's read end from here on;
  // ours would never be read, and would keep the generator's 'close' from firing.
  pipe.destroy();
  const [{ report }, generated] = await Promise.all([analyzed, generator.done]);
  return { report, generated };
}

/**
 * Runs the generator alone into /dev/null: how fast can it feed the pipe?
 * @param {number} traces
 * @param {number} seed
 * @returns {Promise<GeneratorStats>}
 */
export async function measureGenerator(traces, seed) {
  return startGenerator(traces, seed, 'ignore').done;
}

/**
 * @param {number} traces
 * @param {number} seed
 * @param {'pipe' | 'ignore'} stdout
 */
function startGenerator(traces, seed, stdout) {
  const child = spawn(
    process.execPath,
    [GENERATOR, '--traces', String(traces), '--seed', String(seed), '--stats'],
    {
      stdio: ['ignore', stdout, 'pipe'],
    },
  );
  let stderr = '';
  child.stderr
    .setEncoding('utf8')
    .on('data', (/** @type {string} */ s) => (stderr += s));
  /** @type {Promise<GeneratorStats>} */
  const done = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const last = stderr.trimEnd().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) {
        reject(
          new Error(
            `the trace generator failed (exit code ${code}):\n${stderr}`,
          ),
        );
        return;
      }
      resolve(/** @type {GeneratorStats} */ (JSON.parse(last)));
    });
  });
  return { child, done };
}
