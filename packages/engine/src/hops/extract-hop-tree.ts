/**
 * Arranges a trace's hops by caller. The caller of hop X is found walking up
 * from X's span: the first ancestor that is a hop, or, from the grandparent
 * up, an ancestor with a hop among its children. The second rule follows the
 * seed's mesh, where services forward the incoming headers, so the callee's
 * proxy span hangs beside the caller's hop instead of below it:
 *
 *   P_a (proxy app-a)           hops: a1 -> b1
 *   ├─ a1_summary               b1 walks up P_b, then finds a1 beside P_b
 *   └─ P_b (proxy app-b)
 *      └─ b1_summary
 *
 * Hop X is marked incomplete when, between it and its caller, the walk passes
 * an unprofiled service entry (an entry span whose service has no hop there),
 * on the chain itself or beside a proxy span of the chain (the seed's c2skip).
 * Walks are memoised, so a trace costs O(spans).
 */
import type { Span } from '@pathprof/model';
import type { TraceTree } from '../tree/trace-tree.js';
import type { Hop, HopTree } from './hop-tree.js';
import { TIMING_ROUNDING_MICROS } from '../tree/repair-timing.js';
import { chargeErrors } from './charge-errors.js';
import { isProxySpan } from './is-proxy-span.js';
import { isEntry, recogniseHops } from './recognise-hops.js';

export interface ExtractHopTreeOptions {
  /**
   * Keep Istio/Envoy proxy spans as hops (default false). A trace made only of
   * proxy spans keeps them anyway, so a mesh without application tracing still
   * shows its paths.
   */
  readonly keepProxies?: boolean;
  /** Overrides proxy recognition. */
  readonly isProxy?: (span: Span) => boolean;
}

const UNRESOLVED = -2;

export function extractHopTree(
  tree: TraceTree,
  options: ExtractHopTreeOptions = {},
): HopTree {
  const { nodes, preorder } = tree;
  const n = nodes.length;
  const isProxy = options.isProxy ?? isProxySpan;
  let recognised = recogniseHops(tree, options.keepProxies ?? false, isProxy);
  if (
    !recognised.hopOf.some((h) => h !== undefined) &&
    options.keepProxies !== true
  ) {
    // a mesh without application tracing: the proxies are all there is
    recognised = recogniseHops(tree, true, isProxy);
  }
  const { hopOf, proxy, profiled } = recognised;

  const hops: Hop[] = [];
  const hopIndex = new Int32Array(n).fill(-1);
  for (const i of preorder) {
    const hop = hopOf[i];
    if (hop !== undefined) {
      hopIndex[i] = hops.length;
      hops.push(hop);
    }
  }
  // hops that may be found beside a chain: a kept proxy hop is a caller only
  // of what hangs below it in the span tree
  const hopChildNodes = new Map<number, number[]>();
  for (const hop of hops) {
    const p = nodes[hop.node]!.parent;
    if (p >= 0 && hop.source !== 'proxy') {
      let list = hopChildNodes.get(p);
      if (list === undefined) {
        list = [];
        hopChildNodes.set(p, list);
      }
      list.push(hop.node);
    }
  }

  const missing = profiled
    ? findMissingEntries(tree, hops, hopIndex, proxy, hopChildNodes)
    : new Uint8Array(n);
  const missingChild = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const p = nodes[i]!.parent;
    if (missing[i] === 1 && p >= 0 && proxy[p] === 1) {
      missingChild[p] = 1;
    }
  }

  // stop[i]: where a walk continuing at node i ends (a hop node, a node with hop
  // children, or -1 at the top); flag[i]: whether it passes a missing hop on the way.
  const stop = new Int32Array(n).fill(UNRESOLVED);
  const flag = new Uint8Array(n);
  const pathNodes: number[] = [];
  const resolve = (from: number): void => {
    pathNodes.length = 0;
    let cur = from;
    while (cur >= 0 && stop[cur] === UNRESOLVED) {
      if (hopIndex[cur]! >= 0 || hopChildNodes.has(cur)) {
        stop[cur] = cur;
        flag[cur] = hopIndex[cur]! < 0 && missing[cur] === 1 ? 1 : 0;
        break;
      }
      pathNodes.push(cur);
      cur = nodes[cur]!.parent;
    }
    const end = cur < 0 ? -1 : stop[cur]!;
    let f = cur < 0 ? 0 : flag[cur]!;
    for (let k = pathNodes.length - 1; k >= 0; k--) {
      const i = pathNodes[k]!;
      f = f | missing[i]! | missingChild[i]!;
      stop[i] = end;
      flag[i] = f;
    }
  };

  /**
   * The hop that called work starting at `startMicros` whose walk continues at
   * node `from`: the first hop node on the way up, or the last hop beside the
   * chain that had started by then; -1 when none.
   */
  const findCaller = (
    from: number,
    startMicros: number,
  ): { readonly hop: number; readonly passesMissing: number } => {
    let f = 0;
    let cur = from;
    while (cur >= 0) {
      if (stop[cur] === UNRESOLVED) {
        resolve(cur);
      }
      f |= flag[cur]!;
      const s = stop[cur]!;
      if (s < 0) {
        return { hop: -1, passesMissing: f };
      }
      if (hopIndex[s]! >= 0) {
        return { hop: hopIndex[s]!, passesMissing: f };
      }
      const c = pickCaller(hops, hopIndex, hopChildNodes.get(s)!, startMicros);
      if (c >= 0) {
        return { hop: hopIndex[c]!, passesMissing: f };
      }
      cur = nodes[s]!.parent;
    }
    return { hop: -1, passesMissing: f };
  };

  const parent = new Int32Array(hops.length).fill(-1);
  const incomplete = new Uint8Array(hops.length);
  for (let h = 0; h < hops.length; h++) {
    const x = hops[h]!.node;
    const p = nodes[x]!.parent;
    if (p < 0) {
      continue;
    }
    if (hopIndex[p]! >= 0) {
      parent[h] = hopIndex[p]!;
      continue;
    }
    const g = nodes[p]!.parent;
    const caller = findCaller(g, hops[h]!.startMicros);
    incomplete[h] = missing[p]! | caller.passesMissing;
    parent[h] = caller.hop;
  }

  const charged = chargeErrors(tree, hops, hopIndex, proxy, findCaller);

  const children: number[][] = Array.from({ length: hops.length }, () => []);
  const roots: number[] = [];
  for (let h = 0; h < hops.length; h++) {
    const p = parent[h]!;
    if (p < 0) {
      roots.push(h);
    } else {
      children[p]!.push(h);
    }
  }
  const byStart = (a: number, b: number): number =>
    hops[a]!.startMicros - hops[b]!.startMicros || a - b;
  for (const list of children) {
    if (list.length > 1) {
      list.sort(byStart);
    }
  }
  roots.sort(byStart);
  return {
    traceId: tree.traceId,
    hops: charged,
    parent,
    children,
    roots,
    incomplete,
  };
}

/**
 * Among sibling hops of the chain, the caller is the last one started by the
 * time the callee starts (within the tracer's rounding); -1 when all started
 * later: work never calls what began after it.
 */
function pickCaller(
  hops: readonly Hop[],
  hopIndex: Int32Array,
  candidates: readonly number[],
  calleeStartMicros: number,
): number {
  let best = -1;
  let bestStart = -Infinity;
  for (const c of candidates) {
    const start = hops[hopIndex[c]!]!.startMicros;
    if (
      start <= calleeStartMicros + TIMING_ROUNDING_MICROS &&
      start > bestStart
    ) {
      best = c;
      bestStart = start;
    }
  }
  return best;
}

/**
 * Service entries that no hop covers: no hop of the same service in the entry's
 * own stretch of that service above a hop, nor beside it. Only meaningful in
 * traces that carry profiled hops.
 */
function findMissingEntries(
  tree: TraceTree,
  hops: readonly Hop[],
  hopIndex: Int32Array,
  proxy: Uint8Array,
  hopChildNodes: ReadonlyMap<number, readonly number[]>,
): Uint8Array {
  const { nodes } = tree;
  const n = nodes.length;
  const covered = new Uint8Array(n);
  for (const hop of hops) {
    let cur = nodes[hop.node]!.parent;
    while (
      cur >= 0 &&
      covered[cur] === 0 &&
      nodes[cur]!.span.service === hop.service
    ) {
      covered[cur] = 1;
      cur = nodes[cur]!.parent;
    }
  }
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (
      covered[i] === 1 ||
      proxy[i] === 1 ||
      hopIndex[i]! >= 0 ||
      !isEntry(nodes, i)
    ) {
      continue;
    }
    const node = nodes[i]!;
    const beside =
      node.parent >= 0 ? hopChildNodes.get(node.parent) : undefined;
    if (
      beside?.some((c) => nodes[c]!.span.service === node.span.service) === true
    ) {
      continue;
    }
    if (node.span.operation.endsWith('_performance_metrics')) {
      continue;
    }
    missing[i] = 1;
  }
  return missing;
}
