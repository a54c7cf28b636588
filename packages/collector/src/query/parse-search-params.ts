/**
 * The parameters of Jaeger's v1 trace search (`GET /api/traces`), as jaeger
 * `cmd/query/app/query_parser.go` reads them, plus the seed's `offset`,
 * `orderBy` and `direction`. Repeated `traceID`s turn the search into a
 * lookup of those traces; otherwise `service` is required.
 */
import { badParam } from '../collector-error.js';
import type { Micros, TraceId } from '@pathprof/model';
import type { TraceQuery } from '@pathprof/store';
import { parseTimeWindow } from '../request-params/parse-time-window.js';
import { mustParseJaegerTraceId } from './jaeger-ids.js';
import type { QueryParams } from '../request-params/query-params.js';
import {
  mustParseDuration,
  mustParseInteger,
  readAllParams,
  readParam,
} from '../request-params/query-params.js';

/** Jaeger's `defaultQueryLimit`. */
export const DEFAULT_SEARCH_LIMIT = 100;
/**
 * The most traces one search answers. Jaeger takes any 32-bit integer, but
 * an answer is built in memory: 20 000 seed-shaped traces make a JSON answer
 * of about 300 MB. The seed's aggregator asks for 10 000.
 */
export const MAX_SEARCH_LIMIT = 20_000;
/** Jaeger's `defaultTraceQueryLookbackDuration`: two days. */
export const DEFAULT_SEARCH_LOOKBACK_MICROS = 2 * 86_400_000_000;

export type SearchRequest =
  | { readonly kind: 'ids'; readonly traceIds: readonly TraceId[] }
  | { readonly kind: 'search'; readonly query: TraceQuery };

export function parseSearchParams(
  query: QueryParams,
  nowMicros: Micros,
): SearchRequest {
  const window = parseTimeWindow(
    query,
    nowMicros,
    DEFAULT_SEARCH_LOOKBACK_MICROS,
  );
  const tags = parseTags(query);
  const limit = parseLimit(readParam(query, 'limit'));
  const durationMin = optional(query, 'minDuration', mustParseDuration);
  const durationMax = optional(query, 'maxDuration', mustParseDuration);
  const traceIds = readAllParams(query, 'traceID')
    .filter((id) => id !== '')
    .map((id) => mustParseJaegerTraceId(id, 'traceID'));
  const service = readParam(query, 'service');
  if (traceIds.length === 0 && service === undefined) {
    throw badParam("parameter 'service' is required");
  }
  if (
    durationMin !== undefined &&
    durationMax !== undefined &&
    durationMax < durationMin
  ) {
    throw badParam("'maxDuration' should be greater than 'minDuration'");
  }
  const offset = optional(query, 'offset', mustParseInteger);
  if (offset !== undefined && offset < 0) {
    throw badParam(`'offset' must be at least 0, got ${offset}`);
  }
  const orderBy = readParam(query, 'orderBy');
  if (
    orderBy !== undefined &&
    orderBy !== 'startTime' &&
    orderBy !== 'duration'
  ) {
    throw badParam(`'orderBy' must be startTime or duration, got "${orderBy}"`);
  }
  const direction = readParam(query, 'direction');
  if (direction !== undefined && direction !== 'asc' && direction !== 'desc') {
    throw badParam(`'direction' must be asc or desc, got "${direction}"`);
  }
  if (traceIds.length > 0) {
    return { kind: 'ids', traceIds };
  }
  const operation = readParam(query, 'operation');
  return {
    kind: 'search',
    query: {
      service,
      ...(operation === undefined ? {} : { operation }),
      ...(Object.keys(tags).length === 0 ? {} : { tags }),
      startMin: window.startMicros,
      startMax: window.endMicros,
      // Jaeger treats a zero duration bound as no bound.
      ...(durationMin === undefined || durationMin === 0
        ? {}
        : { durationMin }),
      ...(durationMax === undefined || durationMax === 0
        ? {}
        : { durationMax }),
      limit,
      ...(offset === undefined ? {} : { offset }),
      ...(orderBy === undefined ? {} : { orderBy }),
      ...(direction === undefined ? {} : { direction }),
    },
  };
}

/** Absent or 0 means Jaeger's default (its storage backends read 0 as "default" too). */
function parseLimit(text: string | undefined): number {
  if (text === undefined) {
    return DEFAULT_SEARCH_LIMIT;
  }
  const limit = mustParseInteger(text, 'limit');
  if (limit < 0 || limit > MAX_SEARCH_LIMIT) {
    throw badParam(
      `'limit' must be between 0 and ${MAX_SEARCH_LIMIT}, got ${limit}`,
    );
  }
  return limit === 0 ? DEFAULT_SEARCH_LIMIT : limit;
}

/** `tag=key:value` (repeatable; the value may hold ':') merged with `tags={"k":"v"}` maps. */
function parseTags(query: QueryParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const pair of readAllParams(query, 'tag')) {
    const colon = pair.indexOf(':');
    if (colon < 0) {
      throw badParam(
        `malformed 'tag' parameter, expecting key:value, received: ${pair}`,
      );
    }
    tags[pair.slice(0, colon)] = pair.slice(colon + 1);
  }
  for (const json of readAllParams(query, 'tags')) {
    if (json === '') {
      continue;
    }
    Object.assign(tags, parseTagsJson(json));
  }
  return tags;
}

function parseTagsJson(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw badParam(
      "malformed 'tags' parameter, cannot unmarshal JSON: not valid JSON",
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badParam(
      "malformed 'tags' parameter, cannot unmarshal JSON: expected an object of strings",
    );
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  for (const [key, value] of entries) {
    if (typeof value !== 'string') {
      throw badParam(
        `malformed 'tags' parameter, cannot unmarshal JSON: the value of "${key}" is not a string`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function optional<T>(
  query: QueryParams,
  param: string,
  parse: (text: string, param: string) => T,
): T | undefined {
  const text = readParam(query, param);
  return text === undefined ? undefined : parse(text, param);
}
