import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** Header values as Node gives them (`req.headers`). */
export type HeaderRecord = Readonly<
  Record<string, string | readonly string[] | number | undefined>
>;

/** A WHATWG `Headers` object (fetch, undici). */
export interface HeadersLike {
  forEach(callback: (value: string, name: string) => void): void;
  get(name: string): string | null;
}

/** Incoming headers: Node's `req.headers`, any record of them, or a fetch `Headers`. */
export type HeaderCarrier = HeaderRecord | HeadersLike;

/** Header records with lowercase names and string values, as the getter reads them. */
export type LowercaseHeaders = Record<string, string | string[] | undefined>;

const UPPERCASE_RE = /[A-Z]/;

function isHeadersLike(value: object): value is HeadersLike {
  return (
    typeof (value as Partial<HeadersLike>).forEach === 'function' &&
    typeof (value as Partial<HeadersLike>).get === 'function'
  );
}

function toHeaderValue(value: unknown): string | string[] | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'number') {
    return String(value);
  }
  if (Array.isArray(value)) {
    return value.filter((v): v is string => typeof v === 'string');
  }
  return undefined;
}

/**
 * Returns headers keyed by lowercase name. Node's `req.headers` (lowercase
 * already) is returned as is; anything else is copied.
 */
export function toLowercaseHeaders(
  carrier: HeaderCarrier | null | undefined,
): LowercaseHeaders {
  if (carrier === null || typeof carrier !== 'object') {
    return {};
  }
  if (isHeadersLike(carrier)) {
    const copy: LowercaseHeaders = {};
    carrier.forEach((value, name) => {
      copy[name.toLowerCase()] = value;
    });
    return copy;
  }
  const names = Object.keys(carrier);
  if (!names.some((name) => UPPERCASE_RE.test(name))) {
    return carrier as LowercaseHeaders;
  }
  const copy: LowercaseHeaders = {};
  for (const name of names) {
    copy[name.toLowerCase()] = toHeaderValue(carrier[name]);
  }
  return copy;
}

export const HEADER_GETTER: TextMapGetter<LowercaseHeaders> = {
  get: (carrier, key) => carrier[key],
  keys: (carrier) => Object.keys(carrier),
};

export const HEADER_SETTER: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
