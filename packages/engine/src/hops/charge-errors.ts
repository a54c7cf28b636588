/**
 * Errors are never lost by folding: an errored span that is not a hop charges
 * its error to the hop it belongs to.
 * - A folded proxy span wrapping a hop (an ingress gateway, or Envoy's route
 *   timeout around the service it called) charges the first hop below it: a
 *   request that failed at the proxy is an errored request of that hop.
 * - Any other span (a framework, local, client or messaging span; a proxy
 *   wrapping no hop) charges the hop enclosing it: a hop of its own service
 *   above it or beside its chain, else the hop that would have called it.
 * - Failing both, a hop below it, else the trace's first root hop.
 *
 *   gw (proxy, 504) ─ P_a ─ a1            a1 carries gw's error (proxy)
 *   b1 ─ SELECT (client, error)            b1 carries the SELECT's (span)
 *
 * Each hop keeps the first span whose error it carries (`errorSource`).
 */
import type { Span } from '@pathprof/model';
import type { TraceTree } from '../tree/trace-tree.js';
import type { Hop } from './hop-tree.js';
import { describeErrorSource, isErrorSpan } from './recognise-hops.js';
import { int32s } from '../internal/typed-slab.js';

/** The hop that called work starting at `startMicros` whose walk continues at node `from`, or -1. */
type FindCaller = (from: number, startMicros: number) => number;

export function chargeErrors(
  tree: TraceTree,
  hops: readonly Hop[],
  hopIndex: Int32Array,
  proxy: Uint8Array,
  findCaller: FindCaller,
): readonly Hop[] {
  const { nodes, preorder } = tree;
  let charged: Hop[] | undefined;
  let position: Int32Array | undefined;
  for (let k = 0; k < preorder.length; k++) {
    const i = preorder[k]!;
    if (hopIndex[i]! >= 0 || !isErrorSpan(nodes[i]!.span)) {
      continue;
    }
    position ??= positionsOf(preorder);
    const isProxy = proxy[i] === 1;
    let target = isProxy ? firstHopBelow(tree, hopIndex, position, i) : -1;
    if (target < 0) {
      target = enclosingHop(tree, hops, hopIndex, i, findCaller);
    }
    if (target < 0) {
      target = firstHopBelow(tree, hopIndex, position, i);
    }
    if (target < 0) {
      target = firstRootHop(hops, hopIndex, tree);
    }
    if (target < 0) {
      continue;
    }
    charged ??= [...hops];
    const hop = charged[target]!;
    if (!hop.error) {
      charged[target] = {
        ...hop,
        error: true,
        errorSource: describeErrorSource(
          isProxy ? 'proxy' : 'span',
          nodes[i]!.span,
        ),
      };
    }
  }
  return charged ?? hops;
}

function positionsOf(preorder: readonly number[]): Int32Array {
  const position = int32s(preorder.length);
  preorder.forEach((node, k) => {
    position[node] = k;
  });
  return position;
}

/** The first hop in the subtree of node `i` (in depth-first order), or -1. */
function firstHopBelow(
  tree: TraceTree,
  hopIndex: Int32Array,
  position: Int32Array,
  i: number,
): number {
  const { nodes, preorder } = tree;
  const depth = nodes[i]!.depth;
  for (let k = position[i]! + 1; k < preorder.length; k++) {
    const j = preorder[k]!;
    if (nodes[j]!.depth <= depth) {
      break;
    }
    if (hopIndex[j]! >= 0) {
      return hopIndex[j]!;
    }
  }
  return -1;
}

/** A hop of the span's own service above it or beside its chain, else its caller. */
function enclosingHop(
  tree: TraceTree,
  hops: readonly Hop[],
  hopIndex: Int32Array,
  i: number,
  findCaller: FindCaller,
): number {
  const { nodes } = tree;
  const span: Span = nodes[i]!.span;
  for (let cur = nodes[i]!.parent; cur >= 0; cur = nodes[cur]!.parent) {
    if (hopIndex[cur]! >= 0 && hops[hopIndex[cur]!]!.service === span.service) {
      return hopIndex[cur]!;
    }
    for (const c of nodes[cur]!.children) {
      const h = hopIndex[c]!;
      if (c !== i && h >= 0 && hops[h]!.service === span.service) {
        return h;
      }
    }
    if (nodes[cur]!.span.service !== span.service) {
      break;
    }
  }
  const p = nodes[i]!.parent;
  if (p < 0) {
    return -1;
  }
  return hopIndex[p]! >= 0
    ? hopIndex[p]!
    : findCaller(p, nodes[i]!.startMicros);
}

function firstRootHop(
  hops: readonly Hop[],
  hopIndex: Int32Array,
  tree: TraceTree,
): number {
  for (const i of tree.preorder) {
    if (hopIndex[i]! >= 0) {
      return hopIndex[i]!;
    }
  }
  return hops.length > 0 ? 0 : -1;
}
