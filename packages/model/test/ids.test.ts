import { describe, expect, it } from 'vitest';
import { base64ToHex, parseSpanId, parseTraceId } from '@pathprof/model';

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

describe('base64ToHex', () => {
  it('decodes standard and url-safe base64', () => {
    expect(base64ToHex('W47/Xw==')).toBe('5b8eff5f');
    expect(base64ToHex('W47_Xw')).toBe('5b8eff5f');
    expect(base64ToHex('W4*')).toBeNull();
  });
});
