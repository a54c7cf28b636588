/**
 * The Service graph's model: cytoscape elements (a node per service, an
 * edge per caller→callee with rate, error share and p95 in its label) and
 * the rows of the accessible edge table beside it.
 */
import type { ElementDefinition } from 'cytoscape';
import type { ServiceGraph } from '../../api/api-types.js';
import {
  formatMicros,
  formatRate,
  formatShare,
} from '../../format/format-units.js';

/** The error rate the graph draws fully red; lower rates shade between. */
export const ERROR_SCALE = 0.2;

export interface EdgeRow {
  readonly source: string;
  readonly target: string;
  readonly calls: number;
  readonly ratePerSecond: number | null;
  readonly errorShare: number;
  readonly p50Micros: number;
  readonly p95Micros: number;
  readonly p99Micros: number;
}

/** Rates are per second over the time the window's traces cover (the server's `coverage`). */
export function buildEdgeRows(graph: ServiceGraph): EdgeRow[] {
  return graph.edges.map((e) => ({
    source: e.source,
    target: e.target,
    calls: e.calls,
    ratePerSecond: e.ratePerSecond,
    errorShare: e.calls === 0 ? 0 : e.errors / e.calls,
    p50Micros: e.durationMicros.p50,
    p95Micros: e.durationMicros.p95,
    p99Micros: e.durationMicros.p99,
  }));
}

export function buildGraphElements(graph: ServiceGraph): ElementDefinition[] {
  const nodes: ElementDefinition[] = graph.nodes.map((n) => {
    const errorShare = n.calls === 0 ? 0 : n.errors / n.calls;
    return {
      group: 'nodes',
      data: {
        id: n.service,
        label: `${n.service}\n${formatRate(n.ratePerSecond)} · p95 ${formatMicros(n.durationMicros.p95)}`,
        errorShare,
        entry: n.entries > 0 ? 1 : 0,
      },
      classes: errorShare > 0 ? 'has-errors' : '',
    };
  });
  const edges: ElementDefinition[] = buildEdgeRows(graph).map((e) => ({
    group: 'edges',
    data: {
      id: `${e.source}->${e.target}`,
      source: e.source,
      target: e.target,
      // errors only when there are some: the label must fit between ranks
      errorShare: e.errorShare,
      label:
        e.errorShare > 0
          ? `${formatRate(e.ratePerSecond)} · ${formatShare(e.errorShare)} err · p95 ${formatMicros(e.p95Micros)}`
          : `${formatRate(e.ratePerSecond)} · p95 ${formatMicros(e.p95Micros)}`,
      calls: e.calls,
    },
    classes: e.errorShare > 0 ? 'has-errors' : '',
  }));
  return [...nodes, ...edges];
}
