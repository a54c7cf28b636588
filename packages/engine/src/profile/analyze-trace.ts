/**
 * Everything pathprof derives from one trace: its tree, its hop tree, one
 * record per call path (see build-path-records.ts) and its shape. Pure; the
 * input is not mutated.
 */
import type { Span, TraceId, TraceWarning } from '@pathprof/model';
import { computeCriticalPath } from '../critical-path/compute-critical-path.js';
import type { HopTree } from '../hops/hop-tree.js';
import { extractHopTree } from '../hops/extract-hop-tree.js';
import type { ExtractHopTreeOptions } from '../hops/extract-hop-tree.js';
import type { CallPath } from '../paths/extract-call-paths.js';
import {
  extractCallPaths,
  MAX_PATH_POSITIONS_PER_TRACE,
} from '../paths/extract-call-paths.js';
import type { PathKeyStrategy } from '../paths/path-key.js';
import { KEY_BY_SERVICE_AND_OPERATION } from '../paths/path-key.js';
import { computeShapeSignature } from '../paths/shape-signature.js';
import { selfTimeOfSorted } from '../stats/self-time.js';
import { buildPathRecords } from './build-path-records.js';
import type { PathRecord, PositionRecord } from './build-path-records.js';
import { buildTraceTree } from '../tree/build-trace-tree.js';
import type { TraceTree } from '../tree/trace-tree.js';
import { float64s, int32s } from '../internal/typed-slab.js';

export interface AnalyzeTraceOptions extends ExtractHopTreeOptions {
  readonly pathKey?: PathKeyStrategy;
}

export type { PathRecord, PositionRecord };

export interface TraceAnalysis {
  readonly tree: TraceTree;
  readonly hopTree: HopTree;
  readonly callPaths: readonly CallPath[];
  readonly records: readonly PathRecord[];
  /** Canonical shape of the hop tree; empty when the trace has no hop. */
  readonly shape: string;
  /** Per hop: self time and critical-path time, µs. */
  readonly hopSelfMicros: Float64Array;
  readonly hopCriticalMicros: Float64Array;
  readonly warnings: readonly TraceWarning[];
  /** Spans given, before duplicate copies were merged. */
  readonly spansRead: number;
  /** The earliest span start, µs (0 for a trace without spans). */
  readonly startMicros: number;
}

export function analyzeTrace(
  traceId: TraceId,
  spans: readonly Span[],
  options: AnalyzeTraceOptions = {},
): TraceAnalysis {
  const strategy = options.pathKey ?? KEY_BY_SERVICE_AND_OPERATION;
  const built = buildTraceTree(traceId, spans);
  const { tree } = built;
  let warnings = built.warnings;
  const hopTree = extractHopTree(tree, options);
  const { hops, children, roots, parent } = hopTree;
  const n = hops.length;

  const start = float64s(n);
  const end = float64s(n);
  for (let h = 0; h < n; h++) {
    start[h] = hops[h]!.startMicros;
    end[h] = hops[h]!.endMicros;
  }
  const hopSelfMicros = float64s(n);
  for (let h = 0; h < n; h++) {
    // children are listed by start
    hopSelfMicros[h] = selfTimeOfSorted(
      start[h]!,
      end[h]!,
      children[h]!,
      start,
      end,
    );
  }
  const hopCriticalMicros = computeCriticalPath(
    { start, end, children },
    roots,
  );

  // the root hop of each hop, for critical shares
  const rootOf = int32s(n);
  for (let h = 0; h < n; h++) {
    const p = parent[h]!;
    rootOf[h] = p < 0 ? h : rootOf[p]!;
  }

  const { paths: callPaths, skipped } = extractCallPaths(hopTree, strategy);
  if (skipped > 0) {
    warnings = [
      ...warnings,
      {
        code: 'paths-skipped',
        traceId,
        message: `${skipped} call paths of this trace were not profiled: it exceeds ${MAX_PATH_POSITIONS_PER_TRACE} path positions`,
      },
    ];
  }
  const records = buildPathRecords(
    traceId,
    hopTree,
    callPaths,
    { start, end, self: hopSelfMicros, critical: hopCriticalMicros, rootOf },
    strategy,
  );
  return new AnalyzedTrace(
    tree,
    hopTree,
    callPaths,
    records,
    hopSelfMicros,
    hopCriticalMicros,
    warnings,
    spans.length,
    earliestStart(tree),
    strategy,
  );
}

/**
 * A TraceAnalysis whose shape is computed when first read (only the shape
 * grouping needs it). A class rather than an object literal with a getter:
 * V8 builds such a literal through the runtime, about a microsecond a trace.
 */
class AnalyzedTrace implements TraceAnalysis {
  readonly #strategy: PathKeyStrategy;
  #shape: string | undefined;

  constructor(
    readonly tree: TraceTree,
    readonly hopTree: HopTree,
    readonly callPaths: readonly CallPath[],
    readonly records: readonly PathRecord[],
    readonly hopSelfMicros: Float64Array,
    readonly hopCriticalMicros: Float64Array,
    readonly warnings: readonly TraceWarning[],
    readonly spansRead: number,
    readonly startMicros: number,
    strategy: PathKeyStrategy,
  ) {
    this.#strategy = strategy;
  }

  get shape(): string {
    if (this.#shape === undefined) {
      const { hops } = this.hopTree;
      const strategy = this.#strategy;
      this.#shape =
        hops.length === 0
          ? ''
          : computeShapeSignature(this.hopTree, (h) =>
              strategy.labelHop(hops[h]!),
            );
    }
    return this.#shape;
  }
}

function earliestStart(tree: TraceTree): number {
  let min = Infinity;
  for (const node of tree.nodes) {
    if (node.startMicros < min) {
      min = node.startMicros;
    }
  }
  return min === Infinity ? 0 : min;
}
