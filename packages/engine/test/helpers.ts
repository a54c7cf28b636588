/**
 * Builders and text dumps for engine tests. `span({ id: 'b', parent: 'a', ... })`
 * makes a span with short readable ids (hex-encoded), times in µs.
 */
import { parseSpanId, parseTraceId } from '@pathprof/model';
import type {
  Attributes,
  Span,
  SpanId,
  SpanKind,
  SpanRef,
  TraceId,
} from '@pathprof/model';
import type { HopTree, TraceTree } from '@pathprof/engine';

export const TRACE_ID = parseTraceId('abc')!;

/** Turns a short name like 'a1' into a stable 16-digit span id. */
export function sid(name: string): SpanId {
  let hex = '';
  for (const ch of name) {
    hex += ch.charCodeAt(0).toString(16).padStart(2, '0');
  }
  return parseSpanId(hex.slice(-16))!;
}

export interface SpanSpec {
  id: string;
  parent?: string;
  follows?: string;
  service?: string;
  op?: string;
  kind?: SpanKind;
  start: number;
  dur: number;
  attrs?: Attributes;
  error?: boolean;
  trace?: TraceId;
  shared?: boolean;
  missingTiming?: Span['missingTiming'];
}

export function span(spec: SpanSpec): Span {
  const traceId = spec.trace ?? TRACE_ID;
  const references: SpanRef[] = [];
  if (spec.parent !== undefined) {
    references.push({ type: 'child_of', traceId, spanId: sid(spec.parent) });
  }
  if (spec.follows !== undefined) {
    references.push({
      type: 'follows_from',
      traceId,
      spanId: sid(spec.follows),
    });
  }
  return {
    traceId,
    spanId: sid(spec.id),
    ...(spec.parent === undefined ? {} : { parentSpanId: sid(spec.parent) }),
    references,
    service: spec.service ?? 'svc',
    operation: spec.op ?? spec.id,
    kind: spec.kind ?? 'internal',
    startMicros: spec.start,
    durationMicros: spec.dur,
    ...(spec.missingTiming === undefined
      ? {}
      : { missingTiming: spec.missingTiming }),
    status: spec.error === true ? 'error' : 'unset',
    attributes: spec.attrs ?? {},
    resource: {},
    events: [],
    ...(spec.shared === true ? { shared: true } : {}),
  };
}

/** SDK hop span: a profiled handler `service:op` with CPU (ms) and memory (bytes). */
export function hop(
  spec: SpanSpec & { cpuMs?: number; memBytes?: number },
): Span {
  return span({
    ...spec,
    attrs: {
      'pathprof.hop': true,
      ...(spec.cpuMs === undefined ? {} : { 'pathprof.cpu_ms': spec.cpuMs }),
      ...(spec.memBytes === undefined
        ? {}
        : { 'pathprof.memory_bytes': spec.memBytes }),
      ...spec.attrs,
    },
  });
}

/** One line per node: indentation by depth, operation, service and repaired interval. */
export function dumpTree(tree: TraceTree): string {
  return tree.preorder
    .map((i) => {
      const n = tree.nodes[i]!;
      return `${'  '.repeat(n.depth)}${n.span.operation} (${n.span.service}) [${n.startMicros}-${n.endMicros}]${n.parentLink === 'root' || n.parentLink === 'child_of' ? '' : ` ${n.parentLink}`}`;
    })
    .join('\n');
}

/** One line per hop in tree order, with incomplete marks. */
export function dumpHops(hopTree: HopTree): string {
  const lines: string[] = [];
  const stack: [number, number][] = hopTree.roots
    .map((r) => [r, 0] as [number, number])
    .reverse();
  while (stack.length > 0) {
    const [h, depth] = stack.pop()!;
    const hop = hopTree.hops[h]!;
    lines.push(
      `${'  '.repeat(depth)}${hop.label}${hopTree.incomplete[h] === 1 ? ' (incomplete)' : ''}`,
    );
    const kids = hopTree.children[h]!;
    for (let k = kids.length - 1; k >= 0; k--) {
      stack.push([kids[k]!, depth + 1]);
    }
  }
  return lines.join('\n');
}

/** Deep-freezes spans so a test fails if an algorithm writes to its input. */
export function freezeSpans(spans: readonly Span[]): readonly Span[] {
  const freeze = (v: unknown): void => {
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) {
      Object.freeze(v);
      for (const x of Object.values(v)) {
        freeze(x);
      }
    }
  };
  freeze(spans);
  return spans;
}
