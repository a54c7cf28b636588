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
import type { ExtractHopTreeOptions } from '../hops/extract-hop-tree.js';
import { ServiceGraphAccumulator } from './service-graph-accumulator.js';

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

export interface ServiceGraphOptions extends ExtractHopTreeOptions {
  /** Only the hops on call paths through this service. */
  readonly throughService?: string;
}

export function createServiceGraphBuilder(
  options: ServiceGraphOptions = {},
): ServiceGraphBuilder {
  return new ServiceGraphAccumulator(options);
}
