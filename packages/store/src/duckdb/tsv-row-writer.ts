/**
 * The bytes of `duckdb-tsv-1` rows, written straight into one growing buffer.
 * Building each row as a string and joining them cost more than the JSON of
 * the attributes (the join flattens every row, the encoder copies it again,
 * and a 16-digit integer's `String` is slow): this writes UTF-8 once, and
 * integers digit by digit. The field rules are those of encode-duckdb-batch.ts.
 */

/** The quote (and escape) character of the rows. */
export const TSV_QUOTE = '\u0001';

const TAB = 0x09;
const NEWLINE = 0x0a;
const QUOTE_BYTE = 0x01;
const ZERO_DIGIT = 0x30;
const TEN_TO_8 = 100_000_000;
/** Longest ASCII text copied by a loop rather than `Buffer.write`. */
const SHORT_TEXT = 64;

export class TsvRowWriter {
  private buffer: Buffer;
  private pos = 0;
  private rowStart = 0;
  /** Bytes of the longest row ended so far, its line end included. */
  longestRow = 0;
  rows = 0;

  constructor(expectedBytes: number) {
    this.buffer = Buffer.allocUnsafe(Math.max(1024, expectedBytes));
  }

  /** Text known to be ASCII without separators: ids, kinds, numbers' text. */
  ascii(value: string): this {
    const n = value.length;
    this.reserve(n);
    if (n > SHORT_TEXT) {
      this.pos += this.buffer.write(value, this.pos, 'latin1');
      return this;
    }
    // a loop beats the native call's fixed cost on ids and kinds
    const b = this.buffer;
    let at = this.pos;
    for (let i = 0; i < n; i++) {
      b[at++] = value.charCodeAt(i);
    }
    this.pos = at;
    return this;
  }

  /** Text that needs no quoting but may hold any character (JSON). */
  raw(value: string): this {
    this.reserve(value.length * 3);
    this.pos += this.buffer.write(value, this.pos, 'utf8');
    return this;
  }

  /** A text field: as is, or quoted when empty or holding a separator or the quote. */
  text(value: string): this {
    const n = value.length;
    if (n === 0) {
      this.reserve(2);
      this.buffer[this.pos++] = QUOTE_BYTE;
      this.buffer[this.pos++] = QUOTE_BYTE;
      return this;
    }
    // one pass copies plain ASCII (most names) and finds what needs more
    this.reserve(n);
    const b = this.buffer;
    const start = this.pos;
    let at = start;
    for (let i = 0; i < n; i++) {
      const c = value.charCodeAt(i);
      if (isSeparator(c)) {
        this.pos = start;
        return this.raw(quoted(value));
      }
      if (c >= 0x80 || n > SHORT_TEXT) {
        this.pos = start;
        return this.rest(value, i);
      }
      b[at++] = c;
    }
    this.pos = at;
    return this;
  }

  /** `value` from its character `from` on needs no ASCII copy: checks the rest for separators, then writes it whole. */
  private rest(value: string, from: number): this {
    for (let i = from; i < value.length; i++) {
      if (isSeparator(value.charCodeAt(i))) {
        return this.raw(quoted(value));
      }
    }
    return this.raw(value);
  }

  /** A safe integer ≥ 0 in decimal. */
  wholeNumber(value: number): this {
    this.reserve(16);
    if (value < TEN_TO_8) {
      this.digits(value, false);
    } else {
      const high = Math.floor(value / TEN_TO_8);
      this.digits(high, false);
      this.digits(value - high * TEN_TO_8, true);
    }
    return this;
  }

  /** Any finite number as `String` writes it. */
  number(value: number): this {
    return Number.isSafeInteger(value) && value >= 0
      ? this.wholeNumber(value)
      : this.ascii(String(value));
  }

  tab(): this {
    this.reserve(1);
    this.buffer[this.pos++] = TAB;
    return this;
  }

  endRow(): void {
    this.reserve(1);
    this.buffer[this.pos++] = NEWLINE;
    this.longestRow = Math.max(this.longestRow, this.pos - this.rowStart);
    this.rowStart = this.pos;
    this.rows++;
  }

  /** The rows written, as a view of the buffer. */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.pos);
  }

  /** `n` < 10^8 in decimal; with `pad`, as exactly eight digits. */
  private digits(n: number, pad: boolean): void {
    let length = 1;
    for (let v = n; v >= 10; v = Math.floor(v / 10)) {
      length++;
    }
    if (pad) {
      for (let k = length; k < 8; k++) {
        this.buffer[this.pos++] = ZERO_DIGIT;
      }
    }
    let at = this.pos + length;
    this.pos = at;
    let v = n;
    do {
      const q = Math.floor(v / 10);
      this.buffer[--at] = ZERO_DIGIT + (v - q * 10);
      v = q;
    } while (v > 0);
  }

  private reserve(bytes: number): void {
    if (this.pos + bytes <= this.buffer.length) {
      return;
    }
    const grown = Buffer.allocUnsafe(
      Math.max(this.buffer.length * 2, this.pos + bytes),
    );
    this.buffer.copy(grown, 0, 0, this.pos);
    this.buffer = grown;
  }
}

/** A tab, a line break or the quote: a field holding one is quoted. */
function isSeparator(c: number): boolean {
  return c === 9 || c === 10 || c === 13 || c === 1;
}

/** `value` between quotes, each quote in it doubled. */
function quoted(value: string): string {
  return (
    TSV_QUOTE + value.replaceAll(TSV_QUOTE, TSV_QUOTE + TSV_QUOTE) + TSV_QUOTE
  );
}
