import { describe, expect, it } from 'vitest';
import {
  isPyJsonObject,
  parsePythonJson,
  type PyJsonValue,
} from '../../src/compat/parse-python-json.js';
import { isEngineError } from '../../src/engine-error.js';
import { formatPyNumber } from '../../src/compat/python-number.js';

const describeValue = (value: PyJsonValue): string => {
  if (value !== null && typeof value === 'object' && 'kind' in value) {
    return `${value.kind} ${formatPyNumber(value)}`;
  }
  return JSON.stringify(value);
};

const offsetOf = (text: string): number | undefined => {
  try {
    parsePythonJson(text);
  } catch (error) {
    if (isEngineError(error, 'PATHPROF_ERR_SEED_JSON')) {
      return error.offset;
    }
    throw error;
  }
  return undefined;
};

describe('parsePythonJson', () => {
  it.each([
    ['5', 'int 5'],
    ['-0', 'int 0'],
    ['12345678901234567890', 'int 12345678901234567890'],
    ['5.0', 'float 5.0'],
    ['5.25', 'float 5.25'],
    ['-0.0', 'float -0.0'],
    ['1E3', 'float 1000.0'],
    ['1e-7', 'float 1e-07'],
    ['0.1e1', 'float 1.0'],
    ['2.50', 'float 2.5'],
  ])('reads %s as Python does: %s', (text, expected) => {
    expect(describeValue(parsePythonJson(text))).toBe(expected);
  });

  it('reads strings with escapes and surrogate pairs', () => {
    expect(
      parsePythonJson('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"'),
    ).toBe('a"\\/\b\f\n\r\t\u00e9\u{1f600}');
  });

  it('keeps the last value of a repeated key at its first position', () => {
    const value = parsePythonJson('{"a": 1, "b": 2, "a": 3}');
    expect(isPyJsonObject(value) && [...value.keys()]).toEqual(['a', 'b']);
    expect(isPyJsonObject(value) && describeValue(value.get('a') ?? null)).toBe(
      'int 3',
    );
  });

  it('treats "__proto__" as an ordinary key', () => {
    const value = parsePythonJson('{"__proto__": {"x": 1}}');
    expect(
      isPyJsonObject(value) && isPyJsonObject(value.get('__proto__') ?? null),
    ).toBe(true);
  });

  it('reads literals, nested containers and surrounding whitespace', () => {
    const value = parsePythonJson(
      ' \t\r\n[true, false, null, [], {}, [[1]]] \n',
    );
    expect(Array.isArray(value) && value.length).toBe(6);
  });

  it('parses 100 000 nested arrays without using the call stack', () => {
    const depth = 100_000;
    let value = parsePythonJson('['.repeat(depth) + ']'.repeat(depth));
    let measured = 0;
    while (Array.isArray(value) && value.length === 1) {
      [value = null] = value;
      measured += 1;
    }
    expect(measured + 1).toBe(depth);
  });

  it.each([
    ['', 0],
    ['{"a": }', 6],
    ['[1,]', 3],
    ['{"a": 1,}', 8],
    ['{1: 2}', 1],
    ['{"a" 1}', 5],
    ['[1 2]', 3],
    ['"abc', 0],
    ['"a\u0001"', 2],
    ['"\\x"', 1],
    ['"\\u12G4"', 2],
    ['01', 1],
    ['1.', 1],
    ['[1.]', 2],
    ['1e+', 1],
    ['1.5e', 3],
    ['-', 0],
    ['[1] x', 4],
    ['NaN', 0],
    ['[-Infinity]', 1],
    ['1e400', 0],
    ['tru', 0],
    ['\ufeff{}', 0],
  ])('rejects %j at the offset Python reports, %i', (text, offset) => {
    expect(offsetOf(text)).toBe(offset);
  });

  it('names the offset in the message', () => {
    expect(() => parsePythonJson('{"data": [1,, 2]}')).toThrow(
      'Malformed JSON at offset 12: expecting value',
    );
  });

  it('rejects an int literal longer than Python accepts', () => {
    expect(offsetOf('1'.repeat(4301))).toBe(0);
    expect(describeValue(parsePythonJson('1'.repeat(4300))).length).toBe(4304);
  });
});
