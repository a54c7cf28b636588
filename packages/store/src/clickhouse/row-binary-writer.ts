/**
 * ClickHouse's RowBinary format, written by hand
 * (https://clickhouse.com/docs/en/interfaces/formats#rowbinary): little-endian
 * fixed-width numbers, strings and arrays prefixed by their length as an
 * unsigned LEB128 varint, `Nullable` as one byte (1 = NULL) before the value,
 * `Enum8` as its Int8 value, `FixedString(N)` as exactly N bytes.
 */
export class RowBinaryWriter {
  #buffer = Buffer.allocUnsafe(64 * 1024);
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** The bytes written so far (a view, valid until the next write). */
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
    if (value.length < 128 && isAscii(value)) {
      this.#reserve(value.length + 1);
      this.#buffer[this.#length++] = value.length;
      this.#length += this.#buffer.write(value, this.#length, 'latin1');
      return;
    }
    const bytes = Buffer.byteLength(value, 'utf8');
    this.varint(bytes);
    this.#reserve(bytes);
    this.#length += this.#buffer.write(value, this.#length, 'utf8');
  }

  /** ASCII text of exactly `size` bytes (hex ids). */
  fixedString(value: string, size: number): void {
    this.#reserve(size);
    this.#buffer.fill(0, this.#length, this.#length + size);
    this.#buffer.write(value, this.#length, size, 'latin1');
    this.#length += size;
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

function isAscii(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0x7f) {
      return false;
    }
  }
  return true;
}
