import type { Span } from '@pathprof/model';

/**
 * Identity of a span within its trace: span id, kind and Zipkin's shared flag.
 * A shared Zipkin server span reuses its client's span id, so the id alone is
 * not enough; a span re-sent with the same key is the same span.
 */
export function spanKey(span: Span): string {
  return `${span.spanId}|${span.kind}|${span.shared === true ? 1 : 0}`;
}
