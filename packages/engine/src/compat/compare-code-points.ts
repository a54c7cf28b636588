/**
 * Orders strings by Unicode code points, as Python compares `str`. JS's `<`
 * compares UTF-16 code units, which differs once an astral character
 * (a surrogate pair) meets a BMP character in U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      const start = i > 0 && isHighSurrogate(a.charCodeAt(i - 1)) ? i - 1 : i;
      return (a.codePointAt(start) ?? 0) - (b.codePointAt(start) ?? 0);
    }
  }
  return a.length - b.length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}
