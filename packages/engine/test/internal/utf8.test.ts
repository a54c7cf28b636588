import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeUtf8 } from '../../src/internal/utf8.js';

function decodeAll(bytes: number[]): string {
  return decodeUtf8(Uint8Array.from(bytes), 0, bytes.length);
}

const encode = (text: string): number[] => [...new TextEncoder().encode(text)];

describe('decodeUtf8', () => {
  it('returns the empty string for an empty range', () => {
    expect(decodeUtf8(Uint8Array.from([0x41]), 1, 1)).toBe('');
  });

  it('decodes short and long ASCII', () => {
    expect(decodeAll(encode('GET /checkout'))).toBe('GET /checkout');
    expect(decodeAll(encode('a'.repeat(500)))).toBe('a'.repeat(500));
  });

  it('decodes multi-byte characters in short and long strings', () => {
    const text = 'naïve café 🚀 — 東京';
    expect(decodeAll(encode(text))).toBe(text);
    expect(decodeAll(encode(text.repeat(20)))).toBe(text.repeat(20));
  });

  it('decodes only the given range of a larger buffer', () => {
    const bytes = Uint8Array.from(encode('xx東京yy'));
    expect(decodeUtf8(bytes, 2, 8)).toBe('東京');
    expect(decodeUtf8(bytes.subarray(1), 1, 7)).toBe('東京');
  });

  it('replaces malformed sequences with U+FFFD instead of throwing', () => {
    expect(decodeAll([0x61, 0xff, 0x62])).toBe('a\uFFFDb');
    expect(decodeAll([0x61, 0xc3])).toBe('a\uFFFD');
    expect(decodeAll([0xc0, 0xaf])).toBe('\uFFFD\uFFFD');
    expect(decodeAll([0xed, 0xa0, 0x80])).toBe('\uFFFD\uFFFD\uFFFD');
  });

  it('keeps a leading byte order mark', () => {
    expect(decodeAll([0xef, 0xbb, 0xbf, 0x41])).toBe('\uFEFFA');
    expect(decodeAll([0xef, 0xbb, 0xbf, ...encode('b'.repeat(40))])).toBe(
      '\uFEFF' + 'b'.repeat(40),
    );
  });

  it('agrees with TextDecoder on any byte range', () => {
    const reference = new TextDecoder('utf-8', { ignoreBOM: true });
    const bytes = fc.array(
      fc.oneof(
        fc.integer({ min: 0, max: 0x7f }),
        fc.integer({ min: 0, max: 0xff }),
      ),
      { maxLength: 80 },
    );
    fc.assert(
      fc.property(bytes, fc.nat(), fc.nat(), (values, a, b) => {
        const buffer = Uint8Array.from(values);
        const start = values.length === 0 ? 0 : a % (values.length + 1);
        const end =
          start + (values.length === 0 ? 0 : b % (values.length - start + 1));
        expect(decodeUtf8(buffer, start, end)).toBe(
          reference.decode(buffer.subarray(start, end)),
        );
      }),
      { numRuns: 5000 },
    );
  });
});
