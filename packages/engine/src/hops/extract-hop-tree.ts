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
import { sortByStart } from '../internal/sort-by-start.js';
import { float64s, int32s, uint8s } from '../internal/typed-slab.js';

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
  if (!hasHop(recognised.hopOf) && options.keepProxies !== true) {
    // a mesh without application tracing: the proxies are all there is
    recognised = recogniseHops(tree, true, isProxy);
  }
  const { hopOf, proxy, profiled } = recognised;

  const hops: Hop[] = [];
  const hopIndex = int32s(n).fill(-1);
  for (let k = 0; k < n; k++) {
    const i = preorder[k]!;
    const hop = hopOf[i];
    if (hop !== undefined) {
      hopIndex[i] = hops.length;
      hops.push(hop);
    }
  }
  // hops that may be found beside a chain, by parent node: a kept proxy hop
  // is a caller only of what hangs below it in the span tree
  const hopChildNodes = new Map<number, number[]>();
  for (let h = 0; h < hops.length; h++) {
    const hop = hops[h]!;
    const p = nodes[hop.node]!.parent;
    if (p >= 0 && hop.source !== 'proxy') {
      const list = hopChildNodes.get(p);
      if (list === undefined) {
        hopChildNodes.set(p, [hop.node]);
      } else {
        list.push(hop.node);
      }
    }
  }

  const missing = profiled
    ? findMissingEntries(tree, hops, hopIndex, proxy, hopChildNodes)
    : uint8s(n);
  const missingChild = uint8s(n);
  if (profiled) {
    for (let i = 0; i < n; i++) {
      const p = nodes[i]!.parent;
      if (missing[i] === 1 && p >= 0 && proxy[p] === 1) {
        missingChild[p] = 1;
      }
    }
  }

  const finder = new CallerFinder(
    nodes,
    hops,
    hopIndex,
    hopChildNodes,
    missing,
    missingChild,
  );
  const parent = int32s(hops.length).fill(-1);
  const incomplete = uint8s(hops.length);
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
    parent[h] = finder.find(g, hops[h]!.startMicros);
    incomplete[h] = missing[p]! | finder.passesMissing;
  }

  const charged = chargeErrors(tree, hops, hopIndex, proxy, (from, start) =>
    finder.find(from, start),
  );

  const children = new Array<number[]>(hops.length);
  const roots: number[] = [];
  const starts = float64s(hops.length);
  for (let h = 0; h < hops.length; h++) {
    children[h] = [];
    starts[h] = hops[h]!.startMicros;
  }
  for (let h = 0; h < hops.length; h++) {
    const p = parent[h]!;
    if (p < 0) {
      roots.push(h);
    } else {
      children[p]!.push(h);
    }
  }
  for (let h = 0; h < hops.length; h++) {
    if (children[h]!.length > 1) {
      sortByStart(children[h]!, starts);
    }
  }
  sortByStart(roots, starts);
  return {
    traceId: tree.traceId,
    hops: charged,
    parent,
    children,
    roots,
    incomplete,
  };
}

function hasHop(hopOf: readonly (Hop | undefined)[]): boolean {
  for (let i = 0; i < hopOf.length; i++) {
    if (hopOf[i] !== undefined) {
      return true;
    }
  }
  return false;
}

/**
 * Finds the hop that called work starting at `startMicros` whose walk
 * continues at node `from`: the first hop node on the way up, or the last
 * hop beside the chain that had started by then; -1 when none.
 * `passesMissing` tells whether the last walk passed a missing hop.
 * Walks are memoised: `stop[i]` is where a walk continuing at node i ends (a
 * hop node, a node with hop children, or -1 at the top), `flag[i]` whether
 * it passes a missing hop on the way.
 */
class CallerFinder {
  passesMissing = 0;
  private readonly stop: Int32Array;
  private readonly flag: Uint8Array;
  private readonly pathNodes: number[] = [];

  constructor(
    private readonly nodes: TraceTree['nodes'],
    private readonly hops: readonly Hop[],
    private readonly hopIndex: Int32Array,
    private readonly hopChildNodes: ReadonlyMap<number, readonly number[]>,
    private readonly missing: Uint8Array,
    private readonly missingChild: Uint8Array,
  ) {
    this.stop = int32s(nodes.length).fill(UNRESOLVED);
    this.flag = uint8s(nodes.length);
  }

  find(from: number, startMicros: number): number {
    const { stop, flag, nodes, hopIndex } = this;
    let f = 0;
    let cur = from;
    while (cur >= 0) {
      if (stop[cur] === UNRESOLVED) {
        this.resolve(cur);
      }
      f |= flag[cur]!;
      const s = stop[cur]!;
      if (s < 0) {
        break;
      }
      if (hopIndex[s]! >= 0) {
        this.passesMissing = f;
        return hopIndex[s]!;
      }
      const c = pickCaller(
        this.hops,
        hopIndex,
        this.hopChildNodes.get(s)!,
        startMicros,
      );
      if (c >= 0) {
        this.passesMissing = f;
        return hopIndex[c]!;
      }
      cur = nodes[s]!.parent;
    }
    this.passesMissing = f;
    return -1;
  }

  private resolve(from: number): void {
    const { stop, flag, nodes, hopIndex, missing, missingChild } = this;
    const pathNodes = this.pathNodes;
    pathNodes.length = 0;
    let cur = from;
    while (cur >= 0 && stop[cur] === UNRESOLVED) {
      if (hopIndex[cur]! >= 0 || this.hopChildNodes.has(cur)) {
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
  }
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
  const covered = uint8s(n);
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
  const missing = uint8s(n);
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
