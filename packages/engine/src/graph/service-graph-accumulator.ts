/**
 * The service graph's state as traces are added: per service and per
 * caller→callee pair, the calls, errors, entries and a distribution of the
 * callee hop's duration. Mergeable (merge(A, B) builds as A ∪ B, whatever
 * the order) and carried as plain data by `exportEngineState`, so the path
 * indexer can keep one per indexed window and the collector merge them
 * instead of reading every trace again. See service-graph.ts for what the
 * graph counts.
 */
import type { TraceId, Span } from '@pathprof/model';
import { extractHopTree } from '../hops/extract-hop-tree.js';
import type { HopTree } from '../hops/hop-tree.js';
import { computeCoverage, ratePerSecond } from '../profile/coverage.js';
import type { TraceAnalysis } from '../profile/analyze-trace.js';
import { Distribution } from '../stats/distribution.js';
import { buildTraceTree } from '../tree/build-trace-tree.js';
import type {
  ServiceGraph,
  ServiceGraphBuilder,
  ServiceGraphOptions,
} from './service-graph.js';

interface Tally {
  calls: number;
  errors: number;
  entries: number;
  readonly duration: Distribution;
}

const EDGE_SEPARATOR = '\u0000';

export class ServiceGraphAccumulator implements ServiceGraphBuilder {
  traces = 0;
  firstStartMicros = Infinity;
  lastStartMicros = -Infinity;
  private readonly nodes = new Map<string, Tally>();
  private readonly edges = new Map<string, Tally>();

  constructor(private readonly options: ServiceGraphOptions = {}) {}

  addTrace(traceId: TraceId, spans: readonly Span[]): void {
    const { tree } = buildTraceTree(traceId, spans);
    let start = Infinity;
    for (const node of tree.nodes) {
      start = Math.min(start, node.startMicros);
    }
    this.addHopTree(extractHopTree(tree, this.options), start);
  }

  /**
   * A trace the path profiler analysed, with the same proxy setting: its
   * hop tree is the one `addTrace` would extract.
   */
  addAnalysis(analysis: TraceAnalysis): void {
    this.addHopTree(
      analysis.hopTree,
      analysis.tree.nodes.length > 0 ? analysis.startMicros : Infinity,
    );
  }

  merge(other: ServiceGraphAccumulator): void {
    this.traces += other.traces;
    this.firstStartMicros = Math.min(
      this.firstStartMicros,
      other.firstStartMicros,
    );
    this.lastStartMicros = Math.max(
      this.lastStartMicros,
      other.lastStartMicros,
    );
    for (const [into, from] of [
      [this.nodes, other.nodes],
      [this.edges, other.edges],
    ] as const) {
      for (const [key, t] of from) {
        const mine = tally(into, key);
        mine.calls += t.calls;
        mine.errors += t.errors;
        mine.entries += t.entries;
        mine.duration.merge(t.duration);
      }
    }
  }

  build(): ServiceGraph {
    const coverage = computeCoverage(
      this.firstStartMicros,
      this.lastStartMicros,
      this.traces,
    );
    return {
      traces: this.traces,
      coverage,
      nodes: [...this.nodes]
        .sort(([a], [b]) => compareText(a, b))
        .map(([service, t]) => ({
          service,
          calls: t.calls,
          ratePerSecond: ratePerSecond(t.calls, coverage),
          errors: t.errors,
          entries: t.entries,
          durationMicros: t.duration.summarize(),
        })),
      edges: [...this.edges]
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
  }

  private addHopTree(hopTree: HopTree, startMicros: number): void {
    this.traces++;
    if (startMicros !== Infinity) {
      this.firstStartMicros = Math.min(this.firstStartMicros, startMicros);
      this.lastStartMicros = Math.max(this.lastStartMicros, startMicros);
    }
    const through = this.options.throughService;
    const kept =
      through === undefined ? null : listHopsThrough(hopTree, through);
    hopTree.hops.forEach((hop, h) => {
      if (kept !== null && !kept[h]) {
        return;
      }
      const durationMicros = hop.endMicros - hop.startMicros;
      const node = tally(this.nodes, hop.service);
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
      const edge = tally(
        this.edges,
        `${caller}${EDGE_SEPARATOR}${hop.service}`,
      );
      edge.calls++;
      edge.errors += hop.error ? 1 : 0;
      edge.duration.add(durationMicros);
    });
  }
}

function tally(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (t === undefined) {
    t = { calls: 0, errors: 0, entries: 0, duration: new Distribution() };
    map.set(key, t);
  }
  return t;
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
