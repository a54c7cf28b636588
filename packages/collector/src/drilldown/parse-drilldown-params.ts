/**
 * Parameters of the drill-down routes, beside the path API's window and
 * options (parse-path-params.ts): `points` and `key` of the series;
 * `minDuration`/`maxDuration` (Go durations, as Jaeger's search), `errors`,
 * `position` (0-based hop along the path), `orderBy` (duration, start),
 * `direction` and `limit` of a path's requests; `by`, `position` and
 * `sample` of a breakdown; `limit` of attribute values.
 */
import { badParam } from '../collector-error.js';
import type { PathRecordQuery } from '@pathprof/model';
import type { QueryParams } from '../request-params/query-params.js';
import {
  mustParseDuration,
  mustParseInteger,
  readAllParams,
  readParam,
} from '../request-params/query-params.js';
import type { BreakdownQuery } from './build-path-breakdown.js';
import {
  DEFAULT_BREAKDOWN_SAMPLE,
  MAX_BREAKDOWN_SAMPLE,
} from './build-path-breakdown.js';
import {
  DEFAULT_SERIES_POINTS,
  MAX_SERIES_POINTS,
} from './build-path-series.js';
import {
  DEFAULT_REQUESTS_LIMIT,
  MAX_REQUESTS_LIMIT,
} from './find-path-requests.js';

export const DEFAULT_VALUES_LIMIT = 50;
export const MAX_VALUES_LIMIT = 1000;

function readBounded(
  query: QueryParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = readParam(query, name);
  if (text === undefined) {
    return fallback;
  }
  const value = mustParseInteger(text, name);
  if (value < min || value > max) {
    throw badParam(`'${name}' must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function readPosition(query: QueryParams): number | undefined {
  const text = readParam(query, 'position');
  if (text === undefined) {
    return undefined;
  }
  const value = mustParseInteger(text, 'position');
  if (value < 0) {
    throw badParam(`'position' must be 0 or more, got ${value}`);
  }
  return value;
}

export function parseSeriesParams(query: QueryParams): {
  points: number;
  keys?: readonly string[];
} {
  const keys = readAllParams(query, 'key').filter((k) => k !== '');
  return {
    points: readBounded(
      query,
      'points',
      DEFAULT_SERIES_POINTS,
      1,
      MAX_SERIES_POINTS,
    ),
    ...(keys.length === 0 ? {} : { keys }),
  };
}

export function parseRequestsParams(
  query: QueryParams,
  key: string,
): PathRecordQuery {
  const min = readParam(query, 'minDuration');
  const max = readParam(query, 'maxDuration');
  const errors = readParam(query, 'errors');
  if (errors !== undefined && errors !== 'true' && errors !== 'false') {
    throw badParam(`'errors' must be true or false, got "${errors}"`);
  }
  const orderBy = readParam(query, 'orderBy') ?? 'duration';
  if (orderBy !== 'duration' && orderBy !== 'start') {
    throw badParam(`'orderBy' must be duration or start, got "${orderBy}"`);
  }
  const direction = readParam(query, 'direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') {
    throw badParam(`'direction' must be asc or desc, got "${direction}"`);
  }
  const position = readPosition(query);
  return {
    key,
    orderBy,
    direction,
    limit: readBounded(
      query,
      'limit',
      DEFAULT_REQUESTS_LIMIT,
      1,
      MAX_REQUESTS_LIMIT,
    ),
    ...(position === undefined ? {} : { position }),
    ...(min === undefined
      ? {}
      : { minDurationMicros: mustParseDuration(min, 'minDuration') }),
    ...(max === undefined
      ? {}
      : { maxDurationMicros: mustParseDuration(max, 'maxDuration') }),
    ...(errors === 'true' ? { errorsOnly: true } : {}),
  };
}

export function parseBreakdownParams(
  query: QueryParams,
  key: string,
): BreakdownQuery {
  const by = readParam(query, 'by');
  const position = readPosition(query);
  return {
    key,
    sample: readBounded(
      query,
      'sample',
      DEFAULT_BREAKDOWN_SAMPLE,
      1,
      MAX_BREAKDOWN_SAMPLE,
    ),
    ...(by === undefined ? {} : { by }),
    ...(position === undefined ? {} : { position }),
  };
}

export function parseValuesLimit(query: QueryParams): number {
  return readBounded(query, 'limit', DEFAULT_VALUES_LIMIT, 1, MAX_VALUES_LIMIT);
}
