import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TsvRowWriter } from '../../src/duckdb/tsv-row-writer.js';

const text = (w: TsvRowWriter): string => Buffer.from(w.bytes()).toString();

describe('TsvRowWriter', () => {
  it('writes whole numbers as String does, across the eight-digit split', () => {
    const edges = [
      0,
      9,
      10,
      99_999_999,
      100_000_000,
      100_000_001,
      1_714_521_600_089_052,
      Number.MAX_SAFE_INTEGER,
    ];
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...edges),
          fc.integer({ min: 0, max: 2 ** 31 }),
          fc.maxSafeNat(),
        ),
        (n) => {
          const w = new TsvRowWriter(1);
          w.wholeNumber(n)
            .tab()
            .number(n / 4);
          expect(text(w)).toBe(`${n}\t${n / 4}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('quotes empty text and text holding a separator or the quote, and counts rows in bytes', () => {
    const w = new TsvRowWriter(1);
    w.text('').tab().text('a\tb').tab().text('x\u0001y').tab().text('é');
    w.endRow();
    w.raw('{"k":"\\n"}').endRow();
    expect(text(w)).toBe(
      '\u0001\u0001\t\u0001a\tb\u0001\t\u0001x\u0001\u0001y\u0001\té\n{"k":"\\n"}\n',
    );
    expect(w.rows).toBe(2);
    // the first row: 2 + 1 + 5 + 1 + 6 + 1 + 2 (é) + 1 (line end) bytes
    expect(w.longestRow).toBe(19);
  });

  it('finds a separator after non-ASCII text and in long text', () => {
    const long = 'a'.repeat(70);
    const w = new TsvRowWriter(1);
    w.text('ü\tx').tab().text(`${long}\r`).tab().text(long).tab().text('üü');
    expect(text(w)).toBe(
      `\u0001ü\tx\u0001\t\u0001${long}\r\u0001\t${long}\tüü`,
    );
  });

  it('grows past its first size without losing what was written', () => {
    const w = new TsvRowWriter(1);
    const parts: string[] = [];
    for (let i = 0; i < 500; i++) {
      const part = `${'ü'.repeat(i % 7)}${i}`;
      parts.push(part);
      w.raw(part).endRow();
    }
    expect(text(w)).toBe(parts.map((p) => `${p}\n`).join(''));
  });
});
