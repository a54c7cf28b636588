/**
 * The separators of a Jaeger tag object as Jaeger writes it,
 * `{"key":"…","type":"…","value":…}`, tested at a byte index. Every span
 * carries tens of tags, so the byte decoder tests these a few million times
 * per file: written out byte by byte they compare against constants, where
 * a loop over a pattern array loads every pattern byte too (in a profile of
 * the decoder that loop cost nearly as much as scanning the strings).
 * Each returns false when the separator would not end before `end`.
 */

/** `"key":"` (7 bytes) at `i`. */
export function keyOpensAt(b: Uint8Array, i: number, end: number): boolean {
  return (
    i + 7 <= end &&
    b[i] === 0x22 && // "
    b[i + 1] === 0x6b && // k
    b[i + 2] === 0x65 && // e
    b[i + 3] === 0x79 && // y
    b[i + 4] === 0x22 && // "
    b[i + 5] === 0x3a && // :
    b[i + 6] === 0x22 // "
  );
}

/** `","type":"` (10 bytes) at `i`. */
export function typeOpensAt(b: Uint8Array, i: number, end: number): boolean {
  return (
    i + 10 <= end &&
    b[i] === 0x22 && // "
    b[i + 1] === 0x2c && // ,
    b[i + 2] === 0x22 && // "
    b[i + 3] === 0x74 && // t
    b[i + 4] === 0x79 && // y
    b[i + 5] === 0x70 && // p
    b[i + 6] === 0x65 && // e
    b[i + 7] === 0x22 && // "
    b[i + 8] === 0x3a && // :
    b[i + 9] === 0x22 // "
  );
}

/** `","value":` (10 bytes) at `i`. */
export function valueOpensAt(b: Uint8Array, i: number, end: number): boolean {
  return (
    i + 10 <= end &&
    b[i] === 0x22 && // "
    b[i + 1] === 0x2c && // ,
    b[i + 2] === 0x22 && // "
    b[i + 3] === 0x76 && // v
    b[i + 4] === 0x61 && // a
    b[i + 5] === 0x6c && // l
    b[i + 6] === 0x75 && // u
    b[i + 7] === 0x65 && // e
    b[i + 8] === 0x22 && // "
    b[i + 9] === 0x3a // :
  );
}

/** `string` (6 bytes, the commonest type) at `i`, followed by `","value":`. */
export function stringValueOpensAt(
  b: Uint8Array,
  i: number,
  end: number,
): boolean {
  return (
    i + 6 <= end &&
    b[i] === 0x73 && // s
    b[i + 1] === 0x74 && // t
    b[i + 2] === 0x72 && // r
    b[i + 3] === 0x69 && // i
    b[i + 4] === 0x6e && // n
    b[i + 5] === 0x67 && // g
    valueOpensAt(b, i + 6, end)
  );
}

/** Bytes of the separators above. */
export const KEY_OPEN_BYTES = 7;
export const TYPE_OPEN_BYTES = 10;
export const VALUE_OPEN_BYTES = 10;
export const STRING_TYPE_BYTES = 6;
