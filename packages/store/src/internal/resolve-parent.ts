/**
 * Which span is a span's parent for service dependencies, following Jaeger's
 * `SpanIDDeduper` (a shared Zipkin server span gets its own id under the
 * client, and the children of the shared id hang under the server span):
 *
 *   client C (id 7, svc A) ─ server S (id 7, shared, svc B) ─ child X (parent 7)
 *   parent(S) = C, parent(X) = S, so the dependency is A → B.
 *
 * 1. A shared span's parent is the non-shared span with its id, when present.
 * 2. Otherwise the span named by `parentSpanId`, the shared copy first.
 */
import type { Span } from '@pathprof/model';

export function createParentResolver(
  spans: readonly Span[],
): (span: Span) => Span | undefined {
  const plain = new Map<string, Span>();
  const shared = new Map<string, Span>();
  for (const s of spans) {
    const map = s.shared === true ? shared : plain;
    if (!map.has(s.spanId)) {
      map.set(s.spanId, s);
    }
  }
  return (span) => {
    if (span.shared === true) {
      const client = plain.get(span.spanId);
      if (client !== undefined) {
        return client;
      }
    }
    if (span.parentSpanId === undefined) {
      return undefined;
    }
    const candidate = shared.get(span.parentSpanId);
    if (candidate !== undefined && candidate !== span) {
      return candidate;
    }
    const parent = plain.get(span.parentSpanId);
    return parent === span ? undefined : parent;
  };
}
