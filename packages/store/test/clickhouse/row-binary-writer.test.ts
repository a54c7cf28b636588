import { describe, expect, it } from 'vitest';
import { RowBinaryWriter } from '../../src/clickhouse/row-binary-writer.js';

/** A RowBinary String: LEB128 length, then the UTF-8 bytes. */
function expected(text: string): number[] {
  const bytes = [...Buffer.from(text, 'utf8')];
  const length: number[] = [];
  let n = bytes.length;
  while (n >= 0x80) {
    length.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  length.push(n);
  return [...length, ...bytes];
}

describe('RowBinaryWriter', () => {
  it.each([
    ['empty', ''],
    ['short ASCII', 'svc-a'],
    ['ASCII longer than the copy loop', 'http://app-a.dtp.org/a/v1/a3?x=1'],
    ['non-ASCII after ASCII', 'caf\u00e9'],
    ['a surrogate pair', 'ok \u{1F600}'],
    ['127 bytes', 'x'.repeat(127)],
    ['128 bytes (two-byte length)', 'x'.repeat(128)],
    ['long non-ASCII', '\u00e9'.repeat(300)],
  ])('writes %s as length and UTF-8 bytes', (_, text) => {
    const w = new RowBinaryWriter();
    w.string(text);
    w.uint8(0xee);
    expect([...w.bytes()]).toEqual([...expected(text), 0xee]);
  });

  it('pads a FixedString with zero bytes', () => {
    const w = new RowBinaryWriter();
    w.fixedString('abc', 5);
    w.fixedString('0123456789abcdef', 16);
    expect([...w.bytes()]).toEqual([
      ...Buffer.from('abc\0\0'),
      ...Buffer.from('0123456789abcdef'),
    ]);
  });

  it('keeps a zeroed head in front after reset, and grows past its first buffer', () => {
    const w = new RowBinaryWriter();
    w.string('left over');
    w.reset(3);
    const long = 'y'.repeat(100_000);
    w.string(long);
    const bytes = w.bytes();
    expect([...bytes.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect(
      Buffer.from(bytes.subarray(3)).equals(Buffer.from(expected(long))),
    ).toBe(true);
  });
});
