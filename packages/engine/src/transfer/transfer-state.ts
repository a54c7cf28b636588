/**
 * Copies the state of an object graph of the engine's classes into plain
 * data that `structuredClone`/`postMessage` carry, and back into live
 * instances. Structured cloning alone loses prototypes and cannot carry
 * functions (comparators, key strategies), so instances are written as
 * `[CLASS, name, fields]` and read back into fresh instances that a registry
 * makes with their functions in place: fields holding functions are neither
 * written nor overwritten. A class missing from the registry is an error, so
 * a new kind of state cannot be dropped silently.
 *
 *   live graph ──encode──▶ plain data ──postMessage──▶ plain data ──decode──▶ live graph
 */

export interface TransferClass {
  /** The class (its `name` tags the written state). */
  readonly type: abstract new (...args: never[]) => object;
  /** A fresh instance to read state into; absent for classes only ever read into an instance their owner made. */
  readonly create?: () => object;
  /** Fields neither written nor read (configuration the receiver supplies). */
  readonly skip?: readonly string[];
  /** Called before an instance is written, e.g. to drop what it no longer needs. */
  readonly prepare?: (value: never) => void;
}

const CLASS = 'c';
const MAP = 'm';
const SET = 's';
const ARRAY = 'a';
const NUMBERS = 'n';
const OBJECT = 'o';
const COLUMNS = 'k';

type Encoded =
  | null
  | undefined
  | boolean
  | number
  | string
  | bigint
  | readonly [typeof ARRAY, Encoded[]]
  | readonly [typeof NUMBERS, Float64Array | Int32Array]
  | readonly [typeof OBJECT, Record<string, Encoded>]
  | readonly [
      typeof COLUMNS,
      string[],
      (Float64Array | Int32Array | string[])[],
    ]
  | readonly [typeof MAP, [Encoded, Encoded][]]
  | readonly [typeof SET, Encoded[]]
  | readonly [typeof CLASS, string, Record<string, Encoded>];

/** The registry of one family of classes (e.g. a profiler's). */
export class StateTransfer {
  private readonly byName = new Map<string, TransferClass>();

  constructor(classes: readonly TransferClass[]) {
    for (const c of classes) {
      this.byName.set(c.type.name, c);
    }
  }

  encode(value: unknown): unknown {
    return this.write(value);
  }

  /** Reads encoded state into `target` (an instance of the same class) and returns it. */
  decodeInto<T extends object>(encoded: unknown, target: T): T {
    return this.read(encoded as Encoded, target) as T;
  }

  private write(value: unknown): Encoded {
    if (typeof value !== 'object' || value === null) {
      if (typeof value === 'function' || typeof value === 'symbol') {
        throw new Error('transfer: a function or symbol outside a class');
      }
      return value as Encoded;
    }
    if (Array.isArray(value)) {
      // arrays of numbers (exact values, sketch bins) travel as one typed array: a copy, not a walk
      if (value.length > 8 && value.every((v) => typeof v === 'number')) {
        return [NUMBERS, packNumbers(value as number[])];
      }
      return writeColumns(value) ?? [ARRAY, value.map((v) => this.write(v))];
    }
    if (value instanceof Map) {
      return [
        MAP,
        [...(value as Map<unknown, unknown>)].map(([k, v]) => [
          this.write(k),
          this.write(v),
        ]),
      ];
    }
    if (value instanceof Set) {
      return [SET, [...(value as Set<unknown>)].map((v) => this.write(v))];
    }
    const proto = Object.getPrototypeOf(value) as object | null;
    if (proto === Object.prototype || proto === null) {
      return [OBJECT, this.writeFields(value, undefined)];
    }
    const name = (proto as { constructor: { name: string } }).constructor.name;
    const entry = this.byName.get(name);
    if (entry === undefined) {
      throw new Error(
        `transfer: no registered class ${name}; add it to the transfer registry`,
      );
    }
    entry.prepare?.(value as never);
    return [CLASS, name, this.writeFields(value, entry.skip)];
  }

  private writeFields(
    value: object,
    skip: readonly string[] | undefined,
  ): Record<string, Encoded> {
    const out: Record<string, Encoded> = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'function' || skip?.includes(k) === true) {
        continue;
      }
      out[k] = this.write(v);
    }
    return out;
  }

  private read(e: Encoded, existing: unknown): unknown {
    if (!Array.isArray(e)) {
      return e;
    }
    const tag = e[0] as string;
    switch (tag) {
      case NUMBERS:
        return Array.from(e[1] as Float64Array | Int32Array);
      case ARRAY: {
        const items = e[1] as Encoded[];
        const old = Array.isArray(existing) ? (existing as unknown[]) : [];
        return items.map((x, i) => this.read(x, old[i]));
      }
      case MAP: {
        const old = existing instanceof Map ? existing : undefined;
        const out = new Map<unknown, unknown>();
        for (const [k, v] of e[1] as [Encoded, Encoded][]) {
          const key = this.read(k, undefined);
          out.set(key, this.read(v, old?.get(key)));
        }
        return out;
      }
      case COLUMNS:
        return readColumns(
          e[1] as string[],
          e[2] as (Float64Array | Int32Array | string[])[],
        );
      case SET:
        return new Set((e[1] as Encoded[]).map((x) => this.read(x, undefined)));
      case OBJECT: {
        const target: Record<string, unknown> = {};
        this.readFields(e[1] as Record<string, Encoded>, target);
        return target;
      }
      case CLASS: {
        const name = e[1] as string;
        const entry = this.byName.get(name);
        if (entry === undefined) {
          throw new Error(`transfer: no registered class ${name}`);
        }
        let target = existing;
        if (
          typeof target !== 'object' ||
          target === null ||
          (Object.getPrototypeOf(target) as { constructor: { name: string } })
            .constructor.name !== name
        ) {
          if (entry.create === undefined) {
            throw new Error(
              `transfer: ${name} is read only into an instance its owner made`,
            );
          }
          target = entry.create();
        }
        this.readFields(e[2] as Record<string, Encoded>, target as object);
        return target;
      }
      default:
        throw new Error(`transfer: unknown tag ${tag}`);
    }
  }

  private readFields(fields: Record<string, Encoded>, target: object): void {
    const t = target as Record<string, unknown>;
    for (const [k, v] of Object.entries(fields)) {
      if (typeof t[k] === 'function') {
        continue;
      }
      t[k] = this.read(v, t[k]);
    }
  }
}

/**
 * Many plain objects of one shape whose fields hold numbers or strings
 * (sampled values: hash, trace id, value) as one column per field: a few
 * arrays to clone instead of an object each. Null when `items` is not such.
 */
function writeColumns(
  items: readonly unknown[],
): [typeof COLUMNS, string[], (Float64Array | Int32Array | string[])[]] | null {
  if (items.length <= 8) {
    return null;
  }
  const first = items[0];
  if (
    typeof first !== 'object' ||
    first === null ||
    Object.getPrototypeOf(first) !== Object.prototype
  ) {
    return null;
  }
  const keys = Object.keys(first);
  if (keys.length === 0) {
    return null;
  }
  const kinds = keys.map((k) => typeof (first as Record<string, unknown>)[k]);
  if (kinds.some((t) => t !== 'number' && t !== 'string')) {
    return null;
  }
  const columns = kinds.map((t) =>
    t === 'number' ? new Float64Array(items.length) : new Array<string>(),
  );
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as Record<string, unknown> | null;
    if (
      typeof item !== 'object' ||
      item === null ||
      Object.getPrototypeOf(item) !== Object.prototype ||
      Object.keys(item).length !== keys.length
    ) {
      return null;
    }
    for (let k = 0; k < keys.length; k++) {
      const v = item[keys[k]!];
      if (typeof v !== kinds[k]) {
        return null;
      }
      const column = columns[k]!;
      if (column instanceof Float64Array) {
        column[i] = v as number;
      } else {
        column.push(v as string);
      }
    }
  }
  return [
    COLUMNS,
    keys,
    columns.map((c) => (c instanceof Float64Array ? packNumbers(c) : c)),
  ];
}

/**
 * Numbers as a typed array: 32-bit integers when every one is one (counts,
 * whole microseconds: half the bytes), else doubles. -0 stays a double.
 */
function packNumbers(
  values: readonly number[] | Float64Array,
): Float64Array | Int32Array {
  for (const v of values) {
    if ((v | 0) !== v || Object.is(v, -0)) {
      return Float64Array.from(values);
    }
  }
  return Int32Array.from(values);
}

function readColumns(
  keys: readonly string[],
  columns: readonly (Float64Array | Int32Array | string[])[],
): Record<string, unknown>[] {
  const n = columns[0]?.length ?? 0;
  const out = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const item: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) {
      item[keys[k]!] = columns[k]![i];
    }
    out[i] = item;
  }
  return out;
}
