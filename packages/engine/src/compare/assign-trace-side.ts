/**
 * Splits traces into the two sides of a comparison by an attribute such as
 * `service.version`. A trace belongs to a side when ANY of its spans (only
 * those of `service`, when given) carries the attribute with that side's
 * value, as a span attribute or, when the span has none of that key, as a
 * resource attribute; values compare as text (`2` equals "2"). A trace
 * carrying both values is `ambiguous` and belongs to neither side.
 *
 *   frontend (version v9) → svc-e (version v2)       by service.version=v1,v2 → candidate
 *   same, with --service frontend                                          → null (neither)
 */
import type { AttributeValue, Span } from '@pathprof/model';

export interface AttributeSplit {
  readonly key: string;
  readonly baseline: string;
  readonly candidate: string;
  /** Consider only spans of this service. */
  readonly service?: string;
}

export type TraceSide = 'baseline' | 'candidate' | 'ambiguous';

export function assignTraceSide(
  spans: readonly Span[],
  split: AttributeSplit,
): TraceSide | null {
  let baseline = false;
  let candidate = false;
  for (const span of spans) {
    if (split.service !== undefined && span.service !== split.service) {
      continue;
    }
    const value = readAttributeText(
      span.attributes[split.key] ?? span.resource[split.key],
    );
    baseline ||= value === split.baseline;
    candidate ||= value === split.candidate;
  }
  if (baseline && candidate) {
    return 'ambiguous';
  }
  return baseline ? 'baseline' : candidate ? 'candidate' : null;
}

function readAttributeText(
  value: AttributeValue | undefined,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  return Array.isArray(value) ? value.join(',') : String(value);
}
