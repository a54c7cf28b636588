/**
 * Parameters of `GET /api/compare`. Two windows (µs since the epoch):
 * `baselineStart`, `baselineEnd`, `candidateStart`, `candidateEnd`; or one
 * window (`start`/`end`/`lookback`, default the last hour) split by an
 * attribute: `by=service.version&baseline=v1&candidate=v2`. Both take
 * `service` (only traces through it; with `by`, only its spans decide the
 * side), `alpha`, `minEffect`, `minSamples`, `pathKey` and `keepProxies`.
 */
import { badParam } from '../collector-error.js';
import {
  DEFAULT_COMPARE_ALPHA,
  DEFAULT_MIN_EFFECT,
  DEFAULT_MIN_SAMPLES,
} from '@pathprof/engine';
import type { AttributeSplit, PathKeyStrategy } from '@pathprof/engine';
import type { Micros } from '@pathprof/model';
import { parseTimeWindow } from '../request-params/parse-time-window.js';
import type { TimeWindowMicros } from '../request-params/parse-time-window.js';
import { readPathKeyParam } from '../request-params/path-key-param.js';
import type { QueryParams } from '../request-params/query-params.js';
import { mustParseInteger, readParam } from '../request-params/query-params.js';

export const DEFAULT_COMPARE_LOOKBACK_MICROS = 3_600_000_000;

export type CompareSides =
  | {
      readonly kind: 'windows';
      readonly baseline: TimeWindowMicros;
      readonly candidate: TimeWindowMicros;
    }
  | {
      readonly kind: 'split';
      readonly window: TimeWindowMicros;
      readonly split: AttributeSplit;
    };

export interface CompareQuery {
  readonly sides: CompareSides;
  readonly service?: string;
  readonly pathKey: PathKeyStrategy;
  readonly keepProxies: boolean;
  readonly alpha: number;
  readonly minEffect: number;
  readonly minSamples: number;
}

const WINDOW_PARAMS = [
  'baselineStart',
  'baselineEnd',
  'candidateStart',
  'candidateEnd',
] as const;

export function parseCompareParams(
  query: QueryParams,
  nowMicros: Micros,
): CompareQuery {
  const service = readParam(query, 'service');
  const by = readParam(query, 'by');
  const given = WINDOW_PARAMS.filter((p) => readParam(query, p) !== undefined);
  let sides: CompareSides;
  if (by !== undefined) {
    if (given.length > 0) {
      throw badParam(
        `'by' cannot be combined with '${given[0]}'; give 'start' and 'end'`,
      );
    }
    const baseline = mustRead(query, 'baseline');
    const candidate = mustRead(query, 'candidate');
    if (baseline === candidate) {
      throw badParam(
        `'baseline' and 'candidate' must differ, both are "${baseline}"`,
      );
    }
    sides = {
      kind: 'split',
      window: parseTimeWindow(
        query,
        nowMicros,
        DEFAULT_COMPARE_LOOKBACK_MICROS,
      ),
      split: {
        key: by,
        baseline,
        candidate,
        ...(service === undefined ? {} : { service }),
      },
    };
  } else {
    if (given.length < WINDOW_PARAMS.length) {
      throw badParam(
        `give 'by' with 'baseline' and 'candidate', or all of ${WINDOW_PARAMS.map((p) => `'${p}'`).join(', ')}`,
      );
    }
    const [bs, be, cs, ce] = WINDOW_PARAMS.map((p) =>
      mustParseInteger(readParam(query, p)!, p),
    );
    sides = {
      kind: 'windows',
      baseline: mustOrder(bs!, be!, 'baseline'),
      candidate: mustOrder(cs!, ce!, 'candidate'),
    };
  }
  const pathKey = readPathKeyParam(query);
  const keepProxies = readParam(query, 'keepProxies') ?? 'false';
  if (keepProxies !== 'true' && keepProxies !== 'false') {
    throw badParam(`'keepProxies' must be true or false, got "${keepProxies}"`);
  }
  return {
    sides,
    ...(service === undefined ? {} : { service }),
    pathKey,
    keepProxies: keepProxies === 'true',
    alpha: readNumber(
      query,
      'alpha',
      DEFAULT_COMPARE_ALPHA,
      (v) => v > 0 && v < 1,
      'a number between 0 and 1 (both excluded)',
    ),
    minEffect: readNumber(
      query,
      'minEffect',
      DEFAULT_MIN_EFFECT,
      (v) => v >= 0,
      'a number of 0 or more',
    ),
    minSamples: readNumber(
      query,
      'minSamples',
      DEFAULT_MIN_SAMPLES,
      (v) => Number.isInteger(v) && v >= 2,
      'a whole number of requests per side, 2 or more',
    ),
  };
}

function mustRead(query: QueryParams, name: string): string {
  const value = readParam(query, name);
  if (value === undefined) {
    throw badParam(`'by' needs '${name}'`);
  }
  return value;
}

function mustOrder(
  startMicros: number,
  endMicros: number,
  side: string,
): TimeWindowMicros {
  if (startMicros >= endMicros) {
    throw badParam(
      `'${side}Start' (${startMicros}) must be before '${side}End' (${endMicros})`,
    );
  }
  return { startMicros, endMicros };
}

function readNumber(
  query: QueryParams,
  name: string,
  fallback: number,
  valid: (v: number) => boolean,
  range: string,
): number {
  const text = readParam(query, name);
  if (text === undefined) {
    return fallback;
  }
  const value = /^[0-9.eE+-]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || !valid(value)) {
    throw badParam(`'${name}' must be ${range}, got "${text}"`);
  }
  return value;
}
