// Wall time of a command that is not a Node script under measure-child.mjs:
// the prototype's Python reference, and the cold start of the CLI (where the
// measuring wrapper itself would be part of what is measured).

import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';

/**
 * Runs `command args`, stdout to /dev/null (or to `stdoutFile`'s stream), stdin from `stdinFile` when given.
 * @param {string} command
 * @param {string[]} args
 * @param {{ stdinFile?: string }} [options]
 * @returns {Promise<number>} wall milliseconds from spawn to exit
 */
export async function timeCommand(command, args, options = {}) {
  const started = performance.now();
  const child = spawn(command, args, {
    stdio: [
      options.stdinFile === undefined ? 'ignore' : 'pipe',
      'ignore',
      'pipe',
    ],
  });
  if (options.stdinFile !== undefined && child.stdin) {
    createReadStream(options.stdinFile).pipe(child.stdin);
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (/** @type {string} */ s) => {
    stderr = (stderr + s).slice(-4000);
  });
  const code = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` failed (exit code ${code}):\n${stderr}`,
    );
  }
  return performance.now() - started;
}

/**
 * Cold start: median wall time over `runs` of `node -e 0` (the floor), `pathprof --help`
 * and `pathprof analyze` of a one-trace file, interleaved so that load on a shared
 * machine hits all three alike.
 * @param {string} bin
 * @param {string} oneTraceFile
 * @param {number} runs
 */
export async function measureColdStart(bin, oneTraceFile, runs) {
  /** @type {Record<'node' | 'help' | 'analyzeOne', number[]>} */
  const times = { node: [], help: [], analyzeOne: [] };
  for (let i = 0; i < runs; i++) {
    times.node.push(await timeCommand(process.execPath, ['-e', '0']));
    times.help.push(await timeCommand(process.execPath, [bin, '--help']));
    times.analyzeOne.push(
      await timeCommand(process.execPath, [
        bin,
        'analyze',
        oneTraceFile,
        '--format',
        'json',
      ]),
    );
  }
  const median = (/** @type {number[]} */ xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? 0;
  };
  return {
    runs,
    nodeMillis: median(times.node),
    helpMillis: median(times.help),
    analyzeOneMillis: median(times.analyzeOne),
  };
}
