/**
 * The protobuf wire format, read by hand (https://protobuf.dev/programming-guides/encoding/):
 * a cursor over the bytes, varints, fixed-width numbers, length-delimited payloads, and
 * skipping of unknown fields including groups. Every read checks its bounds and throws a
 * WireError with the byte offset; decode-otlp-protobuf.ts turns that into a result.
 */
import { bytesToHex } from '@pathprof/model';
import { decodeUtf8 } from './utf8.js';

const MAX_GROUP_DEPTH = 64;
const MAX_CACHED_STRING_BYTES = 32;
export const STRING_CACHE_SLOTS = 256;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

const TWO_POW_32 = 4294967296;
const BASE64_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export interface Cursor {
  readonly bytes: Uint8Array;
  pos: number;
  tagPos: number;
  view: DataView | null;
  readonly cachedStarts: Int32Array;
  readonly cachedByteLengths: Uint8Array;
  readonly cachedStrings: string[];
}

/** A cursor at the start of `bytes`. */
export function createCursor(bytes: Uint8Array): Cursor {
  return {
    bytes,
    pos: 0,
    tagPos: 0,
    view: null,
    cachedStarts: new Int32Array(STRING_CACHE_SLOTS),
    cachedByteLengths: new Uint8Array(STRING_CACHE_SLOTS),
    cachedStrings: new Array<string>(STRING_CACHE_SLOTS).fill(''),
  };
}

export class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function fail(message: string, offset: number): never {
  throw new WireError(message, offset);
}

function failWireType(c: Cursor, tag: number, expected: number): never {
  fail(
    `field ${tag >>> 3} has wire type ${tag & 7}, expected ${expected}`,
    c.tagPos,
  );
}

export function readTag(c: Cursor, end: number): number {
  c.tagPos = c.pos;
  const tag = readVarint32(c, end);
  if (tag >>> 3 === 0) {
    fail('field number 0', c.tagPos);
  }
  return tag;
}

/** Low 32 bits of a varint of up to 10 bytes, as protobuf reads int32, uint32 and enums. */
function readVarint32(c: Cursor, end: number): number {
  const bytes = c.bytes;
  let pos = c.pos;
  if (pos < end) {
    const first = bytes[pos]!;
    if (first < 0x80) {
      c.pos = pos + 1;
      return first;
    }
  }
  let value = 0;
  for (let shift = 0; shift < 70; shift += 7) {
    if (pos >= end) {
      fail('truncated varint', pos);
    }
    const byte = bytes[pos++]!;
    if (shift < 32) {
      value |= (byte & 0x7f) << shift;
    }
    if (byte < 0x80) {
      c.pos = pos;
      return value >>> 0;
    }
  }
  return fail('varint longer than 10 bytes', c.pos);
}

export function readEnum(c: Cursor, end: number, tag: number): number {
  if ((tag & 7) !== WIRE_VARINT) {
    failWireType(c, tag, WIRE_VARINT);
  }
  return readVarint32(c, end) | 0;
}

export function readBool(c: Cursor, end: number, tag: number): boolean {
  if ((tag & 7) !== WIRE_VARINT) {
    failWireType(c, tag, WIRE_VARINT);
  }
  const bytes = c.bytes;
  let any = 0;
  for (let pos = c.pos; pos < end && pos - c.pos < 10; pos++) {
    const byte = bytes[pos]!;
    any |= byte & 0x7f;
    if (byte < 0x80) {
      c.pos = pos + 1;
      return any !== 0;
    }
  }
  return fail('truncated or overlong varint', c.pos);
}

export function readInt64(c: Cursor, end: number, tag: number): string {
  if ((tag & 7) !== WIRE_VARINT) {
    failWireType(c, tag, WIRE_VARINT);
  }
  const bytes = c.bytes;
  let lo = 0;
  let hi = 0;
  for (let i = 0, pos = c.pos; i < 10; i++, pos++) {
    if (pos >= end) {
      fail('truncated varint', pos);
    }
    const bits = bytes[pos]! & 0x7f;
    if (i < 4) {
      lo |= bits << (7 * i);
    } else if (i === 4) {
      lo |= bits << 28;
      hi = bits >>> 4;
    } else {
      hi |= bits << (7 * i - 32);
    }
    if (bytes[pos]! < 0x80) {
      c.pos = pos + 1;
      return formatInt64(lo >>> 0, hi >>> 0);
    }
  }
  return fail('varint longer than 10 bytes', c.pos);
}

function formatInt64(lo: number, hi: number): string {
  if (hi < 0x80000000) {
    return formatUint64(lo, hi);
  }
  const negLo = (~lo + 1) >>> 0;
  const negHi = (~hi + (negLo === 0 ? 1 : 0)) >>> 0;
  return '-' + formatUint64(negLo, negHi);
}

/**
 * Exact decimal of hi * 2^32 + lo without BigInt: below 2^53 doubles are exact; above, the
 * value is split into 24-bit limbs (2^24 = 1|6777216, 2^48 = 2|8147497|6710656 in base 1e7)
 * whose base-1e7 digit sums stay below 2^53.
 */
function formatUint64(lo: number, hi: number): string {
  if (hi <= 0x1fffff) {
    return String(hi * TWO_POW_32 + lo);
  }
  const low24 = lo & 0xffffff;
  const mid24 = ((lo >>> 24) | (hi << 8)) & 0xffffff;
  const high16 = hi >>> 16;
  const digits0 = low24 + mid24 * 6777216 + high16 * 6710656;
  const digits1 = mid24 + high16 * 8147497 + Math.floor(digits0 / 1e7);
  const digits2 = high16 * 2 + Math.floor(digits1 / 1e7);
  const above1e7 = digits2 * 1e7 + (digits1 % 1e7);
  return String(above1e7) + String(digits0 % 1e7).padStart(7, '0');
}

/** Checks a fixed64 field, moves the cursor past its 8 bytes and returns where they start. */
export function takeFixed64(c: Cursor, end: number, tag: number): number {
  if ((tag & 7) !== WIRE_FIXED64) {
    failWireType(c, tag, WIRE_FIXED64);
  }
  const pos = c.pos;
  if (end - pos < 8) {
    fail('truncated fixed64', pos);
  }
  c.pos = pos + 8;
  return pos;
}

/** The unsigned little-endian 32-bit word at `pos`. */
export function readUint32Le(b: Uint8Array, pos: number): number {
  return (
    (b[pos]! |
      (b[pos + 1]! << 8) |
      (b[pos + 2]! << 16) |
      (b[pos + 3]! << 24)) >>>
    0
  );
}

export function readFixed64(c: Cursor, end: number, tag: number): string {
  const pos = takeFixed64(c, end, tag);
  return formatUint64(
    readUint32Le(c.bytes, pos),
    readUint32Le(c.bytes, pos + 4),
  );
}

export function readDouble(c: Cursor, end: number, tag: number): number {
  if ((tag & 7) !== WIRE_FIXED64) {
    failWireType(c, tag, WIRE_FIXED64);
  }
  const pos = c.pos;
  if (end - pos < 8) {
    fail('truncated double', pos);
  }
  const bytes = c.bytes;
  c.view ??= new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  c.pos = pos + 8;
  return c.view.getFloat64(pos, true);
}

export function readPayloadEnd(c: Cursor, end: number, tag: number): number {
  if ((tag & 7) !== WIRE_LEN) {
    failWireType(c, tag, WIRE_LEN);
  }
  const lengthPos = c.pos;
  const length = readVarint32(c, end);
  if (
    c.pos - lengthPos > 5 ||
    (c.pos - lengthPos === 5 && c.bytes[lengthPos + 4]! > 0x0f)
  ) {
    fail('length out of range', lengthPos);
  }
  if (length > end - c.pos) {
    fail(`length ${length} exceeds the ${end - c.pos} bytes left`, lengthPos);
  }
  return c.pos + length;
}

/**
 * Attribute keys, names and many values repeat across the spans of a request: strings of up to
 * MAX_CACHED_STRING_BYTES are looked up by content in a direct-mapped cache, so a repeat costs a
 * hash and a byte comparison instead of a new string.
 */
export function readString(c: Cursor, end: number, tag: number): string {
  const stringEnd = readPayloadEnd(c, end, tag);
  const start = c.pos;
  const length = stringEnd - start;
  c.pos = stringEnd;
  const bytes = c.bytes;
  if (length > MAX_CACHED_STRING_BYTES) {
    return decodeUtf8(bytes, start, stringEnd);
  }
  let hash = length;
  for (let i = start; i < stringEnd; i++) {
    hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  }
  const slot = (hash ^ (hash >>> 16)) & (STRING_CACHE_SLOTS - 1);
  const cachedStart = c.cachedStarts[slot]!;
  let same = c.cachedByteLengths[slot] === length;
  for (let i = 0; same && i < length; i++) {
    same = bytes[cachedStart + i] === bytes[start + i];
  }
  if (same) {
    return c.cachedStrings[slot]!;
  }
  const value = decodeUtf8(bytes, start, stringEnd);
  c.cachedStarts[slot] = start;
  c.cachedByteLengths[slot] = length;
  c.cachedStrings[slot] = value;
  return value;
}

export function readHex(c: Cursor, end: number, tag: number): string {
  const bytesEnd = readPayloadEnd(c, end, tag);
  const value = bytesToHex(c.bytes, c.pos, bytesEnd);
  c.pos = bytesEnd;
  return value;
}

export function encodeBase64(
  bytes: Uint8Array,
  start: number,
  end: number,
): string {
  let out = '';
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      BASE64_ALPHABET.charAt(n >>> 18) +
      BASE64_ALPHABET.charAt((n >>> 12) & 63) +
      BASE64_ALPHABET.charAt((n >>> 6) & 63) +
      BASE64_ALPHABET.charAt(n & 63);
  }
  if (end - i === 1) {
    const n = bytes[i]! << 16;
    out +=
      BASE64_ALPHABET.charAt(n >>> 18) +
      BASE64_ALPHABET.charAt((n >>> 12) & 63) +
      '==';
  } else if (end - i === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out +=
      BASE64_ALPHABET.charAt(n >>> 18) +
      BASE64_ALPHABET.charAt((n >>> 12) & 63) +
      BASE64_ALPHABET.charAt((n >>> 6) & 63) +
      '=';
  }
  return out;
}

export function skipField(c: Cursor, end: number, tag: number): void {
  switch (tag & 7) {
    case WIRE_VARINT:
      readVarint32(c, end);
      return;
    case WIRE_FIXED64:
      skipBytes(c, end, 8);
      return;
    case WIRE_LEN:
      c.pos = readPayloadEnd(c, end, tag);
      return;
    case WIRE_FIXED32:
      skipBytes(c, end, 4);
      return;
    case WIRE_START_GROUP:
      skipGroup(c, end, tag >>> 3);
      return;
    default:
      fail(`unexpected wire type ${tag & 7} for field ${tag >>> 3}`, c.tagPos);
  }
}

function skipBytes(c: Cursor, end: number, count: number): void {
  if (end - c.pos < count) {
    fail(`truncated ${count === 8 ? 'fixed64' : 'fixed32'}`, c.pos);
  }
  c.pos += count;
}

/** Groups (deprecated wire types 3 and 4) can nest: they are skipped with a stack, not recursion. */
function skipGroup(c: Cursor, end: number, field: number): void {
  const open = [field];
  while (open.length > 0) {
    const tag = readTag(c, end);
    const wire = tag & 7;
    if (wire === WIRE_END_GROUP) {
      if (open.pop() !== tag >>> 3) {
        fail(`end of group ${tag >>> 3} does not match its start`, c.tagPos);
      }
    } else if (wire === WIRE_START_GROUP) {
      if (open.length >= MAX_GROUP_DEPTH) {
        fail(`groups nested deeper than ${MAX_GROUP_DEPTH} levels`, c.tagPos);
      }
      open.push(tag >>> 3);
    } else {
      skipField(c, end, tag);
    }
  }
}
