/**
 * api_v3's trace search parameters (jaeger `apiv3/query_parser.go`): the
 * canonical camelCase names (`query.serviceName`, `query.startTimeMin`…)
 * and their deprecated snake_case aliases (`query.service_name`,
 * `query.start_time_min`, `query.num_traces`…), the canonical name winning
 * when both are given. Times are RFC 3339, durations Go durations; both
 * start-time bounds are required and the minimum must be before the maximum.
 */
import { badParam } from '../collector-error.js';
import { MAX_SEARCH_LIMIT } from './parse-search-params.js';
import type { TraceQuery } from '@pathprof/store';
import { parseRfc3339Micros } from '@pathprof/model';
import type { QueryParams } from '../request-params/query-params.js';
import {
  mustParseDuration,
  parseInteger,
  readParam,
} from '../request-params/query-params.js';

/** api_v3's `defaultSearchDepth`. */
export const DEFAULT_SEARCH_DEPTH = 100;

const GO_BOOLEANS = ['1', 't', 'T', 'TRUE', 'true', 'True'].concat([
  '0',
  'f',
  'F',
  'FALSE',
  'false',
  'False',
]);

/** The value of the first of `names` given, and which name it was. */
export function resolveV3Param(
  query: QueryParams,
  ...names: string[]
): { value: string; name: string } | undefined {
  for (const name of names) {
    const value = readParam(query, name);
    if (value !== undefined) {
      return { value, name };
    }
  }
  return undefined;
}

export function parseV3SearchParams(query: QueryParams): TraceQuery {
  const service = resolveV3Param(
    query,
    'query.serviceName',
    'query.service_name',
  );
  const operation = resolveV3Param(
    query,
    'query.operationName',
    'query.operation_name',
  );
  const min = resolveV3Param(
    query,
    'query.startTimeMin',
    'query.start_time_min',
  );
  const max = resolveV3Param(
    query,
    'query.startTimeMax',
    'query.start_time_max',
  );
  if (min === undefined || max === undefined) {
    throw badParam('query.startTimeMin and query.startTimeMax are required');
  }
  const startMin = mustParseV3Time(min);
  const startMax = mustParseV3Time(max);
  if (startMin >= startMax) {
    throw badParam('query.startTimeMin must be before query.startTimeMax');
  }
  const depth = resolveV3Param(
    query,
    'query.searchDepth',
    'query.search_depth',
    'query.num_traces',
  );
  const limit =
    depth === undefined ? DEFAULT_SEARCH_DEPTH : mustParseDepth(depth);
  const durationMin = optionalDuration(
    resolveV3Param(query, 'query.durationMin', 'query.duration_min'),
  );
  const durationMax = optionalDuration(
    resolveV3Param(query, 'query.durationMax', 'query.duration_max'),
  );
  mustParseV3Bool(resolveV3Param(query, 'query.rawTraces', 'query.raw_traces'));
  const attributes = readParam(query, 'query.attributes');
  return {
    ...(service === undefined ? {} : { service: service.value }),
    ...(operation === undefined ? {} : { operation: operation.value }),
    ...(attributes === undefined ? {} : { tags: parseAttributes(attributes) }),
    startMin,
    startMax,
    ...(durationMin === undefined ? {} : { durationMin }),
    ...(durationMax === undefined ? {} : { durationMax }),
    limit,
  };
}

export function mustParseV3Time(param: {
  value: string;
  name: string;
}): number {
  const micros = parseRfc3339Micros(param.value);
  if (micros === null) {
    throw badParam(
      `malformed parameter ${param.name}: "${param.value}" is not an RFC 3339 time`,
    );
  }
  return micros;
}

export function mustParseV3Bool(
  param: { value: string; name: string } | undefined,
): void {
  if (param !== undefined && !GO_BOOLEANS.includes(param.value)) {
    throw badParam(
      `malformed parameter ${param.name}: "${param.value}" is not a boolean`,
    );
  }
}

function mustParseDepth(param: { value: string; name: string }): number {
  const depth = parseInteger(param.value);
  if (depth === null || depth < 1 || depth > MAX_SEARCH_LIMIT) {
    throw badParam(
      `malformed parameter ${param.name}: "${param.value}" is not an integer from 1 to ${MAX_SEARCH_LIMIT}`,
    );
  }
  return depth;
}

function optionalDuration(
  param: { value: string; name: string } | undefined,
): number | undefined {
  if (param === undefined) {
    return undefined;
  }
  try {
    return mustParseDuration(param.value, param.name);
  } catch {
    throw badParam(
      `malformed parameter ${param.name}: "${param.value}" is not a duration such as 1.2s, 100ms or 500us`,
    );
  }
}

function parseAttributes(json: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw badParam(
      'malformed parameter query.attributes: expected a JSON object of strings',
    );
  }
  return parsed as Record<string, string>;
}
