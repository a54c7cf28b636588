/**
 * The Search view's form as URL parameters, in Jaeger's terms: `service`,
 * `operation`, `tags` (`key=value` pairs separated by spaces; a value with
 * spaces in double quotes), `lookback`, `minDuration`/`maxDuration` (Go
 * durations) and `limit` (20 by default, at most 1 500). The API takes the
 * same names, with `tags` as a JSON map.
 */
import { isLookback } from '../../state/window-state.js';
import type { Lookback } from '../../state/window-state.js';

export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 1500;
export const DEFAULT_SEARCH_LOOKBACK: Lookback = '1h';

export interface SearchState {
  readonly service: string;
  readonly operation: string;
  readonly tags: string;
  readonly lookback: Lookback;
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly limit: number;
}

export function parseSearchState(query: URLSearchParams): SearchState {
  const lookback = query.get('lookback') ?? undefined;
  const limit = Number(query.get('limit'));
  return {
    service: query.get('service') ?? '',
    operation: query.get('operation') ?? '',
    tags: query.get('tags') ?? '',
    lookback: isLookback(lookback) ? lookback : DEFAULT_SEARCH_LOOKBACK,
    minDuration: query.get('minDuration') ?? '',
    maxDuration: query.get('maxDuration') ?? '',
    limit:
      Number.isInteger(limit) && limit >= 1
        ? Math.min(limit, MAX_SEARCH_LIMIT)
        : DEFAULT_SEARCH_LIMIT,
  };
}

export function formatSearchUrlParams(
  state: SearchState,
): Record<string, string | undefined> {
  const text = (v: string): string | undefined =>
    v.trim() === '' ? undefined : v.trim();
  return {
    service: text(state.service),
    operation: text(state.operation),
    tags: text(state.tags),
    lookback: state.lookback,
    minDuration: text(state.minDuration),
    maxDuration: text(state.maxDuration),
    limit: String(state.limit),
  };
}

/**
 * `key=value key2="a b"` as a map; a pair without `=` or with an empty key
 * is an error naming it (the form shows it), not silently dropped.
 */
export function parseTags(
  text: string,
): { tags: Record<string, string> } | { error: string } {
  const tags: Record<string, string> = {};
  const pair = /\s*([^\s=]*)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/y;
  let rest = text.trim();
  while (rest !== '') {
    pair.lastIndex = 0;
    const m = pair.exec(rest);
    if (m === null || m[1] === '') {
      const bad = rest.split(/\s+/)[0] ?? rest;
      return { error: `“${bad}” is not key=value` };
    }
    tags[m[1]!] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
    rest = rest.slice(pair.lastIndex).trim();
  }
  return { tags };
}

/** The API's parameters, or an error message for the form. */
export function toSearchApiParams(
  state: SearchState,
): { params: [string, string][] } | { error: string } {
  if (state.service === '') {
    return { error: 'Choose a service' };
  }
  const parsed = parseTags(state.tags);
  if ('error' in parsed) {
    return parsed;
  }
  const params: [string, string][] = [
    ['service', state.service],
    ['lookback', state.lookback],
    ['limit', String(state.limit)],
  ];
  if (state.operation !== '') {
    params.push(['operation', state.operation]);
  }
  if (Object.keys(parsed.tags).length > 0) {
    params.push(['tags', JSON.stringify(parsed.tags)]);
  }
  if (state.minDuration !== '') {
    params.push(['minDuration', state.minDuration]);
  }
  if (state.maxDuration !== '') {
    params.push(['maxDuration', state.maxDuration]);
  }
  return { params };
}
