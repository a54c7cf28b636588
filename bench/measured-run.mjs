// Runs a Node script in a child process under measure-child.mjs and returns
// what it measured (wall time, CPU time, peak RSS).

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * @typedef {object} ChildReport
 * @property {number} maxRssKiB
 * @property {number} userMicros
 * @property {number} systemMicros
 * @property {number} wallMillis
 * @property {number} exitCode
 */

const MEASURE_CHILD = fileURLToPath(
  new URL('./measure-child.mjs', import.meta.url),
);
const STDERR_TAIL_CHARS = 4000;

/**
 * @param {object} p
 * @param {string} p.script  path of the Node script to run
 * @param {string[]} p.args
 * @param {'ignore' | import('node:stream').Readable} [p.stdin]
 * @param {boolean} [p.captureStdout]  otherwise stdout goes to /dev/null
 * @returns {Promise<{ report: ChildReport, stdout: string }>}
 * Rejects, with the end of the child's stderr, when the child fails.
 */
export async function runMeasured({
  script,
  args,
  stdin = 'ignore',
  captureStdout = false,
}) {
  const dir = mkdtempSync(join(tmpdir(), 'pathprof-bench-'));
  const reportFile = join(dir, 'report.json');
  try {
    const child = spawn(
      process.execPath,
      [MEASURE_CHILD, reportFile, script, ...args],
      {
        stdio: [stdin, captureStdout ? 'pipe' : 'ignore', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout
      ?.setEncoding('utf8')
      .on('data', (/** @type {string} */ s) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (/** @type {string} */ s) => {
      stderr = (stderr + s).slice(-STDERR_TAIL_CHARS);
    });
    /** @type {[number | null, string | null]} */
    const [code, signal] = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c, s) => resolve([c, s]));
    });
    if (code !== 0) {
      const how = signal ? `signal ${signal}` : `exit code ${code}`;
      throw new Error(
        `\`node ${script} ${args.join(' ')}\` failed (${how}):\n${stderr.trimEnd()}`,
      );
    }
    const report = /** @type {ChildReport} */ (
      JSON.parse(readFileSync(reportFile, 'utf8'))
    );
    return { report, stdout };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
