import { describe, expect, it } from 'vitest';
import {
  KEY_OPEN_BYTES,
  keyOpensAt,
  STRING_TYPE_BYTES,
  stringValueOpensAt,
  TYPE_OPEN_BYTES,
  typeOpensAt,
  VALUE_OPEN_BYTES,
  valueOpensAt,
} from '../../src/ingest/jaeger-tag-layout.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

const separators = [
  ['"key":"', keyOpensAt, KEY_OPEN_BYTES],
  ['","type":"', typeOpensAt, TYPE_OPEN_BYTES],
  ['","value":', valueOpensAt, VALUE_OPEN_BYTES],
  [
    'string","value":',
    stringValueOpensAt,
    STRING_TYPE_BYTES + VALUE_OPEN_BYTES,
  ],
] as const;

describe('Jaeger tag separators', () => {
  it.each(separators)(
    '%s is found where it is written, and only there',
    (text, at, n) => {
      const b = bytes(`{${text}x`);
      expect(text.length).toBe(n);
      expect(at(b, 1, b.length)).toBe(true);
      expect(at(b, 0, b.length)).toBe(false);
      expect(at(b, 2, b.length)).toBe(false);
      // not when it would end past `end`
      expect(at(b, 1, text.length)).toBe(false);
      expect(at(b, 1, 1 + text.length)).toBe(true);
    },
  );

  it.each(separators)('%s: any one byte changed is not it', (text, at) => {
    for (let k = 0; k < text.length; k++) {
      const b = bytes(text);
      b[k] = b[k]! ^ 0x20;
      expect(at(b, 0, b.length)).toBe(false);
    }
  });
});
