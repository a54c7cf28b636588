/**
 * Reading a parsed query string (Fastify hands repeated keys over as arrays).
 * Parameter parsers throw `PATHPROF_ERR_COLLECTOR_BAD_PARAM`
 * (`collector-error.ts`); the query port's error handler answers it with a
 * 400 in each API's own error shape.
 */
import { badParam } from '../collector-error.js';
import { parseDuration } from '@pathprof/model';
import type { Micros } from '@pathprof/model';

export type QueryParams = Readonly<
  Record<string, string | readonly string[] | undefined>
>;

/** Every value given for `name`, in order. */
export function readAllParams(query: QueryParams, name: string): string[] {
  const value = query[name];
  if (value === undefined) {
    return [];
  }
  return typeof value === 'string' ? [value] : [...value];
}

/** The first value of `name`; an empty value counts as absent, as Go's `FormValue` does. */
export function readParam(
  query: QueryParams,
  name: string,
): string | undefined {
  const first = readAllParams(query, name)[0];
  return first === undefined || first === '' ? undefined : first;
}

/** A decimal integer such as Go's `strconv.ParseInt` accepts; `null` otherwise. */
export function parseInteger(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) {
    return null;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : null;
}

export function mustParseInteger(text: string, param: string): number {
  const value = parseInteger(text);
  if (value === null) {
    throw badParam(
      `unable to parse param '${param}': "${text}" is not an integer`,
    );
  }
  return value;
}

/** A duration in the model's grammar (docs/time.md): Go's plus days and weeks (`1.2s`, `2d`, `1w`). */
export function mustParseDuration(text: string, param: string): Micros {
  const micros = parseDuration(text);
  if (micros === null) {
    throw badParam(
      `unable to parse param '${param}': "${text}" is not a duration such as 1.2s, 100ms or 500us`,
    );
  }
  return micros;
}
