// Where a benchmark ran: @pathprof/measure's machine description (CPU model, cores,
// memory, Node, OS) plus the commit measured. Needs the built packages.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { describeMachine as describeHost } from '../packages/measure/dist/index.js';

/**
 * @typedef {object} MachineInfo
 * @property {string} cpuModel
 * @property {number} cores      usable by this process
 * @property {number} memoryGiB
 * @property {string} node
 * @property {string} os
 * @property {string} commit     short hash, `+dirty` when the tree has changes, or `unknown`
 */

/**
 * @param {string} repoRoot
 * @returns {MachineInfo}
 */
export function describeMachine(repoRoot) {
  return { ...describeHost(), commit: readCommit(repoRoot) };
}

/** @param {string} repoRoot */
function readCommit(repoRoot) {
  try {
    const git = (/** @type {string[]} */ ...args) =>
      execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
    const hash = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain').length > 0 ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}

/** One line for a benchmark's Markdown: the date, the machine, the commit and the load average now. */
export function describeRunLine(repoRoot) {
  const m = describeMachine(repoRoot);
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${new Date().toISOString().slice(0, 10)}, ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.os}, commit ${m.commit}, load average ${load} at the end`;
}

/** Writes `data` as JSON to bench/out/NAME-<time>.json; returns the file's path. */
export function writeBenchSamples(repoRoot, name, data) {
  const outDir = join(repoRoot, 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  const file = join(
    outDir,
    `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(file, JSON.stringify(data, null, 1));
  return file;
}
