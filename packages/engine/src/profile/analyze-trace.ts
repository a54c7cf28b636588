/**
 * Everything pathprof derives from one trace: its tree, its hop tree, one
 * record per call path (with each position's duration, self time, CPU, memory
 * and critical-path share) and its shape. Pure; the input is not mutated.
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
import { computeSelfTime } from '../stats/self-time.js';
import { buildTraceTree } from '../tree/build-trace-tree.js';
import type { TraceTree } from '../tree/trace-tree.js';

export interface AnalyzeTraceOptions extends ExtractHopTreeOptions {
  readonly pathKey?: PathKeyStrategy;
}

/** One position of a path record; a folded run sums its hops (duration: the outermost). */
export interface PositionRecord {
  readonly label: string;
  readonly durationMicros: number;
  readonly selfMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly error: boolean;
  readonly criticalShare: number;
}

export interface PathRecord {
  readonly traceId: TraceId;
  readonly key: string;
  readonly labels: readonly string[];
  readonly incomplete: boolean;
  /** The entry hop's duration. */
  readonly durationMicros: number;
  readonly cpuMicros: number | undefined;
  readonly memoryBytes: number | undefined;
  readonly error: boolean;
  readonly positions: readonly PositionRecord[];
}

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

  const start = new Float64Array(n);
  const end = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    start[h] = hops[h]!.startMicros;
    end[h] = hops[h]!.endMicros;
  }
  const hopSelfMicros = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    const kids = children[h]!;
    hopSelfMicros[h] =
      kids.length === 0
        ? end[h]! - start[h]!
        : computeSelfTime(
            start[h]!,
            end[h]!,
            kids.map((c) => [start[c]!, end[c]!] as const),
          );
  }
  const hopCriticalMicros = computeCriticalPath(
    { start, end, children },
    roots,
  );

  // the root hop of each hop, for critical shares
  const rootOf = new Int32Array(n);
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
  const records: PathRecord[] = callPaths.map((path) => {
    const entry = path.positions[0]![0]!;
    const root = rootOf[entry]!;
    const rootDuration = end[root]! - start[root]!;
    let cpuTotal: number | undefined;
    let memMax: number | undefined;
    let error = false;
    const positions = path.positions.map((members, index): PositionRecord => {
      let self = 0;
      let cpu: number | undefined;
      let mem: number | undefined;
      let crit = 0;
      let posError = false;
      for (const h of members) {
        const hop = hops[h]!;
        self += hopSelfMicros[h]!;
        crit += hopCriticalMicros[h]!;
        if (hop.cpuMicros !== undefined) {
          cpu = (cpu ?? 0) + hop.cpuMicros;
        }
        if (hop.memoryBytes !== undefined) {
          mem = Math.max(mem ?? -Infinity, hop.memoryBytes);
        }
        posError ||= hop.error;
      }
      if (cpu !== undefined) {
        cpuTotal = (cpuTotal ?? 0) + cpu;
      }
      if (mem !== undefined) {
        memMax = Math.max(memMax ?? -Infinity, mem);
      }
      error ||= posError;
      const first = members[0]!;
      return {
        label: path.labels[index]!,
        durationMicros: end[first]! - start[first]!,
        selfMicros: self,
        cpuMicros: cpu,
        memoryBytes: mem,
        error: posError,
        criticalShare: rootDuration > 0 ? crit / rootDuration : 0,
      };
    });
    return {
      traceId,
      key: path.key,
      labels: path.labels,
      incomplete: path.incomplete,
      durationMicros: end[entry]! - start[entry]!,
      cpuMicros: cpuTotal,
      memoryBytes: memMax,
      error,
      positions,
    };
  });
  const shape =
    n === 0
      ? ''
      : computeShapeSignature(hopTree, (h) => strategy.labelHop(hops[h]!));
  return {
    tree,
    hopTree,
    callPaths,
    records,
    shape,
    hopSelfMicros,
    hopCriticalMicros,
    warnings,
  };
}
