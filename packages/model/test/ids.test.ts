import { describe, expect, it } from 'vitest';
import {
  base64ToHex,
  parseLenientSpanId,
  parseLenientTraceId,
  parseSpanId,
  parseTraceId,
} from '@pathprof/model';

describe('parseTraceId', () => {
  it('lowercases and left-pads 64-bit ids to 128 bits', () => {
    expect(parseTraceId('ABCDEF0123456789')).toBe(
      '0000000000000000abcdef0123456789',
    );
  });
  it('rejects non-hex and all-zero ids', () => {
    expect(parseTraceId('xyz')).toBeNull();
    expect(parseTraceId('0000')).toBeNull();
    expect(parseTraceId('a'.repeat(33))).toBeNull();
  });
});

describe('parseSpanId', () => {
  it('rejects ids longer than 16 digits', () => {
    expect(parseSpanId('a'.repeat(17))).toBeNull();
    expect(parseSpanId('A1')).toBe('00000000000000a1');
  });
});

describe('parseLenientTraceId and parseLenientSpanId', () => {
  it('normalise hex ids as the strict parsers do', () => {
    expect(parseLenientTraceId('ABCDEF0123456789')).toBe(
      parseTraceId('ABCDEF0123456789'),
    );
    expect(parseLenientSpanId('A1')).toBe('00000000000000a1');
  });
  it('map other ids to stable hex ids of the right length', () => {
    const trace = parseLenientTraceId('trace-1');
    const span = parseLenientSpanId('A');
    expect(trace).toMatch(/^[0-9a-f]{32}$/);
    expect(span).toMatch(/^[0-9a-f]{16}$/);
    expect(parseLenientTraceId('trace-1')).toBe(trace);
    expect(parseLenientSpanId('A')).toBe(span);
    expect(parseLenientSpanId('B')).not.toBe(span);
    expect(parseLenientSpanId('span-1')).not.toBe(parseLenientSpanId('span-2'));
    // too long for hex ids of their kind, still kept
    expect(parseLenientSpanId('a'.repeat(17))).toMatch(/^[0-9a-f]{16}$/);
    expect(parseLenientTraceId('a'.repeat(33))).toMatch(/^[0-9a-f]{32}$/);
  });
  it('give distinct ids to many distinct texts', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      seen.add(parseLenientSpanId(`span-${i}`)!);
    }
    expect(seen.size).toBe(20_000);
  });
  it('reject only empty and all-zero ids', () => {
    expect(parseLenientTraceId('')).toBeNull();
    expect(parseLenientSpanId('000')).toBeNull();
  });
});

describe('base64ToHex', () => {
  it('decodes standard and url-safe base64', () => {
    expect(base64ToHex('W47/Xw==')).toBe('5b8eff5f');
    expect(base64ToHex('W47_Xw')).toBe('5b8eff5f');
    expect(base64ToHex('W4*')).toBeNull();
  });
});
