/**
 * Why a field of a parsed wire object (OTLP JSON) cannot be read as its
 * schema says: what was expected and what came, and where. Readers return a
 * `WireProblem` instead of a value; each level prepends its own path segment
 * on the way out, so paths are only built for values that fail.
 *
 *   readStatus(…)  →  problem ".code must be …"
 *   span level     →  problem "status.code must be …"
 *   caller         →  "resourceSpans[0].scopeSpans[0].spans[3].status.code must be …"
 */
export class WireProblem {
  private readonly segments: string[] = [];

  constructor(
    private readonly what: string,
    /** Deep problems name the outermost value only: a path 64 levels long helps nobody. */
    readonly collapsed = false,
  ) {}

  /** Prepends `segment` (`.name`, `[3]`) to the path; returns this. */
  at(segment: string): this {
    this.segments.push(segment);
    return this;
  }

  /** `resourceSpans[0].spans must be an array, got a string` for the prefix `resourceSpans[0]`. */
  describe(prefix = ''): string {
    const path = prefix + [...this.segments].reverse().join('');
    return `${path.replace(/^\./, '')} ${this.what}`;
  }
}

export function wrongType(expected: string, got: unknown): WireProblem {
  return new WireProblem(`must be ${expected}, got ${describeJsonValue(got)}`);
}

/** `a string`, `an array`, `null`…; short strings are quoted, for enum names. */
export function describeJsonValue(
  value: unknown,
  quoteStrings = false,
): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  switch (typeof value) {
    case 'string':
      return quoteStrings && value.length <= 40
        ? JSON.stringify(value)
        : 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Absent or JSON `null`: proto3 JSON reads both as the field's default. */
export function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
