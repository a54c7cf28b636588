/**
 * The order every adapter returns a trace's spans in, and its de-duplication.
 *
 * Invariant: spans sort by storage start; on equal starts an ancestor comes
 * before its descendants (smaller depth first), then a non-shared span before
 * the shared Zipkin span with the same id, then by span id. Of several copies
 * with the same key (span id, kind, shared) the one stored first is kept.
 *
 *   start  0        10       10        10
 *          root  →  child  → grandchild (same start as child)
 *   order: root, child, grandchild — never grandchild before child
 */
import type { Micros, Span } from '@pathprof/model';
import { spanKey } from './span-key.js';

export interface StoredSpan {
  readonly span: Span;
  readonly storedStart: Micros;
  /** Storage order: lower was stored earlier. */
  readonly seq: number;
}

export function orderTraceSpans(entries: readonly StoredSpan[]): Span[] {
  return orderDistinctSpans(entries) ?? orderAnySpans(entries);
}

/**
 * The common case, without keys or depths: when no two spans share an id
 * (so no copies) or a start, the order is by start alone. Undefined otherwise.
 */
function orderDistinctSpans(
  entries: readonly StoredSpan[],
): Span[] | undefined {
  let sorted = entries;
  for (let i = 1; i < entries.length; i++) {
    if (!(entries[i]!.storedStart > entries[i - 1]!.storedStart)) {
      sorted = [...entries].sort((a, b) => a.storedStart - b.storedStart);
      break;
    }
  }
  const ids = new Set<string>();
  const spans: Span[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    if (i > 0 && !(e.storedStart > sorted[i - 1]!.storedStart)) {
      return undefined;
    }
    ids.add(e.span.spanId);
    spans.push(e.span);
  }
  return ids.size === spans.length ? spans : undefined;
}

function orderAnySpans(entries: readonly StoredSpan[]): Span[] {
  const byKey = new Map<string, StoredSpan>();
  for (const e of entries) {
    const key = spanKey(e.span);
    const kept = byKey.get(key);
    if (kept === undefined || e.seq < kept.seq) {
      byKey.set(key, e);
    }
  }
  const unique = [...byKey.values()];
  const depth = computeDepths(unique.map((e) => e.span));
  unique.sort(
    (a, b) =>
      a.storedStart - b.storedStart ||
      depth.get(a.span)! - depth.get(b.span)! ||
      Number(a.span.shared === true) - Number(b.span.shared === true) ||
      compareText(a.span.spanId, b.span.spanId) ||
      compareText(a.span.kind, b.span.kind) ||
      a.seq - b.seq,
  );
  return unique.map((e) => e.span);
}

/** Depth of each span in the parent forest; orphans and cycle members count as roots. */
function computeDepths(spans: readonly Span[]): Map<Span, number> {
  const byId = new Map<string, Span>();
  for (const s of spans) {
    const prev = byId.get(s.spanId);
    // A shared server span reuses its client's id: the client is the one children name.
    if (prev === undefined || (prev.shared === true && s.shared !== true)) {
      byId.set(s.spanId, s);
    }
  }
  const depth = new Map<Span, number>();
  for (const start of spans) {
    const chain: Span[] = [];
    const onChain = new Set<Span>();
    let cur: Span | undefined = start;
    let base = 0;
    while (cur !== undefined) {
      const known = depth.get(cur);
      if (known !== undefined) {
        base = known + 1;
        break;
      }
      if (onChain.has(cur)) {
        break;
      }
      chain.push(cur);
      onChain.add(cur);
      const parentId: string | undefined =
        cur.shared === true && byId.get(cur.spanId) !== cur
          ? cur.spanId
          : cur.parentSpanId;
      cur = parentId === undefined ? undefined : byId.get(parentId);
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      depth.set(chain[i]!, base++);
    }
  }
  return depth;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
