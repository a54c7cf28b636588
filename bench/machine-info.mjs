// Where a benchmark ran: the CLI's machine description (CPU model, cores,
// memory, Node, OS) plus the commit measured. Needs the built CLI.

import { execFileSync } from 'node:child_process';
import { describeMachine as describeHost } from '../packages/cli/dist/index.js';

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
