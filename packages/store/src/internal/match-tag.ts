/**
 * Tag matching of a search, as Jaeger's stores do it (memory store
 * `validSpan`/`flattenTags`): a key/value pair matches a span when the value
 * equals, as text, a span attribute, a resource attribute or an event attribute
 * of that key, or a tag Jaeger derives from span fields (`DERIVED_TAGS`).
 * The DuckDB adapter builds the same rule in SQL.
 */
import type { AttributeValue, Span } from '@pathprof/model';

/** Tags Jaeger shows for span fields that the model keeps outside attributes. */
export const DERIVED_TAGS = [
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
  'event',
] as const;

/** An attribute value as text: numbers as JavaScript prints them, arrays as JSON. */
export function attributeText(value: AttributeValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function spanMatchesTag(
  span: Span,
  key: string,
  value: string,
): boolean {
  if (
    equalsText(span.attributes[key], value) ||
    equalsText(span.resource[key], value)
  ) {
    return true;
  }
  for (const event of span.events) {
    if (equalsText(event.attributes[key], value)) {
      return true;
    }
  }
  return derivedTagMatches(span, key, value);
}

function equalsText(attr: AttributeValue | undefined, value: string): boolean {
  return attr !== undefined && attributeText(attr) === value;
}

function derivedTagMatches(span: Span, key: string, value: string): boolean {
  switch (key) {
    case 'span.kind':
      return span.kind !== 'unspecified' && span.kind === value;
    case 'error':
      return span.status === 'error' && value === 'true';
    case 'otel.status_code':
      return (
        (span.status === 'ok' && value === 'OK') ||
        (span.status === 'error' && value === 'ERROR')
      );
    case 'otel.status_description':
      return span.statusMessage !== undefined && span.statusMessage === value;
    case 'event':
      return span.events.some((e) => e.name === value);
    default:
      return false;
  }
}
