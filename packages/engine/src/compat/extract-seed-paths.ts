/**
 * The seed's call paths of one trace (docs/seed-system.md §3, steps 1–4).
 *
 * Invariant: a path is the sequence of merged `_summary` hops met on a walk
 * from the root (the first span) through CHILD_OF links, entering only the
 * children of non-summary spans; framework spans (`/…`) and everything under
 * them are invisible. In the seed's mesh the next service hangs under the
 * caller's proxy, a sibling of its summary:
 *
 *   ingress                         walk([ingress])
 *   └ app-a proxy                     walk([app-a proxy])
 *     ├ /a/v1          (dropped)        hop a3; descend into the proxies only
 *     ├ a3_summary ─ a3_performance_metrics
 *     ├ proxy → e ─ … e1_summary, proxy → f …, proxy → d …
 *     └ proxy → g ─ … g1_summary
 *   paths: [a3, e1, f1], [a3, e1, d2], [a3, g1]
 *
 * A record's key is its hop names sorted and joined with ` -> `; its duration
 * and CPU are sums (left folds from int 0) and its memory the first maximum.
 *
 * The walk keeps its own stack and memoises each child list by parent span ID,
 * so depth costs no call stack; a span ID reached again while its list is being
 * walked (a reference cycle, on which the seed would recurse forever) adds no
 * paths.
 */
import { SEED_SUMMARY_SUFFIX } from '@pathprof/model';
import { compareCodePoints } from './compare-code-points.js';
import { findPyMax, sumPyNumbers, type PyNumber } from './python-number.js';
import {
  readSummaryHop,
  type SeedHop,
  type SeedSpan,
  type SeedTrace,
} from './read-seed-trace.js';
import { EngineError } from '../engine-error.js';

export interface SeedPathRecord {
  readonly key: string;
  readonly durationMicros: PyNumber;
  readonly cpuMillis: PyNumber;
  readonly peakMemKib: PyNumber;
  readonly traceId: string;
}

/** More paths than this in one trace can only come from duplicated span IDs. */
export const MAX_SEED_PATHS_PER_TRACE = 100_000;

const HOP_SEPARATOR = ' -> ';

interface PathNode {
  readonly hop: SeedHop;
  readonly next: PathNode | null;
}

interface WalkFrame {
  readonly siblings: readonly SeedSpan[];
  readonly memoKey: string | null;
  readonly hop: SeedHop | null;
  readonly paths: PathNode[];
  index: number;
}

export function extractSeedPathRecords(trace: SeedTrace): SeedPathRecord[] {
  return extractSeedPaths(trace).map((path) => {
    const hops: SeedHop[] = [];
    for (let node: PathNode | null = path; node !== null; node = node.next) {
      hops.push(node.hop);
    }
    const combined = combineHops(hops);
    return {
      key: combined.name,
      durationMicros: combined.durationMicros,
      cpuMillis: combined.cpuMillis,
      peakMemKib: combined.peakMemKib,
      traceId: trace.traceId,
    };
  });
}

function extractSeedPaths(trace: SeedTrace): readonly PathNode[] {
  const [root] = trace.spans;
  if (root === undefined) {
    return [];
  }
  const children = groupChildren(trace.spans);
  const memo = new Map<string, readonly PathNode[]>();
  const inProgress = new Set<string>();
  let pathCount = 0;

  const openFrame = (
    siblings: readonly SeedSpan[],
    memoKey: string | null,
  ): WalkFrame => {
    const hops = siblings
      .filter(isSummary)
      .map((span) =>
        readSummaryHop(span, children.get(span.spanId)?.[0], trace),
      );
    const hop = hops.length === 0 ? null : combineHops(hops);
    return { siblings, memoKey, hop, paths: [], index: 0 };
  };
  const appendPaths = (frame: WalkFrame, below: readonly PathNode[]): void => {
    pathCount += below.length;
    if (pathCount > MAX_SEED_PATHS_PER_TRACE) {
      throw new EngineError(
        'PATHPROF_ERR_SEED_INPUT',
        `trace ${trace.traceId}: more than ${MAX_SEED_PATHS_PER_TRACE} paths`,
      );
    }
    for (const path of below) {
      frame.paths.push(
        frame.hop === null ? path : { hop: frame.hop, next: path },
      );
    }
  };

  const stack = [openFrame(isFramework(root) ? [] : [root], null)];
  for (;;) {
    const frame = stack[stack.length - 1];
    if (frame === undefined) {
      throw new Error('unreachable: the root frame returns');
    }
    const span = frame.siblings[frame.index];
    if (span !== undefined) {
      frame.index += 1;
      const below = children.get(span.spanId);
      if (
        isSummary(span) ||
        below === undefined ||
        inProgress.has(span.spanId)
      ) {
        continue;
      }
      const known = memo.get(span.spanId);
      if (known !== undefined) {
        appendPaths(frame, known);
      } else {
        inProgress.add(span.spanId);
        stack.push(openFrame(below, span.spanId));
      }
      continue;
    }
    stack.pop();
    if (frame.paths.length === 0 && frame.hop !== null) {
      frame.paths.push({ hop: frame.hop, next: null });
    }
    const parent = stack[stack.length - 1];
    if (frame.memoKey !== null) {
      memo.set(frame.memoKey, frame.paths);
      inProgress.delete(frame.memoKey);
    }
    if (parent === undefined) {
      return frame.paths;
    }
    appendPaths(parent, frame.paths);
  }
}

/** Children by parent span ID, in span-list order, framework spans left out. */
function groupChildren(spans: readonly SeedSpan[]): Map<string, SeedSpan[]> {
  const children = new Map<string, SeedSpan[]>();
  for (const span of spans) {
    if (span.parentId === null || isFramework(span)) {
      continue;
    }
    const list = children.get(span.parentId);
    if (list === undefined) {
      children.set(span.parentId, [span]);
    } else {
      list.push(span);
    }
  }
  return children;
}

/**
 * Merges hops into one, the same way for the summaries of one sibling list and
 * for the hops of a path: names sorted and joined, durations and CPU summed in
 * list order, memory the first maximum.
 */
function combineHops(hops: readonly SeedHop[]): SeedHop {
  return {
    name: hops
      .map((hop) => hop.name)
      .sort(compareCodePoints)
      .join(HOP_SEPARATOR),
    durationMicros: sumPyNumbers(hops.map((hop) => hop.durationMicros)),
    cpuMillis: sumPyNumbers(hops.map((hop) => hop.cpuMillis)),
    peakMemKib: findPyMax(hops.map((hop) => hop.peakMemKib)),
  };
}

function isSummary(span: SeedSpan): boolean {
  return span.operationName.endsWith(SEED_SUMMARY_SUFFIX);
}

function isFramework(span: SeedSpan): boolean {
  return span.operationName.startsWith('/');
}
