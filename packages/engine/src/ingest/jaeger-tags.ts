/**
 * Span fields → Jaeger key-values, as Jaeger's OTLP translator renders them
 * (opentelemetry-collector-contrib `pkg/translator/jaeger`, used by the
 * Jaeger query service): integers `int64`, other numbers `float64`, arrays
 * as their JSON text of type `string`; the span kind as `span.kind`, the
 * status as `otel.status_code` (`OK`/`ERROR`), `error: true` and
 * `otel.status_description`. The query service then sorts tags by key
 * (its SortTagsAndLogFields adjuster), log fields with `event` first.
 */
import type {
  AttributeValue,
  Attributes,
  JaegerKeyValue,
  Span,
  SpanEvent,
} from '@pathprof/model';

export function toJaegerKeyValue(
  key: string,
  value: AttributeValue,
): JaegerKeyValue {
  if (typeof value === 'string') {
    return { key, type: 'string', value };
  }
  if (typeof value === 'boolean') {
    return { key, type: 'bool', value };
  }
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) {
      return { key, type: 'int64', value };
    }
    return Number.isFinite(value)
      ? { key, type: 'float64', value }
      : { key, type: 'string', value: String(value) };
  }
  return { key, type: 'string', value: JSON.stringify(value) };
}

export function toJaegerKeyValues(attributes: Attributes): JaegerKeyValue[] {
  return sortByKey(
    Object.entries(attributes).map(([k, v]) => toJaegerKeyValue(k, v)),
  );
}

export function toJaegerSpanTags(span: Span): JaegerKeyValue[] {
  const tags = Object.entries(span.attributes).map(([k, v]) =>
    toJaegerKeyValue(k, v),
  );
  if (span.kind !== 'unspecified') {
    tags.push({ key: 'span.kind', type: 'string', value: span.kind });
  }
  if (span.status !== 'unset') {
    tags.push({
      key: 'otel.status_code',
      type: 'string',
      value: span.status === 'ok' ? 'OK' : 'ERROR',
    });
  }
  if (span.status === 'error') {
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (span.statusMessage !== undefined && span.statusMessage !== '') {
    tags.push({
      key: 'otel.status_description',
      type: 'string',
      value: span.statusMessage,
    });
  }
  return sortByKey(tags);
}

/** An event's fields: `event` (its name, unless an attribute holds that key) first, then the rest by key. */
export function toJaegerLogFields(event: SpanEvent): JaegerKeyValue[] {
  const fields = toJaegerKeyValues(event.attributes);
  const named = fields.findIndex((f) => f.key === 'event');
  if (named >= 0) {
    return [fields[named]!, ...fields.filter((_, i) => i !== named)];
  }
  return event.name === ''
    ? fields
    : [{ key: 'event', type: 'string', value: event.name }, ...fields];
}

function sortByKey(tags: JaegerKeyValue[]): JaegerKeyValue[] {
  return tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
