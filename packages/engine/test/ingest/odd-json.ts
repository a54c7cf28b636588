/**
 * Writes a JSON value as valid but unusual text, the way other producers
 * might: keys in any order, a key given twice (an ignored value first, as
 * JSON.parse keeps the last), whitespace anywhere it may go, characters
 * escaped (\uXXXX, surrogate pairs, \/), numbers with exponents or
 * fractions that parse to the same double. `JSON.parse(writeOddJson(v, r))`
 * deep-equals `v` for every plain JSON value `v`.
 */

/** A source of choices: returns an integer in [0, n). */
export type Choose = (n: number) => number;

const SPACES = [' ', '\n', '\t', '\r', '  '];

export function writeOddJson(value: unknown, choose: Choose): string {
  const ws = (): string =>
    choose(3) === 0 ? SPACES[choose(SPACES.length)]! : '';
  const write = (v: unknown): string => {
    if (v === null || typeof v === 'boolean') {
      return String(v);
    }
    if (typeof v === 'number') {
      return writeNumber(v, choose);
    }
    if (typeof v === 'string') {
      return writeString(v, choose);
    }
    if (Array.isArray(v)) {
      return `[${ws()}${v.map((x) => `${ws()}${write(x)}${ws()}`).join(',')}${ws()}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    shuffle(entries, choose);
    const members: string[] = [];
    for (const [k, x] of entries) {
      if (choose(8) === 0) {
        // a duplicate key: JSON.parse keeps the last one
        members.push(
          `${ws()}${writeString(k, choose)}${ws()}:${ws()}"ignored"`,
        );
      }
      members.push(
        `${ws()}${writeString(k, choose)}${ws()}:${ws()}${write(x)}${ws()}`,
      );
    }
    return `{${members.join(',')}${ws()}}`;
  };
  return `${ws()}${write(value)}${ws()}`;
}

function writeNumber(v: number, choose: Choose): string {
  const plain = Object.is(v, -0) ? '-0' : JSON.stringify(v);
  switch (choose(4)) {
    case 0:
      return Number.isInteger(v) && Math.abs(v) < 1e15 ? `${plain}.0` : plain;
    case 1: {
      const exp = v.toExponential();
      return Object.is(Number(exp), v)
        ? exp.replace('+', choose(2) === 0 ? '+' : '')
        : plain;
    }
    case 2:
      return Number.isInteger(v) && v !== 0 && Math.abs(v) < 1e15
        ? `${v * 10}e-1`
        : plain;
    default:
      return plain;
  }
}

function writeString(s: string, choose: Choose): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const escape = choose(6) === 0;
    if (ch === '"' || ch === '\\' || code < 0x20 || escape) {
      out += escapeChar(ch, code, choose);
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

function escapeChar(ch: string, code: number, choose: Choose): string {
  const short: Record<string, string> = {
    '"': '\\"',
    '\\': '\\\\',
    '\n': '\\n',
    '\t': '\\t',
    '\r': '\\r',
    '\b': '\\b',
    '\f': '\\f',
    '/': '\\/',
  };
  if (short[ch] !== undefined && choose(2) === 0) {
    return short[ch];
  }
  const hex = (n: number): string => {
    const h = n.toString(16).padStart(4, '0');
    return choose(2) === 0 ? h : h.toUpperCase();
  };
  if (code > 0xffff) {
    const v = code - 0x10000;
    return `\\u${hex(0xd800 + (v >> 10))}\\u${hex(0xdc00 + (v & 0x3ff))}`;
  }
  return `\\u${hex(code)}`;
}

function shuffle<T>(items: T[], choose: Choose): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = choose(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
