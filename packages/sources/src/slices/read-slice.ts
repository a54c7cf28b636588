/**
 * Reads a slice of a Jaeger document's `data` array: elements separated by
 * commas, from the slice's first byte. Each trace is decoded from its bytes
 * (the byte decoder finds where it ends, so the bytes are read once); an
 * element the byte decoder leaves is found by its brackets and decoded from
 * `JSON.parse` as the one-thread reader does. A slice ends right after a
 * comma (the next slice starts with the next element) or at the bracket
 * closing the array. Anything else — an element that is not a trace
 * object, text that is not JSON, a slice ending inside an element because
 * it was cut at the wrong place — stops the reading there: the reader reads
 * on from that point on one thread, which names the problem as it always
 * does.
 */
import { decodeJaegerTrace } from '@pathprof/engine';
import type { DecodedSpans, JaegerBytesDecoder } from '@pathprof/engine';
import type { JaegerTrace } from '@pathprof/model';

/**
 * How a slice ends: after a comma at its last byte (`comma`: the next slice
 * starts with an element), at the array's closing bracket (`close`, `at` is
 * its index), or where an element could not be read or what follows one is
 * not a separator (`stop`, `at` is where that begins; the elements before it
 * were read).
 */
export type SliceEnd = 'comma' | 'close' | 'stop';

export interface SliceRead {
  /** The traces read, unless they went to `onTrace` as they were read. */
  readonly traces: DecodedSpans[];
  readonly end: SliceEnd;
  readonly at: number;
  readonly spans: number;
  readonly rejected: number;
}

const textDecoder = new TextDecoder();

export function readSlice(
  decoder: JaegerBytesDecoder,
  bytes: Uint8Array,
  start: number,
  end: number,
  onTrace?: (decoded: DecodedSpans) => void,
): SliceRead {
  const traces: DecodedSpans[] = [];
  let spans = 0;
  let rejected = 0;
  const result = (how: SliceEnd, at: number): SliceRead => ({
    traces,
    end: how,
    at,
    spans,
    rejected,
  });
  let pos = start;
  for (;;) {
    pos = skipWhitespace(bytes, pos, end);
    if (pos >= end || bytes[pos] !== 0x7b) {
      return result('stop', pos);
    }
    let decoded: DecodedSpans | null;
    let next: number;
    const got = decoder.decodeNext(bytes, pos, end);
    if (got !== null) {
      decoded = got.decoded;
      next = got.end;
    } else {
      next = findValueEnd(bytes, pos, end);
      decoded = next < 0 ? null : decodePlainly(bytes, pos, next);
    }
    if (decoded === null) {
      return result('stop', pos);
    }
    spans += decoded.spans.length;
    rejected += decoded.rejected;
    if (onTrace === undefined) {
      traces.push(decoded);
    } else {
      onTrace(decoded);
    }
    pos = skipWhitespace(bytes, next, end);
    const c = pos < end ? bytes[pos] : -1;
    if (c === 0x5d) {
      return result('close', pos);
    }
    if (c !== 0x2c) {
      return result('stop', next);
    }
    pos = skipWhitespace(bytes, pos + 1, end);
    if (pos === end) {
      return result('comma', pos);
    }
  }
}

/** What the one-thread reader makes of an element the byte decoder leaves; null when it is not a trace object. */
function decodePlainly(
  bytes: Uint8Array,
  start: number,
  end: number,
): DecodedSpans | null {
  let value: unknown;
  try {
    value = JSON.parse(textDecoder.decode(bytes.subarray(start, end)));
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? decodeJaegerTrace(value as JaegerTrace)
    : null;
}

function skipWhitespace(bytes: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = bytes[i]!;
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      break;
    }
    i++;
  }
  return i;
}

/** The index after the bracket that closes the object or array at `start`, or -1 when `end` comes first. */
function findValueEnd(bytes: Uint8Array, start: number, end: number): number {
  let nesting = 0;
  let i = start;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 0x22) {
      i++;
      while (i < end && bytes[i] !== 0x22) {
        i += bytes[i] === 0x5c ? 2 : 1;
      }
    } else if (c === 0x7b || c === 0x5b) {
      nesting++;
    } else if (c === 0x7d || c === 0x5d) {
      nesting--;
      if (nesting === 0) {
        return i + 1;
      }
    }
    i++;
  }
  return -1;
}
