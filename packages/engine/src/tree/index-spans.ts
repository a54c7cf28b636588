/**
 * Resolves each span's parent by id. Several spans may claim one id:
 * - a Zipkin `shared` server span (or a SERVER span reusing a CLIENT span's
 *   id) is the client's child: the same call seen from both ends;
 * - the same work reported twice — an exact copy, or a kind-less fragment of
 *   a timed span (Zipkin's late annotations) — is merged into one span that
 *   keeps the timed copy and the union of both copies' tags and errors
 *   (`duplicate-span-id`);
 * - anything else is distinct work and stays apart (`shared-span-id`): the
 *   SERVER spans of one broadcast on several hosts reuse the sender's id.
 * A span naming a shared id as its parent hangs below the claimant it most
 * likely ran in: the server side before the client, then the same host, the
 * same service, and the latest one started by the time the child started.
 * The primary parent is `parentSpanId`, else the first CHILD_OF reference,
 * else the first other reference within the same trace.
 */
import type {
  Span,
  SpanId,
  SpanRef,
  SpanRefType,
  TraceId,
  TraceWarning,
} from '@pathprof/model';
import type { ParentLink } from './trace-tree.js';
import { hostOf } from './span-host.js';
import { IdIndex } from '../internal/id-index.js';
import { int32s } from '../internal/typed-slab.js';

export interface IndexedSpans {
  /** The spans kept (merged copies replaced by their union), in input order. */
  readonly kept: Span[];
  /** Parent index per kept span, -1 for none. */
  readonly parents: Int32Array;
  readonly links: ParentLink[];
}

export function indexSpans(
  traceId: TraceId,
  spans: readonly Span[],
  warnings: TraceWarning[],
): IndexedSpans {
  const kept: Span[] = [];
  // the first kept span claiming each id; ids claimed by several kept spans
  // also get the list of all of them, in input order
  const firstClaimant = new IdIndex();
  let claimants: Map<string, number[]> | undefined;
  let sharedServerOf: Map<number, number> | undefined; // server index -> client index
  for (let s = 0; s < spans.length; s++) {
    const span = spans[s]!;
    const first = firstClaimant.get(span.spanId);
    if (first === undefined) {
      firstClaimant.add(span.spanId, kept.length);
      kept.push(span);
      continue;
    }
    claimants ??= new Map();
    sharedServerOf ??= new Map();
    let list = claimants.get(span.spanId);
    if (list === undefined) {
      list = [first];
      claimants.set(span.spanId, list);
    }
    const same = list.find((c) => isSameWork(kept[c]!, span));
    if (same !== undefined) {
      kept[same] = mergeCopies(kept[same]!, span);
      warnings.push({
        code: 'duplicate-span-id',
        traceId,
        spanId: span.spanId,
        message: `span id ${span.spanId} was reported twice for the same work; the copies were merged`,
      });
      continue;
    }
    const index = kept.length;
    kept.push(span);
    list.push(index);
    const client = list.find((c) => isSharedServer(span, kept[c]!));
    if (client !== undefined) {
      sharedServerOf.set(index, client);
      continue;
    }
    for (const c of list) {
      if (c !== index && isSharedServer(kept[c]!, span)) {
        // the server came first: it hangs below the client
        sharedServerOf.set(c, index);
      }
    }
  }

  const n = kept.length;
  const parents = int32s(n).fill(-1);
  const links = new Array<ParentLink>(n).fill('root');
  let servedClients: ReadonlySet<number> | undefined;
  if (claimants !== undefined && sharedServerOf !== undefined) {
    servedClients = new Set(sharedServerOf.values());
    warnUnrelatedClaimants(
      traceId,
      kept,
      claimants,
      sharedServerOf,
      servedClients,
      warnings,
    );
  }
  for (let i = 0; i < n; i++) {
    const client = sharedServerOf?.get(i);
    if (client !== undefined) {
      parents[i] = client;
      links[i] = 'shared';
      continue;
    }
    const span = kept[i]!;
    let parentId: SpanId;
    let type: SpanRefType;
    if (span.parentSpanId !== undefined) {
      parentId = span.parentSpanId;
      type = parentRefType(span);
    } else {
      const ref = firstReference(span, traceId);
      if (ref === undefined) {
        continue;
      }
      parentId = ref.spanId;
      type = ref.type;
    }
    const list = claimants?.get(parentId);
    const p =
      list === undefined
        ? firstClaimant.get(parentId)
        : pickClaimant(list, kept, servedClients!, i);
    if (p === undefined || p === i) {
      warnings.push({
        code: 'orphan-span',
        traceId,
        spanId: span.spanId,
        message:
          p === i
            ? `span ${span.spanId} references itself; it was made a root`
            : `parent ${parentId} of span ${span.spanId} is missing; the span was made a root`,
      });
      continue;
    }
    parents[i] = p;
    links[i] = type;
  }
  return { kept, parents, links };
}

/** Spans sharing an id that no client/server relation explains: distinct work, kept apart. */
function warnUnrelatedClaimants(
  traceId: TraceId,
  kept: readonly Span[],
  claimants: ReadonlyMap<string, readonly number[]>,
  sharedServerOf: ReadonlyMap<number, number>,
  servedClients: ReadonlySet<number>,
  warnings: TraceWarning[],
): void {
  // ids in the order they were first claimed
  const lists = [...claimants.values()].sort((a, b) => a[0]! - b[0]!);
  for (const list of lists) {
    const unrelated = list.filter(
      (c) => !sharedServerOf.has(c) && !servedClients.has(c),
    );
    for (const c of unrelated.slice(1)) {
      const span = kept[c]!;
      warnings.push({
        code: 'shared-span-id',
        traceId,
        spanId: span.spanId,
        message: `span id ${span.spanId} is used by ${unrelated.length} distinct spans; each was kept (${span.service})`,
      });
    }
  }
}
function isSharedServer(candidate: Span, client: Span): boolean {
  if (candidate.shared === true && client.shared !== true) {
    return true;
  }
  return (
    candidate.kind === 'server' &&
    client.kind === 'client' &&
    candidate.shared !== false
  );
}

/**
 * Two reports of one piece of work: a kind-less fragment of the other
 * (missing its timing or lying within it) of the same service, or an exact
 * copy — same service, kind and host, and the same start.
 */
function isSameWork(a: Span, b: Span): boolean {
  const sameService =
    a.service === b.service ||
    a.service === 'unknown' ||
    b.service === 'unknown';
  if (!sameService) {
    return false;
  }
  if (a.kind === 'unspecified' || b.kind === 'unspecified') {
    const [fragment, whole] = a.kind === 'unspecified' ? [a, b] : [b, a];
    return (
      fragment.missingTiming !== undefined ||
      whole.missingTiming !== undefined ||
      (fragment.startMicros >= whole.startMicros &&
        fragment.startMicros + fragment.durationMicros <=
          whole.startMicros + whole.durationMicros)
    );
  }
  if (a.kind !== b.kind || hostOf(a) !== hostOf(b)) {
    return false;
  }
  const aStart = a.missingTiming === 'start' || a.missingTiming === 'both';
  const bStart = b.missingTiming === 'start' || b.missingTiming === 'both';
  return aStart || bStart || a.startMicros === b.startMicros;
}

/** The copy with timing (else the first), with both copies' tags, events and error status. */
function mergeCopies(first: Span, second: Span): Span {
  const [base, other] =
    first.missingTiming !== undefined && second.missingTiming === undefined
      ? [second, first]
      : [first, second];
  const merged: Span = {
    ...base,
    attributes: { ...other.attributes, ...base.attributes },
    resource: { ...other.resource, ...base.resource },
    events:
      other.events.length === 0
        ? base.events
        : [...base.events, ...other.events],
    status:
      base.status === 'error' || other.status === 'error'
        ? 'error'
        : base.status,
  };
  if (base.kind === 'unspecified' && other.kind !== 'unspecified') {
    return { ...merged, kind: other.kind };
  }
  return merged;
}

/**
 * The claimant of a shared id that a child hangs below: servers before
 * clients, then by host, service, and the latest start not after the child's.
 */
function pickClaimant(
  list: readonly number[],
  kept: readonly Span[],
  servedClients: ReadonlySet<number>,
  child: number,
): number {
  const span = kept[child]!;
  const host = hostOf(span);
  let best = list[0]!;
  let bestScore = -1;
  let bestStart = -Infinity;
  for (const c of list) {
    if (c === child) {
      continue;
    }
    const claimant = kept[c]!;
    const score =
      (servedClients.has(c) ? 0 : 8) +
      (host !== undefined && hostOf(claimant) === host ? 4 : 0) +
      (claimant.service === span.service ? 2 : 0) +
      (claimant.startMicros <= span.startMicros ? 1 : 0);
    if (
      score > bestScore ||
      (score === bestScore &&
        claimant.startMicros <= span.startMicros &&
        claimant.startMicros > bestStart)
    ) {
      best = c;
      bestScore = score;
      bestStart = claimant.startMicros;
    }
  }
  return best;
}

/** Without `parentSpanId`: the first CHILD_OF reference in this trace, else its first reference. */
function firstReference(span: Span, traceId: TraceId): SpanRef | undefined {
  let fallback: SpanRef | undefined;
  for (const ref of span.references) {
    if (ref.traceId !== traceId) {
      continue;
    }
    if (ref.type === 'child_of') {
      return ref;
    }
    fallback ??= ref;
  }
  return fallback;
}

function parentRefType(span: Span): SpanRef['type'] {
  for (const ref of span.references) {
    if (ref.spanId === span.parentSpanId) {
      return ref.type;
    }
  }
  return 'child_of';
}
