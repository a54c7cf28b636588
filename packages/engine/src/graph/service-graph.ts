/**
 * The service graph of a set of traces: which service calls which, how often,
 * how many of those calls failed and how long they took. Built from hop trees,
 * so proxy spans are folded out: an edge joins a hop's service to the service
 * of the hop that called it, whatever sidecars sit between them.
 *
 *   svc-a:a3 ─┬─ svc-e:e1 ── svc-f:f1      edges: svc-a→svc-e, svc-e→svc-f,
 *             └─ svc-g:g1                         svc-a→svc-g
 *
 * A call inside one service (hop under a hop of the same service) is not an
 * edge; it counts toward the node. Latency of an edge is the callee hop's
 * duration. Memory is bounded by the number of services and edges.
 *
 * With `throughService`, only the hops on call paths through that service
 * count — its hops, their callers up to the root and their callees down to
 * the leaves — as the path report's service filter lists the paths through a
 * service. Filtering by svc-g above keeps svc-a→svc-g only.
 */
import type { Coverage, Span, SummaryStats, TraceId } from '@pathprof/model';
import { computeCoverage, ratePerSecond } from '../profile/coverage.js';
import { extractHopTree } from '../hops/extract-hop-tree.js';
import type { HopTree } from '../hops/hop-tree.js';
import type { ExtractHopTreeOptions } from '../hops/extract-hop-tree.js';
import { Distribution } from '../stats/distribution.js';
import { buildTraceTree } from '../tree/build-trace-tree.js';

export interface ServiceGraphNode {
  readonly service: string;
  /** Hops of this service. */
  readonly calls: number;
  /** Calls per second over the time the traces cover; null when they cover none. */
  readonly ratePerSecond: number | null;
  readonly errors: number;
  /** Hops that no other hop called: requests entering the system here. */
  readonly entries: number;
  readonly durationMicros: SummaryStats;
}

export interface ServiceGraphEdge {
  /** The calling service. */
  readonly source: string;
  /** The called service. */
  readonly target: string;
  readonly calls: number;
  readonly ratePerSecond: number | null;
  readonly errors: number;
  /** The callee hop's duration. */
  readonly durationMicros: SummaryStats;
}

export interface ServiceGraph {
  readonly traces: number;
  /** The time the traces cover (see the path report's `totals.coverage`). */
  readonly coverage: Coverage | null;
  /** Sorted by service name. */
  readonly nodes: readonly ServiceGraphNode[];
  /** Sorted by source, then target. */
  readonly edges: readonly ServiceGraphEdge[];
}

export interface ServiceGraphBuilder {
  addTrace(traceId: TraceId, spans: readonly Span[]): void;
  build(): ServiceGraph;
}

interface Tally {
  calls: number;
  errors: number;
  entries: number;
  readonly duration: Distribution;
}

const EDGE_SEPARATOR = '\u0000';

export interface ServiceGraphOptions extends ExtractHopTreeOptions {
  /** Only the hops on call paths through this service. */
  readonly throughService?: string;
}

export function createServiceGraphBuilder(
  options: ServiceGraphOptions = {},
): ServiceGraphBuilder {
  const nodes = new Map<string, Tally>();
  const edges = new Map<string, Tally>();
  let traces = 0;
  let first = Infinity;
  let last = -Infinity;
  const tally = (map: Map<string, Tally>, key: string): Tally => {
    let t = map.get(key);
    if (t === undefined) {
      t = { calls: 0, errors: 0, entries: 0, duration: new Distribution() };
      map.set(key, t);
    }
    return t;
  };
  return {
    addTrace(traceId, spans) {
      traces++;
      const { tree } = buildTraceTree(traceId, spans);
      let start = Infinity;
      for (const node of tree.nodes) {
        start = Math.min(start, node.startMicros);
      }
      if (start !== Infinity) {
        first = Math.min(first, start);
        last = Math.max(last, start);
      }
      const hopTree = extractHopTree(tree, options);
      const kept =
        options.throughService === undefined
          ? null
          : listHopsThrough(hopTree, options.throughService);
      hopTree.hops.forEach((hop, h) => {
        if (kept !== null && !kept[h]) {
          return;
        }
        const durationMicros = hop.endMicros - hop.startMicros;
        const node = tally(nodes, hop.service);
        node.calls++;
        node.errors += hop.error ? 1 : 0;
        node.duration.add(durationMicros);
        const p = hopTree.parent[h]!;
        if (p < 0) {
          node.entries++;
          return;
        }
        const caller = hopTree.hops[p]!.service;
        if (caller === hop.service) {
          return;
        }
        const edge = tally(edges, `${caller}${EDGE_SEPARATOR}${hop.service}`);
        edge.calls++;
        edge.errors += hop.error ? 1 : 0;
        edge.duration.add(durationMicros);
      });
    },
    build() {
      const coverage = computeCoverage(first, last, traces);
      return {
        traces,
        coverage,
        nodes: [...nodes]
          .sort(([a], [b]) => compareText(a, b))
          .map(([service, t]) => ({
            service,
            calls: t.calls,
            ratePerSecond: ratePerSecond(t.calls, coverage),
            errors: t.errors,
            entries: t.entries,
            durationMicros: t.duration.summarize(),
          })),
        edges: [...edges]
          .sort(([a], [b]) => compareText(a, b))
          .map(([key, t]) => {
            const [source, target] = key.split(EDGE_SEPARATOR) as [
              string,
              string,
            ];
            return {
              source,
              target,
              calls: t.calls,
              ratePerSecond: ratePerSecond(t.calls, coverage),
              errors: t.errors,
              durationMicros: t.duration.summarize(),
            };
          }),
      };
    },
  };
}

/** Per hop: whether it lies on a root-to-leaf chain with a hop of `service`. */
function listHopsThrough(hopTree: HopTree, service: string): Uint8Array {
  const n = hopTree.hops.length;
  const kept = new Uint8Array(n);
  const below = new Uint8Array(n);
  for (let h = 0; h < n; h++) {
    if (hopTree.hops[h]!.service !== service) {
      continue;
    }
    // the callers up to the root
    for (let p = h; p >= 0 && kept[p] === 0; p = hopTree.parent[p]!) {
      kept[p] = 1;
    }
    // the callees down to the leaves
    const stack = [h];
    while (stack.length > 0) {
      const v = stack.pop()!;
      if (below[v] === 1) {
        continue;
      }
      below[v] = 1;
      kept[v] = 1;
      stack.push(...hopTree.children[v]!);
    }
  }
  return kept;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
