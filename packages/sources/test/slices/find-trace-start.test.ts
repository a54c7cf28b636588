import { describe, expect, it } from 'vitest';
import { findTraceStart } from '../../src/slices/find-trace-start.js';

const find = (text: string, from = 0): number =>
  findTraceStart(Buffer.from(text), from, Buffer.byteLength(text));

describe('findTraceStart', () => {
  it('finds a trace written as Jaeger writes it, after a comma', () => {
    const text =
      '{"data":[{"traceID":"a1","spans":[]},\n {"traceID":"b2","spans":[{"traceID":"b2","spanID":"01"}]}]}';
    expect(find(text)).toBe(text.indexOf('{"traceID":"b2"'));
  });

  it('passes over the first element (after the bracket), spans and references', () => {
    const text =
      '[{"traceID":"a","spans":[{"traceID":"a","spanID":"1","references":[{"traceID":"a","spanID":"2"}]},{"traceID":"a","spanID":"3"}]}]';
    expect(find(text)).toBe(-1);
  });

  it('does not take a trace with its keys in another order, or an id with escapes', () => {
    expect(find('[{},{"spans":[],"traceID":"a"}]')).toBe(-1);
    expect(find('[{},{"traceID":"a\\u0062","spans":[]}]')).toBe(-1);
  });

  it('needs the whole pattern before the end', () => {
    const text = '[{},{"traceID":"abc","spans":[';
    expect(findTraceStart(Buffer.from(text), 0, text.length - 1)).toBe(-1);
    expect(findTraceStart(Buffer.from(text), 0, text.length)).toBe(4);
  });
});
