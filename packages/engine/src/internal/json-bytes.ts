/**
 * A validating reader of JSON text as UTF-8 bytes (RFC 8259), for decoders
 * that pull a few fields out of a value and skip the rest without building
 * it. It accepts exactly what `JSON.parse` of the decoded text accepts; on
 * anything else it throws `NOT_DECODABLE`, and the caller falls back to
 * `JSON.parse`, which reports the error with its position. Strings are
 * located, not decoded: `stringStart`/`stringEnd` bound the body of the last
 * string read, `stringPlain` tells that it has no escapes and only ASCII.
 */

import { decodeUtf8 } from './utf8.js';

/**
 * Thrown for input the byte reader does not take (invalid JSON, or a shape
 * the caller leaves to the plain path). One instance, made once: declining
 * costs no stack trace.
 */
export const NOT_DECODABLE = new Error('not decodable from bytes');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Per byte inside a string: 0 plain ASCII, 1 quote, 2 backslash, 3 control (invalid), 4 non-ASCII. */
const STRING_CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  STRING_CLASS[c] =
    c === QUOTE ? 1 : c === BACKSLASH ? 2 : c < 0x20 ? 3 : c >= 0x80 ? 4 : 0;
}

/** Characters that may follow a backslash. */
const ESCAPES = new Uint8Array(256);
for (const ch of '"\\/bfnrtu') {
  ESCAPES[ch.charCodeAt(0)] = 1;
}

const HEX = new Uint8Array(256);
for (const ch of '0123456789abcdefABCDEF') {
  HEX[ch.charCodeAt(0)] = 1;
}

export function fail(): never {
  throw NOT_DECODABLE;
}

export class JsonBytes {
  bytes: Uint8Array = new Uint8Array(0);
  pos = 0;
  end = 0;
  stringStart = 0;
  stringEnd = 0;
  stringPlain = true;

  reset(bytes: Uint8Array, start: number, end: number): void {
    this.decodedAt = -1;
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
  }

  /** Skips whitespace; returns the next byte (-1 at the end). */
  peek(): number {
    const b = this.bytes;
    const end = this.end;
    let i = this.pos;
    while (i < end) {
      const c = b[i]!;
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
        this.pos = i;
        return c;
      }
      i++;
    }
    this.pos = end;
    return -1;
  }

  expect(c: number): void {
    if (this.peek() !== c) {
      fail();
    }
    this.pos++;
  }

  /**
   * After a value inside a container: true when another member follows
   * (a comma was read), false when `close` ended the container.
   */
  next(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === 0x2c) {
      return true;
    }
    if (c !== close) {
      fail();
    }
    return false;
  }

  /** Opens an object or array: true when it has a first element (the bracket is consumed either way). */
  open(close: number): boolean {
    this.pos++;
    if (this.peek() === close) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** Reads a string at the current position (after whitespace); sets the string bounds. */
  readString(): void {
    if (this.peek() !== QUOTE) {
      fail();
    }
    const b = this.bytes;
    const end = this.end;
    let i = this.pos + 1;
    this.stringStart = i;
    let plain = true;
    for (;;) {
      if (i >= end) {
        fail();
      }
      const k = STRING_CLASS[b[i]!]!;
      if (k === 0) {
        i++;
        continue;
      }
      if (k === 1) {
        break;
      }
      if (k === 2) {
        plain = false;
        const e = i + 1 < end ? b[i + 1]! : 0;
        if (ESCAPES[e] !== 1) {
          fail();
        }
        if (e === 0x75) {
          if (
            i + 5 >= end ||
            HEX[b[i + 2]!] !== 1 ||
            HEX[b[i + 3]!] !== 1 ||
            HEX[b[i + 4]!] !== 1 ||
            HEX[b[i + 5]!] !== 1
          ) {
            fail();
          }
          i += 6;
        } else {
          i += 2;
        }
        continue;
      }
      if (k === 3) {
        fail();
      }
      plain = false;
      i++;
    }
    this.stringEnd = i;
    this.stringPlain = plain;
    this.pos = i + 1;
  }

  /** The last string read, decoded (for the rare names written with escapes or non-ASCII text). */
  private decodedString(): string {
    if (this.decodedAt !== this.stringStart) {
      this.decodedAt = this.stringStart;
      this.decoded = JSON.parse(
        decodeUtf8(this.bytes, this.stringStart - 1, this.stringEnd + 1),
      ) as string;
    }
    return this.decoded;
  }

  private decodedAt = -1;
  private decoded = '';

  /** Reads a member name and its colon. */
  readKey(): void {
    this.readString();
    this.expect(0x3a);
  }

  /** True when the last string read spells these ASCII bytes (written plainly or with escapes). */
  stringIs(ascii: Uint8Array): boolean {
    if (!this.stringPlain) {
      return this.decodedString() === String.fromCharCode(...ascii);
    }
    const n = ascii.length;
    if (this.stringEnd - this.stringStart !== n) {
      return false;
    }
    const b = this.bytes;
    const s = this.stringStart;
    for (let k = 0; k < n; k++) {
      if (b[s + k] !== ascii[k]) {
        return false;
      }
    }
    return true;
  }

  /** The byte at `i`, or -1 past the end of the input. */
  at(i: number): number {
    return i < this.end ? this.bytes[i]! : -1;
  }

  /** Scans a number; returns its end. Grammar of RFC 8259 section 6. */
  scanNumber(): number {
    let i = this.pos;
    if (this.at(i) === 0x2d) {
      i++;
    }
    if (this.at(i) === 0x30) {
      i++;
    } else {
      i = this.scanDigits(i);
    }
    if (this.at(i) === 0x2e) {
      i = this.scanDigits(i + 1);
    }
    const e = this.at(i);
    if (e === 0x65 || e === 0x45) {
      i++;
      const sign = this.at(i);
      if (sign === 0x2b || sign === 0x2d) {
        i++;
      }
      i = this.scanDigits(i);
    }
    return i;
  }

  /** At least one digit from `i`; returns the index after the last. */
  private scanDigits(from: number): number {
    let i = from;
    while (isDigit(this.at(i))) {
      i++;
    }
    if (i === from) {
      fail();
    }
    return i;
  }

  /** Reads a number as JSON.parse would (the caller has peeked a digit or '-'). */
  readNumber(): number {
    const start = this.pos;
    const stop = this.scanNumber();
    this.pos = stop;
    const b = this.bytes;
    if (stop - start <= 16) {
      // digits only: exact while the value stays below 2^53
      let v = 0;
      let i = start;
      for (; i < stop; i++) {
        const c = b[i]!;
        if (!isDigit(c)) {
          break;
        }
        v = v * 10 + (c - 0x30);
      }
      if (i === stop && v <= Number.MAX_SAFE_INTEGER) {
        return v;
      }
    }
    let text = '';
    for (let i = start; i < stop; i++) {
      text += String.fromCharCode(b[i]!);
    }
    return Number(text);
  }

  /** Consumes `true`, `false` or `null`; returns which (1, 0, -1). */
  readLiteral(): number {
    const i = this.pos;
    const c = this.at(i);
    if (
      c === 0x74 &&
      this.at(i + 1) === 0x72 &&
      this.at(i + 2) === 0x75 &&
      this.at(i + 3) === 0x65
    ) {
      this.pos = i + 4;
      return 1;
    }
    if (
      c === 0x66 &&
      this.at(i + 1) === 0x61 &&
      this.at(i + 2) === 0x6c &&
      this.at(i + 3) === 0x73 &&
      this.at(i + 4) === 0x65
    ) {
      this.pos = i + 5;
      return 0;
    }
    if (
      c === 0x6e &&
      this.at(i + 1) === 0x75 &&
      this.at(i + 2) === 0x6c &&
      this.at(i + 3) === 0x6c
    ) {
      this.pos = i + 4;
      return -1;
    }
    return fail();
  }

  /** Skips one value of any kind, checking it. */
  skipValue(): void {
    const c = this.peek();
    if (c === QUOTE) {
      this.readString();
    } else if (c === 0x7b) {
      if (this.open(0x7d)) {
        do {
          this.readKey();
          this.skipValue();
        } while (this.next(0x7d));
      }
    } else if (c === 0x5b) {
      if (this.open(0x5d)) {
        do {
          this.skipValue();
        } while (this.next(0x5d));
      }
    } else if (c === 0x2d || isDigit(c)) {
      this.pos = this.scanNumber();
    } else {
      this.readLiteral();
    }
  }

  /** Requires that only whitespace is left. */
  finish(): void {
    if (this.peek() !== -1) {
      fail();
    }
  }
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The bytes of an ASCII member name, for `stringIs`. */
export function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (ch) => ch.charCodeAt(0));
}
