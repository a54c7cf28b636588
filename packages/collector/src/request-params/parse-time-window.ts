/**
 * The `start`/`end`/`lookback` window of Jaeger's v1 search, shared by the
 * path API: `end` defaults to now, `start` to `end − lookback`. Both are µs
 * since the epoch. Jaeger's server ignores `lookback` (its UI sends it next
 * to `start`/`end`, or as `custom`); here it sets `start` when `start` is absent.
 */
import { badParam } from '../collector-error.js';
import type { Micros } from '@pathprof/model';
import type { QueryParams } from './query-params.js';
import {
  mustParseDuration,
  mustParseInteger,
  readParam,
} from './query-params.js';

export interface TimeWindowMicros {
  readonly startMicros: Micros;
  readonly endMicros: Micros;
}

export function parseTimeWindow(
  query: QueryParams,
  nowMicros: Micros,
  defaultLookbackMicros: Micros,
): TimeWindowMicros {
  const startText = readParam(query, 'start');
  const endText = readParam(query, 'end');
  const lookbackText = readParam(query, 'lookback');
  const endMicros =
    endText === undefined ? nowMicros : mustParseInteger(endText, 'end');
  const lookbackMicros =
    lookbackText === undefined || lookbackText === 'custom'
      ? defaultLookbackMicros
      : mustParseDuration(lookbackText, 'lookback');
  const startMicros =
    startText === undefined
      ? endMicros - lookbackMicros
      : mustParseInteger(startText, 'start');
  if (startMicros > endMicros) {
    throw badParam(`'start' (${startMicros}) is after 'end' (${endMicros})`);
  }
  return { startMicros, endMicros };
}
