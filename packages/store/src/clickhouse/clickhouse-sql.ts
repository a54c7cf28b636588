/**
 * Literals for SQL sent to ClickHouse. ClickHouse 18.16 has no server-side
 * query parameters (`{name:Type}` arrived in 19.x), so every value is written
 * into the statement here, escaped, and nowhere else.
 */

/** A string literal: backslash and quote escaped, control bytes as escapes. */
export function quoteString(value: string): string {
  let out = "'";
  for (const ch of value) {
    switch (ch) {
      case '\\':
        out += '\\\\';
        break;
      case "'":
        out += "\\'";
        break;
      case '\0':
        out += '\\0';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default:
        out += ch;
    }
  }
  return `${out}'`;
}

/** A comma-separated list of string literals, for `IN (...)`. */
export function quoteList(values: readonly string[]): string {
  return values.map(quoteString).join(', ');
}

/** An integer literal; throws on anything that is not a safe integer. */
export function formatInteger(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new Error(`not a safe integer: ${value}`);
  }
  return String(value);
}

const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Whether a database name needs no quoting: letters, digits, underscores. */
export function isDatabaseName(name: string): boolean {
  return DATABASE_NAME.test(name);
}

/**
 * Lower and upper bounds of a µs range as whole numbers a UInt64 column can
 * compare with: a fractional minimum rounds up, a maximum down. Null when the
 * range holds no whole non-negative number.
 */
export function toWholeRange(
  min: number | undefined,
  max: number | undefined,
): { min: number | undefined; max: number | undefined } | null {
  const lo = min === undefined ? undefined : Math.max(0, Math.ceil(min));
  const hi = max === undefined ? undefined : Math.floor(max);
  if (hi !== undefined && (hi < 0 || (lo !== undefined && lo > hi))) {
    return null;
  }
  const cap = (v: number | undefined): number | undefined =>
    v === undefined ? undefined : Math.min(v, Number.MAX_SAFE_INTEGER);
  return { min: cap(lo), max: cap(hi) };
}
