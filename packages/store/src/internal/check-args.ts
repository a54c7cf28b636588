import type { Micros } from '@pathprof/model';
import type {
  AppendOptions,
  StreamTracesOptions,
  TimeWindow,
} from '../span-store.js';
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

/** A store's clock: µs since the epoch. */
export type Clock = () => Micros;

/** The system clock, for stores opened without one. */
export const SYSTEM_CLOCK: Clock = () => (Date.now() * 1000) as Micros;

/** The receive time of an append, whole µs: the one given, else the store's clock now. */
export function resolveReceivedMicros(
  options: AppendOptions | undefined,
  clock: Clock,
): Micros {
  const received = options?.receivedMicros ?? clock();
  if (
    !isFiniteNumber(received) ||
    received < 0 ||
    received > Number.MAX_SAFE_INTEGER
  ) {
    throw badQuery(
      'receivedMicros must be a finite number of microseconds of at least 0',
    );
  }
  return Math.round(received) as Micros;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
