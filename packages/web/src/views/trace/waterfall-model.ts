/**
 * The Trace view's model of one trace: its spans in depth-first order with
 * depth, times relative to the trace start, the critical path (the engine's
 * last-finishing-child walk over the span tree), and each span's role: a hop
 * (a profiled unit of work), a proxy (Istio/Envoy) or a framework span
 * (HTTP clients, middleware…). Built once per trace in O(n log n);
 * `listVisibleRows` is O(visible rows + collapsed spans).
 */
import {
  buildTraceTree,
  computeCriticalPath,
  computeCriticalSegments,
  extractHopTree,
  isProxySpan,
} from '@pathprof/engine';
import type { Span, TraceId, TraceWarning } from '@pathprof/model';

export type SpanRole = 'hop' | 'proxy' | 'framework';

export interface WaterfallSpan {
  readonly span: Span;
  readonly depth: number;
  /** Start relative to the trace start, µs (repaired for clock skew). */
  readonly offsetMicros: number;
  readonly durationMicros: number;
  readonly role: SpanRole;
  /** `service:name` for hops. */
  readonly hopLabel: string | undefined;
  /** Time this span spends on the critical path, µs; > 0 means it is on it. */
  readonly criticalMicros: number;
  /** Where that time lies: [start, end] offsets from the trace start, µs. */
  readonly criticalSegments: readonly (readonly [number, number])[];
  /** Its events (logs), as offsets from the trace start, µs. */
  readonly eventOffsets: readonly number[];
  /** Index (in `spans`) just past this span's subtree. */
  readonly subtreeEnd: number;
  readonly error: boolean;
}

export interface WaterfallModel {
  readonly traceId: TraceId;
  readonly startMicros: number;
  readonly durationMicros: number;
  /** Depth-first, children by start time. */
  readonly spans: readonly WaterfallSpan[];
  readonly services: readonly string[];
  readonly hopCount: number;
  readonly warnings: readonly TraceWarning[];
}

export function buildWaterfallModel(
  traceId: TraceId,
  spans: readonly Span[],
): WaterfallModel {
  const { tree, warnings } = buildTraceTree(traceId, spans);
  const { nodes, preorder, roots } = tree;
  const hopTree = extractHopTree(tree);
  const hopLabels = new Map<number, string>();
  for (const hop of hopTree.hops) {
    hopLabels.set(hop.node, hop.label);
  }
  const start = new Float64Array(nodes.length);
  const end = new Float64Array(nodes.length);
  let traceStart = Infinity;
  let traceEnd = -Infinity;
  nodes.forEach((n, i) => {
    start[i] = n.startMicros;
    end[i] = n.endMicros;
    traceStart = Math.min(traceStart, n.startMicros);
    traceEnd = Math.max(traceEnd, n.endMicros);
  });
  const criticalInput = { start, end, children: nodes.map((n) => n.children) };
  const critical = computeCriticalPath(criticalInput, roots);
  const segments = computeCriticalSegments(criticalInput, roots);

  // subtree sizes, children after parents in preorder: sum backwards
  const position = new Int32Array(nodes.length);
  preorder.forEach((node, i) => (position[node] = i));
  const size = new Int32Array(nodes.length).fill(1);
  for (let i = preorder.length - 1; i >= 0; i--) {
    const parent = nodes[preorder[i]!]!.parent;
    if (parent >= 0) {
      size[parent]! += size[preorder[i]!]!;
    }
  }
  const services = new Set<string>();
  const rows = preorder.map((node, i): WaterfallSpan => {
    const n = nodes[node]!;
    services.add(n.span.service);
    const hopLabel = hopLabels.get(node);
    return {
      span: n.span,
      depth: n.depth,
      offsetMicros: n.startMicros - traceStart,
      durationMicros: n.endMicros - n.startMicros,
      role: isProxySpan(n.span)
        ? 'proxy'
        : hopLabel !== undefined
          ? 'hop'
          : 'framework',
      hopLabel,
      criticalMicros: critical[node]!,
      criticalSegments: segments[node]!.map(
        ([a, b]) => [a - traceStart, b - traceStart] as const,
      ),
      eventOffsets: n.span.events.map((e) => e.timeMicros - traceStart),
      subtreeEnd: i + size[node]!,
      error: n.span.status === 'error',
    };
  });
  return {
    traceId,
    startMicros: Number.isFinite(traceStart) ? traceStart : 0,
    durationMicros: Number.isFinite(traceStart) ? traceEnd - traceStart : 0,
    spans: rows,
    services: [...services].sort(),
    hopCount: hopTree.hops.length,
    warnings,
  };
}

/** Indexes of the rows to show: every span except those under a collapsed one. */
export function listVisibleRows(
  model: WaterfallModel,
  collapsed: ReadonlySet<number>,
): number[] {
  const visible: number[] = [];
  const { spans } = model;
  for (let i = 0; i < spans.length;) {
    visible.push(i);
    i = collapsed.has(i) ? spans[i]!.subtreeEnd : i + 1;
  }
  return visible;
}

/** Every span with children: what "collapse all" collapses. */
export function listParentRows(model: WaterfallModel): number[] {
  const parents: number[] = [];
  model.spans.forEach((s, i) => {
    if (s.subtreeEnd > i + 1) {
      parents.push(i);
    }
  });
  return parents;
}
