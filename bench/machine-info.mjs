// Where a benchmark ran: CPU model, cores, memory, Node version, commit.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

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
  return {
    cpuModel: readCpuModel(),
    cores: os.availableParallelism(),
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    commit: readCommit(repoRoot),
  };
}

function readCpuModel() {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) {
      return line.slice(line.indexOf(':') + 1).trim();
    }
  } catch {
    // not Linux: fall back to what Node reports
  }
  return os.cpus()[0]?.model ?? 'unknown';
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
