/** What every adapter's `listAttributeValues` shares: its checks and the order of its answer. */
import type {
  AttributeValueCount,
  AttributeValuesOptions,
  AttributeValuesResult,
  TimeWindow,
} from '../span-store.js';
import { badQuery } from './normalise-query.js';

/** Keys are compared as given; an empty or huge key is a mistake. */
const MAX_KEY_LENGTH = 256;

export function checkAttributeValuesArgs(
  key: string,
  window: TimeWindow,
  options: AttributeValuesOptions,
): void {
  if (key === '' || key.length > MAX_KEY_LENGTH) {
    throw badQuery(
      `an attribute key must have 1 to ${MAX_KEY_LENGTH} characters`,
    );
  }
  if (
    !Number.isFinite(window.startMicros) ||
    !Number.isFinite(window.endMicros) ||
    window.endMicros < window.startMicros
  ) {
    throw badQuery('the window needs finite bounds with start ≤ end');
  }
  if (!Number.isSafeInteger(options.limit) || options.limit < 1) {
    throw badQuery('the value limit must be a whole number ≥ 1');
  }
}

/** Most spans first, then by value; the first `limit`. */
export function rankAttributeValues(
  counts: Iterable<AttributeValueCount>,
  limit: number,
): AttributeValuesResult {
  const all = [...counts].sort(
    (a, b) =>
      b.spans - a.spans || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
  return { values: all.slice(0, limit), truncated: all.length > limit };
}
