/**
 * Attributes as three parallel arrays, the layout ClickHouse 18.16 can search
 * without a `Map` type: keys, values as the text a tag search compares
 * (numbers as JavaScript prints them, arrays as JSON) and each value's type,
 * which brings the value back exactly on read.
 */
import type { AttributeValue, Attributes } from '@pathprof/model';

export type ValueType = 'string' | 'number' | 'boolean' | 'array';

export interface AttributeColumns {
  readonly keys: string[];
  readonly values: string[];
  readonly types: ValueType[];
}

export function toAttributeColumns(attributes: Attributes): AttributeColumns {
  const keys: string[] = [];
  const values: string[] = [];
  const types: ValueType[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    keys.push(key);
    values.push(toValueText(value));
    types.push(
      Array.isArray(value)
        ? 'array'
        : (typeof value as 'string' | 'number' | 'boolean'),
    );
  }
  return { keys, values, types };
}

export function fromAttributeColumns(
  keys: readonly string[],
  values: readonly string[],
  types: readonly ValueType[],
): Attributes {
  const out: Record<string, AttributeValue> = {};
  keys.forEach((key, i) => {
    out[key] = fromValueText(values[i] ?? '', types[i] ?? 'string');
  });
  return out;
}

/** The text a tag search compares a value with. */
export function toValueText(value: AttributeValue): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function fromValueText(text: string, type: ValueType): AttributeValue {
  switch (type) {
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'array':
      return JSON.parse(text) as AttributeValue;
    default:
      return text;
  }
}
