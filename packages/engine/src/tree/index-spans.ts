/**
 * Resolves each span's parent by id. Duplicate ids are settled here:
 * - a Zipkin `shared` server span (or a SERVER span reusing a CLIENT span's id)
 *   becomes the client's child, and the spans naming that id as their parent
 *   hang below the server (they are its local work), as Jaeger's span-id
 *   deduper does;
 * - any other duplicate is dropped, keeping the copy with complete timing.
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

export interface IndexedSpans {
  /** The spans kept, in input order. */
  readonly kept: Span[];
  /** Parent index per kept span, -1 for none. */
  readonly parents: number[];
  readonly links: ParentLink[];
}

export function indexSpans(
  traceId: TraceId,
  spans: readonly Span[],
  warnings: TraceWarning[],
): IndexedSpans {
  const kept: Span[] = [];
  const byId = new Map<string, number>();
  const sharedServerOf = new Map<number, number>(); // server index -> client index
  for (const span of spans) {
    const existing = byId.get(span.spanId);
    if (existing === undefined) {
      byId.set(span.spanId, kept.length);
      kept.push(span);
      continue;
    }
    const other = kept[existing]!;
    if (isSharedServer(span, other)) {
      sharedServerOf.set(kept.length, existing);
      kept.push(span);
      continue;
    }
    if (isSharedServer(other, span)) {
      // the server came first: the client takes the id, the server hangs below it
      byId.set(span.spanId, kept.length);
      sharedServerOf.set(existing, kept.length);
      kept.push(span);
      continue;
    }
    if (other.missingTiming !== undefined && span.missingTiming === undefined) {
      kept[existing] = span;
    }
    warnings.push({
      code: 'duplicate-span-id',
      traceId,
      spanId: span.spanId,
      message: `span id ${span.spanId} appears more than once; one copy was kept`,
    });
  }

  // children of a shared id belong to the server side (the first one when several)
  const serverOfClient = new Map<number, number>();
  for (const [server, client] of sharedServerOf) {
    if (!serverOfClient.has(client)) {
      serverOfClient.set(client, server);
    }
  }

  const parents: number[] = new Array<number>(kept.length).fill(-1);
  const links: ParentLink[] = new Array<ParentLink>(kept.length).fill('root');
  const anyShared = sharedServerOf.size > 0;
  for (let i = 0; i < kept.length; i++) {
    const client = anyShared ? sharedServerOf.get(i) : undefined;
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
    let p = byId.get(parentId);
    if (anyShared && p !== undefined && p !== i) {
      p = serverOfClient.get(p) ?? p;
    }
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
