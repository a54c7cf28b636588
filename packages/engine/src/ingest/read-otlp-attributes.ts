/**
 * OTLP `KeyValue` lists (span, resource and event attributes) → flat
 * attributes: kvlists flatten to dotted keys, arrays keep their scalar
 * items, bytes stay base64. Parsed JSON can hold anything, so every field is
 * type-checked; a value of the wrong type, or `AnyValue`s nested deeper than
 * the protobuf decoder allows (`MAX_ANY_VALUE_DEPTH`), gives a `WireProblem`
 * instead. Recursion stops at that depth, so hostile nesting cannot
 * overflow the stack.
 * Spec: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
import type { AttributeValue, Attributes } from '@pathprof/model';
import { MAX_ANY_VALUE_DEPTH } from './decode-otlp-protobuf.js';
import {
  WireProblem,
  isJsonObject,
  isUnset,
  wrongType,
} from './wire-problem.js';

type Scalar = string | number | boolean;

/** The attributes of `list` (absent or null: none), or why they cannot be read. */
export function readOtlpAttributes(list: unknown): Attributes | WireProblem {
  const out: Record<string, AttributeValue> = {};
  return readKeyValues(list, '', 1, out) ?? out;
}

/** A span's, resource's or event's list is at depth 1; a kvlist's items one deeper. */
function readKeyValues(
  list: unknown,
  prefix: string,
  depth: number,
  out: Record<string, AttributeValue>,
): WireProblem | null {
  if (isUnset(list)) {
    return null;
  }
  if (!Array.isArray(list)) {
    return wrongType('an array', list);
  }
  for (let i = 0; i < list.length; i++) {
    const problem = readKeyValue(list[i], prefix, depth, out);
    if (problem !== null) {
      return depth === 1 || !problem.collapsed ? problem.at(`[${i}]`) : problem;
    }
  }
  return null;
}

function readKeyValue(
  kv: unknown,
  prefix: string,
  depth: number,
  out: Record<string, AttributeValue>,
): WireProblem | null {
  if (!isJsonObject(kv)) {
    return wrongType('a KeyValue object', kv);
  }
  const { key, value } = kv;
  if (!isUnset(key) && typeof key !== 'string') {
    return wrongType('a string', key).at('.key');
  }
  if (isUnset(key) || isUnset(value)) {
    return null; // no key, or an unset AnyValue: nothing to keep
  }
  const problem = isJsonObject(value)
    ? readValueInto(value, `${prefix}${key}`, depth, out)
    : wrongType('an AnyValue object', value);
  if (problem === null) {
    return null;
  }
  return depth === 1 || !problem.collapsed ? problem.at('.value') : problem;
}

/** A kvlist flattens into `out` under `key.`; any other value is stored under `key`. */
function readValueInto(
  value: Record<string, unknown>,
  key: string,
  depth: number,
  out: Record<string, AttributeValue>,
): WireProblem | null {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    return tooDeep();
  }
  if (!isUnset(value.kvlistValue)) {
    return readKvList(value.kvlistValue, `${key}.`, depth, out);
  }
  const read = readAnyValue(value, depth);
  if (read instanceof WireProblem) {
    return read;
  }
  if (read === undefined) {
    return null;
  }
  if (key === '__proto__') {
    // an own key, as JSON.parse made it; assigning would replace the prototype
    Object.defineProperty(out, key, {
      value: read,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    out[key] = read;
  }
  return null;
}

function readKvList(
  kvlist: unknown,
  prefix: string,
  depth: number,
  out: Record<string, AttributeValue>,
): WireProblem | null {
  if (!isJsonObject(kvlist)) {
    return wrongType('a KeyValueList object', kvlist).at('.kvlistValue');
  }
  const problem = readKeyValues(kvlist.values, prefix, depth + 1, out);
  return problem === null || problem.collapsed
    ? problem
    : problem.at('.kvlistValue.values');
}

/** A value other than a top-level kvlist; undefined when it holds nothing to keep. */
function readAnyValue(
  v: Record<string, unknown>,
  depth: number,
): AttributeValue | undefined | WireProblem {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    return tooDeep();
  }
  const { stringValue } = v;
  if (typeof stringValue === 'string') {
    return stringValue;
  }
  if (!isUnset(stringValue)) {
    return wrongType('a string', stringValue).at('.stringValue');
  }
  const { boolValue } = v;
  if (!isUnset(boolValue)) {
    return typeof boolValue === 'boolean'
      ? boolValue
      : wrongType('a boolean', boolValue).at('.boolValue');
  }
  const { intValue } = v;
  if (!isUnset(intValue)) {
    return readInt(intValue);
  }
  const { doubleValue } = v;
  if (!isUnset(doubleValue)) {
    return readDouble(doubleValue);
  }
  const { bytesValue } = v;
  if (!isUnset(bytesValue)) {
    return typeof bytesValue === 'string'
      ? bytesValue
      : wrongType('a base64 string', bytesValue).at('.bytesValue');
  }
  if (!isUnset(v.arrayValue)) {
    return readArray(v.arrayValue, depth);
  }
  if (!isUnset(v.kvlistValue)) {
    // A kvlist inside an array has no key to flatten under: checked, not kept.
    return readKvList(v.kvlistValue, '', depth, {}) ?? undefined;
  }
  return undefined;
}

/** int64: a JSON number or, as proto3 JSON writes it, a decimal string. */
function readInt(intValue: unknown): number | string | WireProblem {
  if (typeof intValue === 'number' && Number.isFinite(intValue)) {
    return intValue;
  }
  if (typeof intValue === 'string') {
    const n = Number(intValue);
    if (Number.isInteger(n) && intValue !== '') {
      return n;
    }
  }
  return wrongType('an integer or a decimal string', intValue).at('.intValue');
}

/** double: a number, or a string (`"NaN"`, `"Infinity"`, `"1.5"`), kept as given when not numeric. */
function readDouble(doubleValue: unknown): number | string | WireProblem {
  if (typeof doubleValue === 'number') {
    return doubleValue;
  }
  if (typeof doubleValue === 'string') {
    const n = Number(doubleValue);
    return Number.isNaN(n) ? doubleValue : n;
  }
  return wrongType('a number', doubleValue).at('.doubleValue');
}

/** Scalar items are kept; nested arrays and kvlists are checked but dropped, as before. */
function readArray(arrayValue: unknown, depth: number): Scalar[] | WireProblem {
  if (!isJsonObject(arrayValue)) {
    return wrongType('an ArrayValue object', arrayValue).at('.arrayValue');
  }
  const { values } = arrayValue;
  if (isUnset(values)) {
    return [];
  }
  if (!Array.isArray(values)) {
    return wrongType('an array', values).at('.arrayValue.values');
  }
  const items: Scalar[] = [];
  for (let i = 0; i < values.length; i++) {
    const item: unknown = values[i];
    const read = isJsonObject(item)
      ? readAnyValue(item, depth + 1)
      : wrongType('an AnyValue object', item);
    if (read instanceof WireProblem) {
      return read.collapsed ? read : read.at(`.arrayValue.values[${i}]`);
    }
    if (
      typeof read === 'string' ||
      typeof read === 'number' ||
      typeof read === 'boolean'
    ) {
      items.push(read);
    }
  }
  return items;
}

function tooDeep(): WireProblem {
  return new WireProblem(
    `is nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`,
    true,
  );
}
