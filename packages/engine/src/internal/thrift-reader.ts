/**
 * Thrift's two wire protocols, read by hand behind one interface, so a struct
 * decoder is written once:
 *
 * - binary (big-endian, 1-byte field type + 2-byte id, 4-byte lengths):
 *   https://github.com/apache/thrift/blob/master/doc/specs/thrift-binary-protocol.md
 * - compact (zigzag varints, field-id deltas, bools inside the field header,
 *   little-endian doubles):
 *   https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md
 *
 * Every read checks its bounds and throws a WireError with the byte offset;
 * lengths and element counts are checked against the bytes left before
 * anything is allocated, and skipping unknown fields is bounded in depth.
 */
import { bytesToHex } from '@pathprof/model';
import { WireError, encodeBase64, fail } from './protobuf-reader.js';
import { decodeUtf8 } from './utf8.js';

export { WireError };

/** Field and element types, as the binary protocol numbers them. */
export const T_STOP = 0;
export const T_BOOL = 2;
export const T_BYTE = 3;
export const T_DOUBLE = 4;
export const T_I16 = 6;
export const T_I32 = 8;
export const T_I64 = 10;
export const T_STRING = 11;
export const T_STRUCT = 12;
export const T_MAP = 13;
export const T_SET = 14;
export const T_LIST = 15;

/** Deeper nesting of unknown fields than this is refused. */
export const MAX_SKIP_DEPTH = 32;

export interface FieldHeader {
  readonly type: number;
  readonly id: number;
}

export interface ListHeader {
  readonly elementType: number;
  readonly size: number;
}

export interface MessageHeader {
  readonly name: string;
  /** 1 call, 2 reply, 3 exception, 4 oneway. */
  readonly type: number;
}

export interface ThriftReader {
  readonly bytes: Uint8Array;
  pos: number;
  readMessageHeader(): MessageHeader;
  /** The next field of the current struct, or null at its end (STOP). */
  readFieldHeader(): FieldHeader | null;
  /** Call when a struct starts and after it ends (compact tracks field-id deltas per struct). */
  enterStruct(): void;
  leaveStruct(): void;
  readListHeader(): ListHeader;
  readBool(): boolean;
  readI32(): number;
  /** An i64 as 16 lowercase hex digits of its two's complement (ids). */
  readI64Hex(): string;
  /** An i64 as a number (exact up to 2^53, which covers µs since the epoch). */
  readI64Number(): number;
  readDouble(): number;
  readString(): string;
  /** A binary field as base64. */
  readBinaryBase64(): string;
  skip(type: number): void;
}

abstract class BaseReader {
  pos = 0;
  protected view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  protected need(count: number, what: string): void {
    if (count < 0 || this.bytes.length - this.pos < count) {
      fail(`truncated ${what}`, this.pos);
    }
  }

  protected readByte(): number {
    this.need(1, 'byte');
    return this.bytes[this.pos++]!;
  }

  protected abstract readLength(): number;
  abstract readFieldHeader(): FieldHeader | null;
  abstract readListHeader(): ListHeader;
  abstract readMapHeader(): { key: number; value: number; size: number };
  abstract readBool(): boolean;
  abstract readI32(): number;
  protected abstract readI16(): number;
  abstract readI64Hex(): string;
  abstract readDouble(): number;
  enterStruct(): void {}
  leaveStruct(): void {}

  readI64Number(): number {
    const hex = this.readI64Hex();
    const hi = parseInt(hex.slice(0, 8), 16);
    const lo = parseInt(hex.slice(8), 16);
    return hi >= 0x80000000
      ? -((0xffffffff - hi) * 4294967296 + (0xffffffff - lo) + 1)
      : hi * 4294967296 + lo;
  }

  protected readBytesRange(): [number, number] {
    const lengthPos = this.pos;
    const length = this.readLength();
    if (length < 0 || length > this.bytes.length - this.pos) {
      fail(
        `length ${length} exceeds the ${this.bytes.length - this.pos} bytes left`,
        lengthPos,
      );
    }
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  readString(): string {
    const [start, end] = this.readBytesRange();
    return decodeUtf8(this.bytes, start, end);
  }

  readBinaryBase64(): string {
    const [start, end] = this.readBytesRange();
    return encodeBase64(this.bytes, start, end);
  }

  /** A count of elements that each take at least one byte cannot exceed the bytes left. */
  protected checkCount(size: number, at: number): number {
    if (size < 0 || size > this.bytes.length - this.pos) {
      fail(`${size} elements cannot fit in the bytes left`, at);
    }
    return size;
  }

  skip(type: number, depth = 0): void {
    if (depth > MAX_SKIP_DEPTH) {
      fail(`values nested deeper than ${MAX_SKIP_DEPTH} levels`, this.pos);
    }
    switch (type) {
      case T_BOOL:
        this.readBool();
        return;
      case T_BYTE:
        this.readByte();
        return;
      case T_I16:
        this.readI16();
        return;
      case T_I32:
        this.readI32();
        return;
      case T_I64:
        this.readI64Hex();
        return;
      case T_DOUBLE:
        this.readDouble();
        return;
      case T_STRING:
        this.readBytesRange();
        return;
      case T_STRUCT: {
        this.enterStruct();
        for (let f = this.readFieldHeader(); f !== null;) {
          this.skip(f.type, depth + 1);
          f = this.readFieldHeader();
        }
        this.leaveStruct();
        return;
      }
      case T_LIST:
      case T_SET: {
        const { elementType, size } = this.readListHeader();
        for (let i = 0; i < size; i++) {
          this.skip(elementType, depth + 1);
        }
        return;
      }
      case T_MAP: {
        const { key, value, size } = this.readMapHeader();
        for (let i = 0; i < size; i++) {
          this.skip(key, depth + 1);
          this.skip(value, depth + 1);
        }
        return;
      }
      default:
        fail(`unknown Thrift type ${type}`, this.pos);
    }
  }
}

const BINARY_VERSION_1 = 0x80010000;
const BINARY_VERSION_MASK = 0xffff0000;

class BinaryReader extends BaseReader implements ThriftReader {
  protected readLength(): number {
    return this.readI32();
  }

  readMessageHeader(): MessageHeader {
    const first = this.readI32();
    if (first < 0) {
      if ((first & BINARY_VERSION_MASK) >>> 0 !== BINARY_VERSION_1) {
        fail(`unknown Thrift binary protocol version`, this.pos - 4);
      }
      const name = this.readString();
      this.readI32();
      return { name, type: first & 0xff };
    }
    // Old, non-strict messages: the name's length comes first.
    this.pos -= 4;
    const name = this.readString();
    const type = this.readByte();
    this.readI32();
    return { name, type };
  }

  readFieldHeader(): FieldHeader | null {
    const type = this.readByte();
    if (type === T_STOP) {
      return null;
    }
    return { type, id: this.readI16() };
  }

  readListHeader(): ListHeader {
    const elementType = this.readByte();
    const at = this.pos;
    return { elementType, size: this.checkCount(this.readI32(), at) };
  }

  readMapHeader(): { key: number; value: number; size: number } {
    const key = this.readByte();
    const value = this.readByte();
    const at = this.pos;
    return { key, value, size: this.checkCount(this.readI32(), at) };
  }

  readBool(): boolean {
    return this.readByte() !== 0;
  }

  protected readI16(): number {
    this.need(2, 'i16');
    const v = this.view.getInt16(this.pos);
    this.pos += 2;
    return v;
  }

  readI32(): number {
    this.need(4, 'i32');
    const v = this.view.getInt32(this.pos);
    this.pos += 4;
    return v;
  }

  readI64Hex(): string {
    this.need(8, 'i64');
    const hex = bytesToHex(this.bytes, this.pos, this.pos + 8);
    this.pos += 8;
    return hex;
  }

  readDouble(): number {
    this.need(8, 'double');
    const v = this.view.getFloat64(this.pos);
    this.pos += 8;
    return v;
  }
}

const COMPACT_PROTOCOL_ID = 0x82;
const COMPACT_VERSION = 1;
/** Compact type nibbles → binary type numbers (index = compact type). */
const COMPACT_TO_BINARY = [
  T_STOP,
  T_BOOL, // 1: true
  T_BOOL, // 2: false
  T_BYTE,
  T_I16,
  T_I32,
  T_I64,
  T_DOUBLE,
  T_STRING,
  T_LIST,
  T_SET,
  T_MAP,
  T_STRUCT,
];

class CompactReader extends BaseReader implements ThriftReader {
  private lastFieldIds: number[] = [];
  private lastFieldId = 0;
  /** A bool field's value travels in its header. */
  private pendingBool: boolean | null = null;

  protected readLength(): number {
    return this.readVarint32();
  }

  private readVarint32(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.readByte();
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        return value;
      }
    }
    return fail('varint longer than 5 bytes', this.pos);
  }

  private readZigzag32(): number {
    const n = this.readVarint32();
    return (n >>> 1) ^ -(n & 1);
  }

  readMessageHeader(): MessageHeader {
    const start = this.pos;
    if (this.readByte() !== COMPACT_PROTOCOL_ID) {
      fail('not a Thrift compact protocol message', start);
    }
    const versionAndType = this.readByte();
    if ((versionAndType & 0x1f) !== COMPACT_VERSION) {
      fail('unknown Thrift compact protocol version', start + 1);
    }
    this.readVarint32();
    return { name: this.readString(), type: versionAndType >>> 5 };
  }

  override enterStruct(): void {
    this.lastFieldIds.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  override leaveStruct(): void {
    this.lastFieldId = this.lastFieldIds.pop() ?? 0;
  }

  readFieldHeader(): FieldHeader | null {
    const at = this.pos;
    const byte = this.readByte();
    const compactType = byte & 0x0f;
    if (compactType === 0) {
      return null;
    }
    const type = COMPACT_TO_BINARY[compactType];
    if (type === undefined) {
      fail(`unknown Thrift compact type ${compactType}`, at);
    }
    const delta = byte >>> 4;
    const id = delta === 0 ? this.readZigzag32() : this.lastFieldId + delta;
    this.lastFieldId = id;
    if (type === T_BOOL) {
      this.pendingBool = compactType === 1;
    }
    return { type, id };
  }

  readListHeader(): ListHeader {
    const at = this.pos;
    const byte = this.readByte();
    const elementType = COMPACT_TO_BINARY[byte & 0x0f];
    if (elementType === undefined || elementType === T_STOP) {
      fail(`unknown Thrift compact element type ${byte & 0x0f}`, at);
    }
    const short = byte >>> 4;
    const size = short === 15 ? this.readVarint32() : short;
    return { elementType, size: this.checkCount(size, at) };
  }

  readMapHeader(): { key: number; value: number; size: number } {
    const at = this.pos;
    const size = this.checkCount(this.readVarint32(), at);
    if (size === 0) {
      return { key: T_STOP, value: T_STOP, size };
    }
    const types = this.readByte();
    const key = COMPACT_TO_BINARY[types >>> 4];
    const value = COMPACT_TO_BINARY[types & 0x0f];
    if (key === undefined || value === undefined) {
      fail('unknown Thrift compact map types', at);
    }
    return { key, value, size };
  }

  readBool(): boolean {
    if (this.pendingBool !== null) {
      const value = this.pendingBool;
      this.pendingBool = null;
      return value;
    }
    // Inside a list: one byte, 1 for true.
    return this.readByte() === 1;
  }

  protected readI16(): number {
    return this.readZigzag32();
  }

  readI32(): number {
    return this.readZigzag32();
  }

  readI64Hex(): string {
    let lo = 0;
    let hi = 0;
    for (let i = 0; ; i++) {
      if (i >= 10) {
        fail('varint longer than 10 bytes', this.pos);
      }
      const byte = this.readByte();
      const bits = byte & 0x7f;
      if (i < 4) {
        lo |= bits << (7 * i);
      } else if (i === 4) {
        lo |= bits << 28;
        hi = bits >>> 4;
      } else {
        hi |= bits << (7 * i - 32);
      }
      if (byte < 0x80) {
        break;
      }
    }
    // zigzag: (n >>> 1) ^ -(n & 1), on 64 bits
    const negative = lo & 1;
    let rLo = ((lo >>> 1) | (hi << 31)) >>> 0;
    let rHi = hi >>> 1;
    if (negative) {
      rLo = ~rLo >>> 0;
      rHi = ~rHi >>> 0;
    }
    return (
      rHi.toString(16).padStart(8, '0') + rLo.toString(16).padStart(8, '0')
    );
  }

  readDouble(): number {
    this.need(8, 'double');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }
}

export type ThriftProtocol = 'binary' | 'compact';

export function createThriftReader(
  protocol: ThriftProtocol,
  bytes: Uint8Array,
): ThriftReader {
  return protocol === 'binary'
    ? new BinaryReader(bytes)
    : new CompactReader(bytes);
}
