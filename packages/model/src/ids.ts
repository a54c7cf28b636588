/**
 * Trace and span ids, normalised once at ingest: lowercase hex, trace ids
 * 32 digits (64-bit B3/Zipkin/Jaeger ids left-padded), span ids 16 digits.
 */
declare const traceIdBrand: unique symbol;
declare const spanIdBrand: unique symbol;

export type TraceId = string & { readonly [traceIdBrand]: true };
export type SpanId = string & { readonly [spanIdBrand]: true };

const HEX_ID = /^[0-9a-fA-F]{1,32}$/;
const ZERO_ID = /^0+$/;

/**
 * Normalises a hex trace id of up to 32 digits; `null` when it is not hex or all zeros.
 * Jaeger's 64-bit ids (16 digits or fewer) are left-padded to 128 bits.
 */
export function parseTraceId(hex: string): TraceId | null {
  if (!HEX_ID.test(hex) || ZERO_ID.test(hex)) {
    return null;
  }
  return hex.toLowerCase().padStart(32, '0') as TraceId;
}

/** Normalises a hex span id of up to 16 digits; `null` when it is not hex or all zeros. */
export function parseSpanId(hex: string): SpanId | null {
  if (hex.length > 16 || !HEX_ID.test(hex) || ZERO_ID.test(hex)) {
    return null;
  }
  return hex.toLowerCase().padStart(16, '0') as SpanId;
}

/**
 * Like `parseTraceId`, but any other non-empty id — Jaeger UI's fixtures and
 * hand-made or legacy data use ids such as `A` or `trace-1`, and Jaeger's JSON
 * loader takes them — maps to a stable 32-digit id derived from its text, so
 * its spans are kept and every mention of the same text meets again. `null`
 * only for an empty or all-zero id.
 */
export function parseLenientTraceId(raw: string): TraceId | null {
  const hex = parseTraceId(raw);
  if (hex !== null || raw === '' || ZERO_ID.test(raw)) {
    return hex;
  }
  return (hashIdText(raw, 0x811c9dc5) + hashIdText(raw, 0x050c5d1f)) as TraceId;
}

/** Like `parseSpanId`, with `parseLenientTraceId`'s mapping of other ids to 16 digits. */
export function parseLenientSpanId(raw: string): SpanId | null {
  const hex = parseSpanId(raw);
  if (hex !== null || raw === '' || ZERO_ID.test(raw)) {
    return hex;
  }
  return hashIdText(raw, 0x811c9dc5) as SpanId;
}

/**
 * 16 hex digits from two 32-bit FNV-1a lanes over the id's UTF-16 code units
 * (the second lane starts from a rotated seed), never all zeros.
 */
function hashIdText(text: string, seed: number): string {
  let a = seed >>> 0;
  let b = ((seed << 13) | (seed >>> 19)) ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (a >>> 15);
  }
  const hi = a >>> 0 || 1;
  return (
    hi.toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
  );
}

const HEX_DIGITS = '0123456789abcdef';
const HEX_CODES = Array.from(HEX_DIGITS, (c) => c.charCodeAt(0));

/**
 * Lowercase hex of raw id bytes (OTLP protobuf, base64 JSON ids). Builds the
 * string from character codes in one call per 16 bytes: joining two-character
 * pieces leaves rope strings that cost more in garbage collection than the
 * conversion itself.
 */
export function bytesToHex(
  bytes: Uint8Array,
  start = 0,
  end = bytes.length,
): string {
  let out = '';
  const codes: number[] = [];
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    codes.push(HEX_CODES[b >> 4]!, HEX_CODES[b & 15]!);
    if (codes.length === 32) {
      out += String.fromCharCode(...codes);
      codes.length = 0;
    }
  }
  return codes.length === 0 ? out : out + String.fromCharCode(...codes);
}

const BASE64_ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Decodes standard or URL-safe base64 (padding optional) into hex; `null` on a bad character.
 * Used for OTLP JSON ids written as protobuf-JSON bytes.
 */
export function base64ToHex(b64: string): string | null {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (let i = 0; i < b64.length; i++) {
    const ch = b64[i]!;
    if (ch === '=') {
      break;
    }
    let v = BASE64_ALPHABET.indexOf(ch);
    if (v < 0) {
      v = ch === '-' ? 62 : ch === '_' ? 63 : -1;
    }
    if (v < 0) {
      return null;
    }
    acc = ((acc << 6) | v) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = (acc >> bits) & 0xff;
      out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
    }
  }
  return out;
}
