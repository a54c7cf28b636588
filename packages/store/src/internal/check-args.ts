import type { StreamTracesOptions, TimeWindow } from '../span-store.js';
import { badQuery } from './normalise-query.js';

/** Page size of `streamTraces` when the caller names none. */
const DEFAULT_STREAM_PAGE_SIZE = 1000;

export function checkStreamArgs(
  window: TimeWindow,
  options: StreamTracesOptions,
): number {
  if (
    !isFiniteNumber(window.startMicros) ||
    !isFiniteNumber(window.endMicros)
  ) {
    throw badQuery('the window needs finite startMicros and endMicros');
  }
  const pageSize = options.pageSize ?? DEFAULT_STREAM_PAGE_SIZE;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) {
    throw badQuery('pageSize must be an integer of at least 1');
  }
  return pageSize;
}

export function checkDependencyArgs(
  endMicros: number,
  lookbackMicros: number,
): void {
  if (
    !isFiniteNumber(endMicros) ||
    !isFiniteNumber(lookbackMicros) ||
    lookbackMicros < 0
  ) {
    throw badQuery(
      'endMicros must be finite and lookbackMicros finite and at least 0',
    );
  }
}

export function checkCutoff(cutoffMicros: number): void {
  if (!isFiniteNumber(cutoffMicros)) {
    throw badQuery('the cutoff must be a finite number of microseconds');
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
