/**
 * The WHERE clause of a search over `spans`: every condition on the same row,
 * which is Jaeger's rule that one span satisfies them all. Tags match as the
 * shared `match-tag.ts` defines: span, resource or event attribute text, or a
 * tag Jaeger derives from span fields.
 */
import type { NormalisedQuery } from '../internal/normalise-query.js';
import { quoteString, toWholeRange } from './clickhouse-sql.js';

/** The conditions of a query, joined by AND; `0` when nothing can match. */
export function buildSpanConditions(q: NormalisedQuery): string {
  const parts: string[] = [];
  if (q.service !== undefined) {
    parts.push(`service = ${quoteString(q.service)}`);
  }
  if (q.operation !== undefined) {
    parts.push(`operation = ${quoteString(q.operation)}`);
  }
  const start = toWholeRange(q.startMin, q.startMax);
  const duration = toWholeRange(q.durationMin, q.durationMax);
  if (start === null || duration === null) {
    return '0';
  }
  pushRange(parts, 'start_us', start);
  pushRange(parts, 'duration_us', duration);
  for (const [key, value] of q.tags) {
    parts.push(buildTagCondition(key, value));
  }
  return parts.length === 0 ? '1' : parts.join(' AND ');
}

function pushRange(
  parts: string[],
  column: string,
  range: { min: number | undefined; max: number | undefined },
): void {
  if (range.min !== undefined) {
    parts.push(`${column} >= ${range.min}`);
  }
  if (range.max !== undefined) {
    parts.push(`${column} <= ${range.max}`);
  }
}

function buildTagCondition(key: string, value: string): string {
  const k = quoteString(key);
  const v = quoteString(value);
  const pairs = (keys: string, values: string): string =>
    `arrayExists((k, v) -> k = ${k} AND v = ${v}, ${keys}, ${values})`;
  const options = [
    pairs('attr_keys', 'attr_values'),
    pairs('resource_keys', 'resource_values'),
    pairs('event_attr_keys', 'event_attr_values'),
  ];
  const derived = buildDerivedTag(key, value);
  if (derived !== null) {
    options.push(derived);
  }
  return `(${options.join(' OR ')})`;
}

/** Jaeger's tags for span fields, as `spanMatchesTag` derives them. */
function buildDerivedTag(key: string, value: string): string | null {
  const v = quoteString(value);
  switch (key) {
    case 'span.kind':
      return value === 'unspecified' ? null : `toString(kind) = ${v}`;
    case 'error':
      return value === 'true' ? `status = 'error'` : null;
    case 'otel.status_code':
      return value === 'OK'
        ? `status = 'ok'`
        : value === 'ERROR'
          ? `status = 'error'`
          : null;
    case 'otel.status_description':
      return `ifNull(status_message = ${v}, 0)`;
    case 'event':
      return `has(event_names, ${v})`;
    default:
      return null;
  }
}
