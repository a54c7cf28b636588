/**
 * Parameters of the path API: the window (`start`/`end` in µs, `lookback`;
 * default the last hour ending now), `service`, and the options of
 * `pathprof analyze`: `groupBy` (path, shape, hop), `pathKey`
 * (service+operation, service, service-collapsed), `top`, `anomalies`
 * (default true), `anomalyRule` (robust, seed), `keepProxies` (default
 * false). `service` lists only the paths through that service. `key`
 * (parsePathKeyFilter) keeps one path's row.
 */
import { badParam } from '../collector-error.js';
import type { GroupBy } from '@pathprof/engine';
import type { Micros } from '@pathprof/model';
import { parseTimeWindow } from '../request-params/parse-time-window.js';
import { readPathKeyParam } from '../request-params/path-key-param.js';
import type { QueryParams } from '../request-params/query-params.js';
import {
  mustParseInteger,
  readAllParams,
  readParam,
} from '../request-params/query-params.js';
import type { ProfileQuery } from './profile-stored-traces.js';

export const DEFAULT_PATH_LOOKBACK_MICROS = 3_600_000_000;

const GROUP_BYS: readonly GroupBy[] = ['path', 'shape', 'hop'];

export function parsePathParams(
  query: QueryParams,
  nowMicros: Micros,
): ProfileQuery {
  const window = parseTimeWindow(
    query,
    nowMicros,
    DEFAULT_PATH_LOOKBACK_MICROS,
  );
  const service = readParam(query, 'service');
  const groupBy = readParam(query, 'groupBy') ?? 'path';
  if (!GROUP_BYS.includes(groupBy as GroupBy)) {
    throw badParam(
      `'groupBy' must be one of ${GROUP_BYS.join(', ')}, got "${groupBy}"`,
    );
  }
  const pathKey = readPathKeyParam(query);
  const topText = readParam(query, 'top');
  const top =
    topText === undefined ? undefined : mustParseInteger(topText, 'top');
  if (top !== undefined && top < 1) {
    throw badParam(`'top' must be at least 1, got ${top}`);
  }
  const anomalyRule = readParam(query, 'anomalyRule');
  if (
    anomalyRule !== undefined &&
    anomalyRule !== 'robust' &&
    anomalyRule !== 'seed'
  ) {
    throw badParam(
      `'anomalyRule' must be one of robust, seed, got "${anomalyRule}"`,
    );
  }
  return {
    startMicros: window.startMicros,
    endMicros: window.endMicros,
    ...(service === undefined ? {} : { service }),
    groupBy: groupBy as GroupBy,
    pathKey,
    ...(top === undefined ? {} : { top }),
    anomalies: parseBoolean(query, 'anomalies', true),
    ...(anomalyRule === undefined
      ? {}
      : { anomalyRule: anomalyRule === 'seed' ? 'mean+2sd' : 'robust' }),
    keepProxies: parseBoolean(query, 'keepProxies', false),
  };
}

/** Longest `key` taken: the route limit for a path key in the URL path. */
export const MAX_PATH_KEY_LENGTH = 1000;

/**
 * The one path `GET /api/paths?key=…` answers, or undefined without `key`.
 * It needs `groupBy=path` (the default), is given once and is not empty.
 */
export function parsePathKeyFilter(
  query: QueryParams,
  groupBy: GroupBy | undefined,
): string | undefined {
  const keys = readAllParams(query, 'key');
  if (keys.length === 0) {
    return undefined;
  }
  const [key] = keys;
  if (keys.length > 1) {
    throw badParam(`'key' may be given once, got ${keys.length} values`);
  }
  if (key === undefined || key.trim() === '') {
    throw badParam(`'key' must be a path key, got an empty value`);
  }
  if (key.length > MAX_PATH_KEY_LENGTH) {
    throw badParam(
      `'key' must be at most ${MAX_PATH_KEY_LENGTH} characters, got ${key.length}`,
    );
  }
  if ((groupBy ?? 'path') !== 'path') {
    throw badParam(`'key' needs groupBy=path, got groupBy=${groupBy}`);
  }
  return key;
}

function parseBoolean(
  query: QueryParams,
  param: string,
  fallback: boolean,
): boolean {
  const text = readParam(query, param);
  if (text === undefined) {
    return fallback;
  }
  if (text !== 'true' && text !== 'false') {
    throw badParam(`'${param}' must be true or false, got "${text}"`);
  }
  return text === 'true';
}
