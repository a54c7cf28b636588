/**
 * A JSON parser that reads numbers the way Python's `json` module does: a token
 * with `.`, `e` or `E` is a float, any other is an exact int
 * (`5` -> int 5, `5.0` -> float 5.0, `1E3` -> float 1000.0). Objects become
 * Maps (insertion order kept, a repeated key keeps its first position and its
 * last value, like a dict). The parser keeps its own stack, so nesting depth is
 * bounded by memory, not by the call stack.
 *
 * Deliberate differences from Python: `NaN`, `Infinity` and float literals that
 * overflow a double are rejected instead of becoming nan/inf.
 */
import { EngineError, type EngineErrorLocation } from '../engine-error.js';
import { createPyFloat, createPyInt, type PyNumber } from './python-number.js';

export type PyJsonValue =
  null | boolean | string | PyNumber | PyJsonValue[] | PyJsonObject;

export type PyJsonObject = Map<string, PyJsonValue>;

export function isPyNumber(value: PyJsonValue | undefined): value is PyNumber {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Map)
  );
}

export function isPyJsonObject(
  value: PyJsonValue | undefined,
): value is PyJsonObject {
  return value instanceof Map;
}

/** Python's limit on digits in an int literal (`sys.get_int_max_str_digits()`). */
const MAX_INT_DIGITS = 4300;

type Frame =
  | { readonly kind: 'array'; readonly items: PyJsonValue[] }
  | { readonly kind: 'object'; readonly entries: PyJsonObject; key: string };

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Throws an `EngineError` (`PATHPROF_ERR_SEED_JSON`) on malformed input, at
 * the offset Python reports; with `from` (where `text` starts in a file), at
 * the byte offset in that file.
 */
export function parsePythonJson(
  text: string,
  from?: EngineErrorLocation,
): PyJsonValue {
  let pos = 0;
  const fail = (detail: string, at = pos): never => {
    throw createPythonJsonError(text, detail, at, from);
  };
  const skipWhitespace = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) {
        return;
      }
      pos += 1;
    }
  };
  const expect = (char: string, detail: string): void => {
    skipWhitespace();
    if (text[pos] !== char) {
      fail(detail);
    }
    pos += 1;
  };

  const readString = (): string => {
    const start = pos;
    pos += 1;
    let result = '';
    let chunkStart = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (Number.isNaN(c)) {
        return fail('unterminated string', start);
      }
      if (c === 0x22) {
        result += text.slice(chunkStart, pos);
        pos += 1;
        return result;
      }
      if (c < 0x20) {
        return fail('invalid control character in string');
      }
      if (c !== 0x5c) {
        pos += 1;
        continue;
      }
      result += text.slice(chunkStart, pos);
      const escape = text[pos + 1] ?? '';
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          return fail('invalid \\uXXXX escape', pos + 1);
        }
        result += String.fromCharCode(parseInt(hex, 16));
        pos += 6;
      } else {
        const replacement = ESCAPES[escape];
        if (replacement === undefined) {
          return fail('invalid escape');
        }
        result += replacement;
        pos += 2;
      }
      chunkStart = pos;
    }
  };

  const readNumber = (): PyNumber => {
    const start = pos;
    if (text[pos] === '-') {
      pos += 1;
    }
    const integerStart = pos;
    const integerDigits =
      text[pos] === '0' ? 1 : countDigitsAt(text, integerStart);
    if (integerDigits === 0) {
      return fail('expecting value', start);
    }
    pos += integerDigits;
    // Like Python's number pattern, a '.' or 'e' without digits after it is not
    // part of the number; the caller then rejects that character.
    const fractionLength = text[pos] === '.' ? countDigitsAt(text, pos + 1) : 0;
    if (fractionLength > 0) {
      pos += 1 + fractionLength;
    }
    const exponentLength =
      text[pos] === 'e' || text[pos] === 'E' ? measureExponentAt(text, pos) : 0;
    pos += exponentLength;
    const isFloat = fractionLength > 0 || exponentLength > 0;
    const token = text.slice(start, pos);
    if (!isFloat) {
      if (integerDigits > MAX_INT_DIGITS) {
        return fail(`integer literal exceeds ${MAX_INT_DIGITS} digits`, start);
      }
      return createPyInt(BigInt(token));
    }
    const value = Number(token);
    if (!Number.isFinite(value)) {
      return fail('number out of the range of a double', start);
    }
    return createPyFloat(value);
  };

  const readLiteral = (): PyJsonValue => {
    for (const [word, value] of [
      ['null', null],
      ['true', true],
      ['false', false],
    ] as const) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return value;
      }
    }
    if (/^(?:NaN|-?Infinity)/.test(text.slice(pos, pos + 9))) {
      return fail('NaN and Infinity are not supported');
    }
    const c = text[pos];
    return c === '-' || (c !== undefined && c >= '0' && c <= '9')
      ? readNumber()
      : fail('expecting value');
  };

  const readKey = (frame: Extract<Frame, { kind: 'object' }>): void => {
    skipWhitespace();
    if (text[pos] !== '"') {
      fail('expecting property name enclosed in double quotes');
    }
    frame.key = readString();
    expect(':', "expecting ':' delimiter");
  };

  const stack: Frame[] = [];
  for (;;) {
    skipWhitespace();
    let value: PyJsonValue;
    const c = text[pos];
    if (c === '{' || c === '[') {
      pos += 1;
      skipWhitespace();
      const close = c === '{' ? '}' : ']';
      if (text[pos] === close) {
        pos += 1;
        value = c === '{' ? new Map() : [];
      } else {
        const frame: Frame =
          c === '{'
            ? { kind: 'object', entries: new Map(), key: '' }
            : { kind: 'array', items: [] };
        stack.push(frame);
        if (frame.kind === 'object') {
          readKey(frame);
        }
        continue;
      }
    } else if (c === '"') {
      value = readString();
    } else {
      value = readLiteral();
    }

    for (;;) {
      const frame = stack[stack.length - 1];
      if (frame === undefined) {
        skipWhitespace();
        if (pos < text.length) {
          fail('extra data');
        }
        return value;
      }
      if (frame.kind === 'array') {
        frame.items.push(value);
      } else {
        frame.entries.set(frame.key, value);
      }
      skipWhitespace();
      const next = text[pos];
      const close = frame.kind === 'array' ? ']' : '}';
      if (next === ',') {
        pos += 1;
        if (frame.kind === 'object') {
          readKey(frame);
        }
        break;
      }
      if (next !== close) {
        fail(`expecting ',' delimiter or '${close}'`);
      }
      pos += 1;
      stack.pop();
      value = frame.kind === 'array' ? frame.items : frame.entries;
    }
  }
}

function countDigitsAt(text: string, start: number): number {
  let end = start;
  while (text.charCodeAt(end) >= 0x30 && text.charCodeAt(end) <= 0x39) {
    end += 1;
  }
  return end - start;
}

/** Length of `e[+-]digits` at `start`, or 0 when no digit follows. */
function measureExponentAt(text: string, start: number): number {
  const sign = text[start + 1] === '+' || text[start + 1] === '-' ? 1 : 0;
  const digits = countDigitsAt(text, start + 1 + sign);
  return digits === 0 ? 0 : 1 + sign + digits;
}

function createPythonJsonError(
  text: string,
  detail: string,
  offset: number,
  from: EngineErrorLocation | undefined,
): EngineError {
  if (from === undefined) {
    return new EngineError(
      'PATHPROF_ERR_SEED_JSON',
      `Malformed JSON at offset ${offset}: ${detail}`,
      { offset },
    );
  }
  const fileOffset = from.offset + countUtf8Bytes(text, offset);
  return new EngineError(
    'PATHPROF_ERR_SEED_JSON',
    `${from.file}: malformed JSON (${detail}) at byte offset ${fileOffset}`,
    { file: from.file, offset: fileOffset },
  );
}

/** The UTF-8 length of `text`'s first `end` UTF-16 code units. */
function countUtf8Bytes(text: string, end: number): number {
  let bytes = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes += 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < end) {
      // a surrogate pair: one four-byte character
      bytes += 4;
      i += 1;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
