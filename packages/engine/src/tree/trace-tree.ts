import type { Span, TraceId } from '@pathprof/model';

/** Why a node hangs under its parent. */
export type ParentLink =
  'root' | 'child_of' | 'follows_from' | 'link' | 'shared';

/**
 * One span in an assembled trace. Times are the repaired ones (skew shifted or
 * clipped, missing timing inferred); the span itself is the untouched input.
 */
export interface TraceNode {
  readonly span: Span;
  /** Index of the parent node, -1 for roots. */
  readonly parent: number;
  readonly parentLink: ParentLink;
  /** Child node indexes, ordered by start time. */
  readonly children: readonly number[];
  readonly startMicros: number;
  readonly endMicros: number;
  readonly depth: number;
}

/** A trace's span tree: nodes indexed in input order, roots and a depth-first order. */
export interface TraceTree {
  readonly traceId: TraceId;
  readonly nodes: readonly TraceNode[];
  readonly roots: readonly number[];
  /** Node indexes in depth-first pre-order (parents before children, children by start). */
  readonly preorder: readonly number[];
}
