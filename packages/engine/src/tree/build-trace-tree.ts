/**
 * Assembles one trace's spans into a tree, without recursion and without
 * mutating the input.
 *
 * Invariants of the result:
 * - every node is reachable from exactly one root (orphans and cycle members
 *   become extra roots, each reported);
 * - a CHILD_OF child lies within its parent's repaired interval: a child of
 *   another service that fits is shifted (with its subtree) as Jaeger's clock
 *   skew adjuster does, anything else is clipped as CRISP's sanitiser does;
 * - FOLLOWS_FROM and link children, messaging spans and children that
 *   began after their parent ended keep their times (async work may outlive).
 *
 *   input                      repaired
 *   A [----------]             A [----------]
 *   B(other svc)  [----]   =>  B       [----]     shifted left by 4
 *   C(same svc) [--------]     C [----------]     clipped
 */
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import type { ParentLink, TraceNode, TraceTree } from './trace-tree.js';
import { indexSpans } from './index-spans.js';
import { repairTiming } from './repair-timing.js';
import { sortByStart } from '../internal/sort-by-start.js';
import { float64s, int32s, uint8s } from '../internal/typed-slab.js';

export interface BuildTraceTreeResult {
  readonly tree: TraceTree;
  readonly warnings: readonly TraceWarning[];
}

/** Builds the tree of one trace's spans (all with the same trace id). */
export function buildTraceTree(
  traceId: TraceId,
  spans: readonly Span[],
): BuildTraceTreeResult {
  const warnings: TraceWarning[] = [];
  const { kept, parents: parent, links } = indexSpans(traceId, spans, warnings);
  const n = kept.length;
  // a cycle needs a span whose parent comes after it in the input
  for (let i = 0; i < n; i++) {
    if (parent[i]! > i) {
      breakCycles(traceId, kept, parent, links, warnings);
      break;
    }
  }

  const starts = float64s(n);
  for (let i = 0; i < n; i++) {
    starts[i] = kept[i]!.startMicros;
  }
  const childLists = new Array<number[]>(n);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    if (p < 0) {
      roots.push(i);
    } else {
      const list = childLists[p];
      if (list === undefined) {
        childLists[p] = [i];
      } else {
        list.push(i);
      }
    }
  }
  if (roots.length > 1) {
    warnings.push({
      code: 'multiple-roots',
      traceId,
      message: `trace has ${roots.length} roots`,
    });
    sortByStart(roots, starts);
  }
  for (let i = 0; i < n; i++) {
    const list = childLists[i];
    if (list === undefined) {
      childLists[i] = [];
    } else if (list.length > 1) {
      sortByStart(list, starts);
    }
  }

  const preorder = computePreorder(roots, childLists);
  const timing = repairTiming(
    traceId,
    kept,
    parent,
    links,
    childLists,
    preorder,
    warnings,
  );
  const depth = int32s(n);
  for (let k = 0; k < n; k++) {
    const i = preorder[k]!;
    const p = parent[i]!;
    depth[i] = p < 0 ? 0 : depth[p]! + 1;
  }
  const nodes: TraceNode[] = new Array<TraceNode>(n);
  for (let i = 0; i < n; i++) {
    const p = parent[i]!;
    nodes[i] = {
      span: kept[i]!,
      parent: p,
      parentLink: p < 0 ? 'root' : links[i]!,
      children: childLists[i]!,
      startMicros: timing.start[i]!,
      endMicros: timing.end[i]!,
      depth: depth[i]!,
    };
  }
  return { tree: { traceId, nodes, roots, preorder }, warnings };
}

/**
 * Nodes not reachable from a root sit on (or hang below) a parent cycle.
 * Each cycle is cut at its earliest-starting member, which becomes a root.
 */
function breakCycles(
  traceId: TraceId,
  spans: readonly Span[],
  parent: Int32Array,
  links: ParentLink[],
  warnings: TraceWarning[],
): void {
  const n = parent.length;
  // state: 0 unknown, 1 on the current walk, 2 resolved (reaches a root)
  const state = uint8s(n);
  const walk: number[] = [];
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) {
      continue;
    }
    walk.length = 0;
    let cur = start;
    while (cur >= 0 && state[cur] === 0) {
      state[cur] = 1;
      walk.push(cur);
      cur = parent[cur]!;
    }
    if (cur >= 0 && state[cur] === 1) {
      // cur is on this walk: the cycle is walk[indexOf(cur)..]
      const from = walk.indexOf(cur);
      let cut = cur;
      for (let k = from; k < walk.length; k++) {
        const i = walk[k]!;
        if (spans[i]!.startMicros < spans[cut]!.startMicros) {
          cut = i;
        }
      }
      parent[cut] = -1;
      links[cut] = 'root';
      warnings.push({
        code: 'reference-cycle',
        traceId,
        spanId: spans[cut]!.spanId,
        message: `span ${spans[cut]!.spanId} is on a cycle of ${walk.length - from} parent references; it was made a root`,
      });
    }
    for (const i of walk) {
      state[i] = 2;
    }
  }
}

function computePreorder(
  roots: readonly number[],
  children: readonly (readonly number[])[],
): number[] {
  const order: number[] = [];
  const stack: number[] = [];
  for (let r = roots.length - 1; r >= 0; r--) {
    stack.push(roots[r]!);
  }
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    const kids = children[i]!;
    for (let k = kids.length - 1; k >= 0; k--) {
      stack.push(kids[k]!);
    }
  }
  return order;
}
