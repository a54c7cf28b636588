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
    const got = read(`${trace('a1')},\n${trace('b2')} ,\n`);
    expect(got?.closeAt).toBe(-1);
    expect(got?.traces.map((t) => t.spans[0]!.traceId)).toEqual([
      '000000000000000000000000000000a1',
      '000000000000000000000000000000b2',
    ]);
  });

  it('stops at the bracket closing the array', () => {
    const text = `${trace('a1')}\n],"total":0}`;
    expect(read(text)?.closeAt).toBe(text.lastIndexOf(']'));
  });

  it('reads an element the byte decoder leaves (an id written as a number) the plain way', () => {
    const odd = trace('a1').replace('"startTime":1', '"startTime":"1"');
    const got = read(
      `${odd.replace('"traceID":"a1","spans"', '"traceID":17,"traceID":"a1","spans"')},`,
    );
    expect(got?.traces).toHaveLength(1);
    expect(got?.traces[0]!.spans[0]!.startMicros).toBe(1);
  });

  it('leaves to one thread a slice cut inside an element, without a separator, or not JSON', () => {
    const whole = `${trace('a1')},`;
    expect(read(whole.slice(0, 40))).toBeNull();
    expect(read(trace('a1'))).toBeNull();
    expect(read(`${trace('a1')} ${trace('b2')},`)).toBeNull();
    expect(read(`[1],`)).toBeNull();
    expect(read(`{"traceID":tru},`)).toBeNull();
  });
});
