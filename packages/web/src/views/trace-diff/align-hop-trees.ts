/**
 * Two traces of one path side by side, hop against hop: each trace's hop
 * tree (the engine's `analyzeTrace`) is walked from its roots, and the
 * children of two matched hops are matched by label in start order — the
 * k-th `svc-e:e1` call under a hop meets the k-th under its counterpart.
 * A hop with no counterpart is listed on its side only, with its subtree.
 *
 *   A: a3 ─┬─ e1 ─ f1        rows: a3  (A, B)
 *          └─ g1                   e1  (A, B)
 *   B: a3 ─── e1 ─┬─ f1              f1  (A, B)
 *                 └─ d2              d2  (B only)
 *                                  g1  (A only)
 */
import type { TraceAnalysis } from '@pathprof/engine';

export interface HopMeasures {
  readonly startMicros: number;
  readonly durationMicros: number;
  readonly selfMicros: number;
  readonly cpuMicros: number | null;
  readonly criticalMicros: number;
  readonly error: boolean;
  /** The hop's span id, to open it in the trace. */
  readonly spanId: string;
}

export interface DiffRow {
  readonly depth: number;
  readonly label: string;
  readonly a: HopMeasures | null;
  readonly b: HopMeasures | null;
}

function measure(analysis: TraceAnalysis, h: number): HopMeasures {
  const hop = analysis.hopTree.hops[h]!;
  return {
    startMicros: hop.startMicros,
    durationMicros: hop.endMicros - hop.startMicros,
    selfMicros: analysis.hopSelfMicros[h]!,
    cpuMicros: hop.cpuMicros ?? null,
    criticalMicros: analysis.hopCriticalMicros[h]!,
    error: hop.error,
    spanId: analysis.tree.nodes[hop.node]!.span.spanId,
  };
}

/** Pairs two lists of hops by label, the k-th of a label with the k-th, in start order. */
function pairHops(
  a: TraceAnalysis,
  aHops: readonly number[],
  b: TraceAnalysis,
  bHops: readonly number[],
): [number | null, number | null][] {
  const byStart = (t: TraceAnalysis) => (x: number, y: number) =>
    t.hopTree.hops[x]!.startMicros - t.hopTree.hops[y]!.startMicros || x - y;
  const sortedA = [...aHops].sort(byStart(a));
  const sortedB = [...bHops].sort(byStart(b));
  const waiting = new Map<string, number[]>();
  for (const h of sortedB) {
    const label = b.hopTree.hops[h]!.label;
    const list = waiting.get(label) ?? [];
    list.push(h);
    waiting.set(label, list);
  }
  const pairs: [number | null, number | null][] = [];
  const matched = new Set<number>();
  for (const h of sortedA) {
    const other = waiting.get(a.hopTree.hops[h]!.label)?.shift();
    if (other !== undefined) {
      matched.add(other);
    }
    pairs.push([h, other ?? null]);
  }
  for (const h of sortedB) {
    if (!matched.has(h)) {
      pairs.push([null, h]);
    }
  }
  return pairs;
}

export function alignHopTrees(a: TraceAnalysis, b: TraceAnalysis): DiffRow[] {
  const rows: DiffRow[] = [];
  const stack: [number | null, number | null, number][] = pairHops(
    a,
    a.hopTree.roots,
    b,
    b.hopTree.roots,
  )
    .reverse()
    .map(([x, y]) => [x, y, 0]);
  while (stack.length > 0) {
    const [x, y, depth] = stack.pop()!;
    const label =
      x !== null ? a.hopTree.hops[x]!.label : b.hopTree.hops[y!]!.label;
    rows.push({
      depth,
      label,
      a: x === null ? null : measure(a, x),
      b: y === null ? null : measure(b, y),
    });
    const children = pairHops(
      a,
      x === null ? [] : a.hopTree.children[x]!,
      b,
      y === null ? [] : b.hopTree.children[y]!,
    );
    for (let i = children.length - 1; i >= 0; i--) {
      const [cx, cy] = children[i]!;
      stack.push([cx, cy, depth + 1]);
    }
  }
  return rows;
}

/** The matched hop whose self time grew most from A to B (null when none grew). */
export function findLargestSelfIncrease(
  rows: readonly DiffRow[],
): DiffRow | null {
  let best: DiffRow | null = null;
  let bestDelta = 0;
  for (const row of rows) {
    if (row.a !== null && row.b !== null) {
      const delta = row.b.selfMicros - row.a.selfMicros;
      if (delta > bestDelta) {
        best = row;
        bestDelta = delta;
      }
    }
  }
  return best;
}
