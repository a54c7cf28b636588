/**
 * ClickHouse's RowBinary format, written by hand
 * (https://clickhouse.com/docs/en/interfaces/formats#rowbinary): little-endian
 * fixed-width numbers, strings and arrays prefixed by their length as an
 * unsigned LEB128 varint, `Nullable` as one byte (1 = NULL) before the value,
 * `Enum8` as its Int8 value, `FixedString(N)` as exactly N bytes.
 */
export class RowBinaryWriter {
  #buffer: Buffer;
  #length: number;

  /** Starts writing after `headBytes` bytes the caller fills in later (zeroed). */
  constructor(headBytes = 0) {
    this.#buffer = Buffer.allocUnsafe(Math.max(64 * 1024, 2 * headBytes));
    this.#length = 0;
    this.reset(headBytes);
  }

  /** The capacity held, in bytes. */
  get capacity(): number {
    return this.#buffer.length;
  }

  /** Forgets what was written and starts again after `headBytes` zeroed bytes. */
  reset(headBytes = 0): void {
    this.#length = 0;
    this.#reserve(headBytes);
    this.#buffer.fill(0, 0, headBytes);
    this.#length = headBytes;
  }

  get length(): number {
    return this.#length;
  }

  /** The bytes written so far, the head included (a view, valid until the next write). */
  bytes(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  uint8(value: number): void {
    this.#reserve(1);
    this.#buffer[this.#length++] = value;
  }

  int8(value: number): void {
    this.#reserve(1);
    this.#buffer.writeInt8(value, this.#length);
    this.#length += 1;
  }

  uint32(value: number): void {
    this.#reserve(4);
    this.#buffer.writeUInt32LE(value, this.#length);
    this.#length += 4;
  }

  /** A UInt64 from a whole number up to 2^53. */
  uint64(value: number): void {
    this.#reserve(8);
    const low = value % 0x100000000;
    this.#buffer.writeUInt32LE(low, this.#length);
    this.#buffer.writeUInt32LE((value - low) / 0x100000000, this.#length + 4);
    this.#length += 8;
  }

  float64(value: number): void {
    this.#reserve(8);
    this.#buffer.writeDoubleLE(value, this.#length);
    this.#length += 8;
  }

  varint(value: number): void {
    this.#reserve(10);
    let v = value;
    while (v >= 0x80) {
      this.#buffer[this.#length++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#buffer[this.#length++] = v;
  }

  string(value: string): void {
    const n = value.length;
    if (n < 128) {
      // Short text is mostly ASCII: copied char by char, which is cheaper
      // than a call into Buffer#write; any other char starts over below.
      this.#reserve(n + 1);
      const buffer = this.#buffer;
      const start = this.#length;
      buffer[start] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = value.charCodeAt(i);
        if (c > 0x7f) {
          break;
        }
        buffer[start + 1 + i] = c;
      }
      if (i === n) {
        this.#length = start + 1 + n;
        return;
      }
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.#reserve(bytes);
    this.#length += this.#buffer.write(value, this.#length, 'utf8');
  }

  /** ASCII text of exactly `size` bytes (hex ids), zero-padded. */
  fixedString(value: string, size: number): void {
    this.#reserve(size);
    const buffer = this.#buffer;
    const start = this.#length;
    const n = Math.min(value.length, size);
    for (let i = 0; i < n; i++) {
      buffer[start + i] = value.charCodeAt(i);
    }
    buffer.fill(0, start + n, start + size);
    this.#length = start + size;
  }

  #reserve(bytes: number): void {
    if (this.#length + bytes <= this.#buffer.length) {
      return;
    }
    const next = Buffer.allocUnsafe(
      Math.max(this.#buffer.length * 2, this.#length + bytes),
    );
    this.#buffer.copy(next, 0, 0, this.#length);
    this.#buffer = next;
  }
}
