import { describe, expect, it } from 'vitest';
import {
  ANALYSIS_PROJECTION,
  createJaegerBytesDecoder,
} from '@pathprof/engine';
import { readSlice } from '../../src/slices/read-slice.js';

const decoder = createJaegerBytesDecoder(ANALYSIS_PROJECTION);

function trace(id: string, spanId = '0000000000000001'): string {
  return `{"traceID":"${id}","spans":[{"traceID":"${id}","spanID":"${spanId}","operationName":"op","references":[],"startTime":1,"duration":2,"tags":[],"processID":"p1"}],"processes":{"p1":{"serviceName":"svc","tags":[]}}}`;
}

const read = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  return readSlice(decoder, bytes, 0, bytes.length);
};

describe('readSlice', () => {
  it('reads elements up to a slice end after a comma', () => {
    const text = `${trace('a1')},\n${trace('b2')} ,\n`;
    const got = read(text);
    expect([got.end, got.at, got.spans]).toEqual(['comma', text.length, 2]);
    expect(got.traces.map((t) => t.spans[0]!.traceId)).toEqual([
      '000000000000000000000000000000a1',
      '000000000000000000000000000000b2',
    ]);
  });

  it('stops at the bracket closing the array', () => {
    const text = `${trace('a1')}\n],"total":0}`;
    const got = read(text);
    expect([got.end, got.at]).toEqual(['close', text.lastIndexOf(']')]);
  });

  it('hands the traces to a callback as it reads them, when given one', () => {
    const seen: string[] = [];
    const bytes = new TextEncoder().encode(`${trace('a1')},${trace('b2')},`);
    const got = readSlice(decoder, bytes, 0, bytes.length, (d) =>
      seen.push(d.spans[0]!.traceId.slice(-2)),
    );
    expect(seen).toEqual(['a1', 'b2']);
    expect(got.traces).toEqual([]);
  });

  it('reads an element the byte decoder leaves (a trace id given twice, first as a number) the plain way', () => {
    const odd = trace('a1').replace(
      '"traceID":"a1","spans"',
      '"traceID":17,"traceID":"a1","spans"',
    );
    const got = read(`${odd},`);
    expect(got.end).toBe('comma');
    expect(got.traces).toHaveLength(1);
    expect(got.traces[0]!.spans[0]!.startMicros).toBe(1);
  });

  it('stops where an element cannot be read or no separator follows, after the elements before', () => {
    const first = `${trace('a1')},`;
    const cases: [string, number][] = [
      [`${first}${trace('b2').slice(0, 40)}`, first.length],
      [trace('a1'), trace('a1').length],
      [
        `${first}${trace('b2')} ${trace('c3')},`,
        first.length + trace('b2').length,
      ],
      [`${first}[1],`, first.length],
      [`${first}{"traceID":tru},`, first.length],
    ];
    for (const [text, at] of cases) {
      const got = read(text);
      expect([got.end, got.at]).toEqual(['stop', at]);
    }
    expect(read(`${first}${trace('b2').slice(0, 40)}`).traces).toHaveLength(1);
  });
});
