/**
 * Where a slice of a Jaeger `data` array may be cut: the start of an element
 * written the way Jaeger's query service writes traces,
 * `{"traceID":"…","spans":[`, after a comma. A string cannot hold these bytes
 * (its quotes would be escaped), and a span or reference has no `spans`
 * member, so such a position is the start of a trace object; whether that
 * object is an element of the array is proven by the slice before the cut
 * ending with a comma (see read-slice.ts). Documents written another way
 * have no cut points: they are read whole by one thread.
 */

const OPEN = Buffer.from('{"traceID":"');
const SPANS = Buffer.from(',"spans":[');
/** Longest trace id text looked at (hex ids have 32 digits; lenient ids a little more). */
const MAX_ID_BYTES = 128;

/**
 * The index of the first cut point in `bytes[from, end)`, or -1. The cut
 * point's pattern must lie wholly before `end`.
 */
export function findTraceStart(
  bytes: Buffer,
  from: number,
  end: number,
): number {
  let at = from;
  for (;;) {
    const i = bytes.indexOf(OPEN, at);
    if (i < 0 || i + OPEN.length >= end) {
      return -1;
    }
    if (
      followsComma(bytes, i) &&
      hasSpansAfterId(bytes, i + OPEN.length, end)
    ) {
      return i;
    }
    at = i + 1;
  }
}

function followsComma(bytes: Buffer, i: number): boolean {
  let k = i - 1;
  while (k >= 0) {
    const c = bytes[k]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      return c === 0x2c;
    }
    k--;
  }
  return false;
}

/** The id's string has no escapes and is followed by `,"spans":[`. */
function hasSpansAfterId(bytes: Buffer, from: number, end: number): boolean {
  const stop = Math.min(end, from + MAX_ID_BYTES);
  for (let k = from; k < stop; k++) {
    const c = bytes[k]!;
    if (c === 0x22) {
      if (k + 1 + SPANS.length > end) {
        return false;
      }
      for (let j = 0; j < SPANS.length; j++) {
        if (bytes[k + 1 + j] !== SPANS[j]) {
          return false;
        }
      }
      return true;
    }
    if (c === 0x5c || c < 0x20) {
      return false;
    }
  }
  return false;
}
