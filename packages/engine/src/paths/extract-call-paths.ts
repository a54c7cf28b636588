/**
 * Root-to-leaf hop sequences of a hop tree, in call order. Every leaf hop ends
 * exactly one path; a path is incomplete when any of its hops is marked so.
 *
 *   a3 ─┬─ e1 ─┬─ f1      paths: a3 > e1 > f1
 *       │      └─ d2             a3 > e1 > d2
 *       └─ g1                    a3 > g1
 */
import type { HopTree } from '../hops/hop-tree.js';
import type { PathKeyStrategy } from './path-key.js';
import { joinPathKey } from './path-key.js';

export interface CallPath {
  readonly key: string;
  /** One label per position (after folding runs). */
  readonly labels: readonly string[];
  /** Hop indexes per position; a folded run lists several. */
  readonly positions: readonly (readonly number[])[];
  readonly incomplete: boolean;
}

/**
 * Most path positions kept per trace, summed over its paths. A broom-shaped
 * trace (a long chain that fans out into many leaves) would otherwise need
 * chain length × leaves; past the budget the remaining paths are skipped and
 * counted.
 */
export const MAX_PATH_POSITIONS_PER_TRACE = 1_000_000;

export interface CallPaths {
  readonly paths: CallPath[];
  /** Leaf hops whose path was not built because of the budget. */
  readonly skipped: number;
}

export function extractCallPaths(
  hopTree: HopTree,
  strategy: PathKeyStrategy,
  maxPositions = MAX_PATH_POSITIONS_PER_TRACE,
): CallPaths {
  const { hops, children, roots, incomplete } = hopTree;
  const paths: CallPath[] = [];
  let positions = 0;
  let skipped = 0;
  const chain: number[] = [];
  // iterative DFS: a negative entry marks "leave this hop"
  const stack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) {
    stack.push(roots[r]!);
  }
  while (stack.length > 0) {
    const h = stack.pop()!;
    if (h < 0) {
      chain.pop();
      continue;
    }
    chain.push(h);
    const kids = children[h]!;
    if (kids.length === 0) {
      if (positions + chain.length <= maxPositions) {
        positions += chain.length;
        paths.push(buildPath(chain, hops, incomplete, strategy));
      } else {
        skipped++;
      }
      chain.pop();
      continue;
    }
    stack.push(-1);
    for (let k = kids.length - 1; k >= 0; k--) {
      stack.push(kids[k]!);
    }
  }
  return { paths, skipped };
}

function buildPath(
  chain: readonly number[],
  hops: HopTree['hops'],
  incompleteFlags: Uint8Array,
  strategy: PathKeyStrategy,
): CallPath {
  const labels: string[] = [];
  const positions: number[][] = [];
  let incomplete = false;
  for (const h of chain) {
    const label = strategy.labelHop(hops[h]!);
    incomplete ||= incompleteFlags[h] === 1;
    if (
      strategy.collapseRuns &&
      labels.length > 0 &&
      labels[labels.length - 1] === label
    ) {
      positions[positions.length - 1]!.push(h);
      continue;
    }
    labels.push(label);
    positions.push([h]);
  }
  return { key: joinPathKey(labels), labels, positions, incomplete };
}
