import type { Micros } from '@pathprof/model';
import type { TimeWindow } from './build-search-urls.js';

/** The longest span of time one request covers. */
export const DEFAULT_WINDOW_MICROS: Micros = 15 * 60 * 1_000_000;
/** The most traces one request asks for, so no single answer is huge. */
export const DEFAULT_MAX_TRACES_PER_REQUEST = 100;
const MIN_WINDOW_MICROS: Micros = 1_000_000;
/** Past ~10 days of 15-min windows, windows grow instead of multiplying. */
const MAX_RANGE_WINDOWS = 1000;

/**
 * Cuts [start, end] into equal, chronological windows, enough that none is
 * longer than `windowMicros` and that `limit` traces fit at
 * `maxTracesPerRequest` per window, but none shorter than 1 s. The range
 * alone asks for at most 1000 windows (a 30-day range gets 43-min windows):
 *
 *   3h, limit 1000, 15 min, 100/request  →  12 windows of 15 min
 *   1h, limit 1000, 15 min, 100/request  →  10 windows of 6 min
 *
 * Neighbouring windows share their boundary µs; the reader drops the
 * duplicate traces that this (and traces spanning a boundary) produce.
 */
export function planTimeWindows(
  startMicros: Micros,
  endMicros: Micros,
  limit: number,
  windowMicros: Micros = DEFAULT_WINDOW_MICROS,
  maxTracesPerRequest: number = DEFAULT_MAX_TRACES_PER_REQUEST,
): TimeWindow[] {
  const range = endMicros - startMicros;
  const wanted = Math.max(
    Math.min(Math.ceil(range / windowMicros), MAX_RANGE_WINDOWS),
    Math.ceil(limit / maxTracesPerRequest),
    1,
  );
  const count = Math.max(
    1,
    Math.min(wanted, Math.floor(range / MIN_WINDOW_MICROS)),
  );
  const windows: TimeWindow[] = [];
  for (let i = 0; i < count; i++) {
    windows.push({
      startMicros: startMicros + Math.round((range * i) / count),
      endMicros: startMicros + Math.round((range * (i + 1)) / count),
    });
  }
  return windows;
}

/**
 * How many traces to ask of window `index`: the budget left spread evenly over
 * the windows left (so sparse early windows leave more for later ones), capped
 * per request.
 */
export function planWindowLimit(
  remaining: number,
  index: number,
  windowCount: number,
  maxTracesPerRequest: number = DEFAULT_MAX_TRACES_PER_REQUEST,
): number {
  return Math.max(
    1,
    Math.min(maxTracesPerRequest, Math.ceil(remaining / (windowCount - index))),
  );
}
