import { describe, expect, it } from 'vitest';
import {
  JsonSplitter,
  JsonSyntaxError,
} from '../../src/readers/json-splitter.js';
import type { SplitValue } from '../../src/readers/json-splitter.js';

/** Feeds text in chunks of the given size; returns what came out. */
function split(text: string, chunkSize = 1 << 20): SplitValue[] {
  const bytes = new TextEncoder().encode(text);
  const splitter = new JsonSplitter();
  const out: SplitValue[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    out.push(...splitter.push(bytes.subarray(i, i + chunkSize)));
  }
  splitter.end();
  return out;
}

const summary = (values: SplitValue[]): string[] =>
  values.map((v) => `${v.path.join('/')}@${v.offset}: ${v.text}`);

describe('JsonSplitter', () => {
  it('hands out the traces of a Jaeger answer one by one, at any chunk size', () => {
    const text =
      '{"data":[{"traceID":"a","s":"x]}"},{"traceID":"b","s":"\\"{"}],"total":0,"errors":null}';
    const expected = [
      'data@9: {"traceID":"a","s":"x]}"}',
      'data@35: {"traceID":"b","s":"\\"{"}',
    ];
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(summary(split(text, size))).toEqual(expected);
    }
  });

  it('hands out elements of a top-level array, OTLP resourceSpans, result.resourceSpans and batches', () => {
    expect(summary(split('[{"a":1}, {"b":[2]}]'))).toEqual([
      '[]@1: {"a":1}',
      '[]@10: {"b":[2]}',
    ]);
    expect(summary(split('{"resourceSpans":[{"r":1}]}'))).toEqual([
      'resourceSpans@18: {"r":1}',
    ]);
    expect(summary(split('{"result":{"resourceSpans":[{"r":1}]}}'))).toEqual([
      'result/resourceSpans@28: {"r":1}',
    ]);
    expect(summary(split('{"batches":[{"r":1},{"r":2}]}'))).toEqual([
      'batches@12: {"r":1}',
      'batches@20: {"r":2}',
    ]);
  });

  it('hands out a single trace object whole, parsed', () => {
    const values = split(
      '{"traceID":"a","spans":[{"data":[1]}],"processes":{}}',
    );
    expect(values).toHaveLength(1);
    expect(values[0]!.path).toEqual([]);
    expect(values[0]!.parsed).toEqual({
      traceID: 'a',
      spans: [{ data: [1] }],
      processes: {},
    });
  });

  it('reads JSON Lines: each line is its own document', () => {
    const text = '{"resourceSpans":[{"r":1}]}\n{"resourceSpans":[{"r":2}]}\n';
    expect(summary(split(text, 5))).toEqual([
      'resourceSpans@18: {"r":1}',
      'resourceSpans@46: {"r":2}',
    ]);
  });

  it('keeps keys with escapes and non-ASCII text intact across chunk boundaries', () => {
    const text = '{"d\\u0061ta":[{"name":"héllo wörld ✓"}]}';
    expect(split(text, 1).map((v) => JSON.parse(v.text) as unknown)).toEqual([
      { name: 'héllo wörld ✓' },
    ]);
  });

  it('reports an error with the byte offset for broken envelopes', () => {
    expect(() => split('{"data":[{"a":1}] "x"}')).toThrow(JsonSyntaxError);
    expect(() => split('{"data":[{"a":1}]]')).toThrow(
      expect.objectContaining({ name: 'JsonSyntaxError', offset: 17 }),
    );
  });

  it('reports unexpected end of input and top-level scalars', () => {
    expect(() => split('{"data":[{"a":1}')).toThrow(/unexpected end of input/);
    expect(() => split('"just a string"')).toThrow(
      /expected an object or an array/,
    );
    expect(() => split('42')).toThrow(/expected an object or an array/);
  });

  it('produces nothing for whitespace and empty arrays', () => {
    expect(split('  \n ')).toEqual([]);
    expect(split('{"data":[]}')).toEqual([]);
    expect(split('[]')).toEqual([]);
  });

  it('refuses a string, number, boolean or null where traces belong, at its offset', () => {
    expect(() => split('{"data":[5,"x",null]}')).toThrow(
      expect.objectContaining({
        offset: 9,
        message: expect.stringMatching(/element of "data"/) as string,
      }),
    );
    expect(() => split('[{"a":1}, "x"]', 3)).toThrow(
      expect.objectContaining({
        offset: 10,
        message: expect.stringMatching(/the top-level array/) as string,
      }),
    );
    // scalars elsewhere in the envelope are fine
    expect(split('{"total":3,"data":[{"a":1}],"errors":null}')).toHaveLength(1);
  });

  it('keeps non-ASCII text of a whole value intact when a chunk cuts a character', () => {
    const text = '{"traceID":"a","spans":[],"note":"ࠀ é ✓"}';
    for (const size of [1, 2, 3, 5]) {
      expect(split(text, size)[0]!.parsed).toEqual({
        traceID: 'a',
        spans: [],
        note: 'ࠀ é ✓',
      });
    }
  });
});
