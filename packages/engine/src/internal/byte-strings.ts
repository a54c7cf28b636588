/**
 * Strings of a JSON byte reader's last string, decoded as `JSON.parse` of the
 * decoded text would give them. Short ASCII strings are interned in a small
 * fixed table keyed by a hash of their bytes: trace files repeat the same tag
 * keys, values, services and operations on every span, and returning the
 * string already made costs a compare instead of an allocation (and the
 * garbage it becomes). The table never grows: a colliding string replaces the
 * entry.
 */
import type { JsonBytes } from './json-bytes.js';
import { decodeUtf8 } from './utf8.js';

const TABLE_SIZE = 4096;
const MAX_INTERNED_BYTES = 64;

export class ByteStrings {
  private readonly strings: (string | undefined)[] = new Array<
    string | undefined
  >(TABLE_SIZE).fill(undefined);
  private readonly hashes = new Int32Array(TABLE_SIZE);

  /** The last string `r` read. */
  read(r: JsonBytes): string {
    const b = r.bytes;
    const start = r.stringStart;
    const end = r.stringEnd;
    if (!r.stringPlain) {
      return decodeEscaped(b, start, end);
    }
    const n = end - start;
    if (n > MAX_INTERNED_BYTES) {
      return decodeUtf8(b, start, end);
    }
    let h = 0x811c9dc5 ^ n;
    for (let i = start; i < end; i++) {
      h = Math.imul(h ^ b[i]!, 0x01000193);
    }
    const slot = (h ^ (h >>> 15)) & (TABLE_SIZE - 1);
    const cached = this.strings[slot];
    if (
      cached !== undefined &&
      this.hashes[slot] === h &&
      sameAscii(cached, b, start, n)
    ) {
      return cached;
    }
    const s = decodeUtf8(b, start, end);
    this.strings[slot] = s;
    this.hashes[slot] = h;
    return s;
  }
}

function sameAscii(
  s: string,
  b: Uint8Array,
  start: number,
  n: number,
): boolean {
  if (s.length !== n) {
    return false;
  }
  for (let k = 0; k < n; k++) {
    if (s.charCodeAt(k) !== b[start + k]) {
      return false;
    }
  }
  return true;
}

/** A string with escapes or non-ASCII bytes: the quoted text through JSON.parse, exactly its meaning. */
function decodeEscaped(b: Uint8Array, start: number, end: number): string {
  return JSON.parse(decodeUtf8(b, start - 1, end + 1)) as string;
}
