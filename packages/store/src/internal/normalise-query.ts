import type { Micros } from '@pathprof/model';
import type { SortDirection, TraceOrderBy, TraceQuery } from '../span-store.js';
import { StoreError } from '../store-error.js';

/** A checked {@link TraceQuery}: defaults applied, empty strings dropped, tags as pairs. */
export interface NormalisedQuery {
  readonly service: string | undefined;
  readonly operation: string | undefined;
  readonly tags: readonly (readonly [key: string, value: string])[];
  readonly startMin: Micros | undefined;
  readonly startMax: Micros | undefined;
  readonly durationMin: Micros | undefined;
  readonly durationMax: Micros | undefined;
  readonly limit: number;
  readonly offset: number;
  readonly orderBy: TraceOrderBy;
  readonly direction: SortDirection;
}

/** Checks a query; throws `PATHPROF_ERR_STORE_BAD_QUERY` naming the bad field. */
export function normaliseQuery(query: TraceQuery): NormalisedQuery {
  const limit = query.limit;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw badQuery('limit must be an integer of at least 1');
  }
  const offset = query.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw badQuery('offset must be an integer of at least 0');
  }
  const orderBy = query.orderBy ?? 'startTime';
  if (orderBy !== 'startTime' && orderBy !== 'duration') {
    throw badQuery("orderBy must be 'startTime' or 'duration'");
  }
  const direction = query.direction ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') {
    throw badQuery("direction must be 'asc' or 'desc'");
  }
  const startMin = optionalMicros(query.startMin, 'startMin');
  const startMax = optionalMicros(query.startMax, 'startMax');
  if (startMin !== undefined && startMax !== undefined && startMin > startMax) {
    throw badQuery('startMin is after startMax');
  }
  const durationMin = optionalMicros(query.durationMin, 'durationMin');
  const durationMax = optionalMicros(query.durationMax, 'durationMax');
  if (
    durationMin !== undefined &&
    durationMax !== undefined &&
    durationMin > durationMax
  ) {
    throw badQuery('durationMin is above durationMax');
  }
  const tags: [string, string][] = [];
  for (const [key, value] of Object.entries(query.tags ?? {})) {
    if (typeof value !== 'string') {
      throw badQuery(`the value of tag ${JSON.stringify(key)} is not a string`);
    }
    tags.push([key, value]);
  }
  return {
    service: optionalName(query.service, 'service'),
    operation: optionalName(query.operation, 'operation'),
    tags,
    startMin,
    startMax,
    durationMin,
    durationMax,
    limit,
    offset,
    orderBy,
    direction,
  };
}

function optionalMicros(value: unknown, field: string): Micros | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw badQuery(`${field} must be a finite number of microseconds`);
  }
  return value;
}

function optionalName(value: unknown, field: string): string | undefined {
  if (value === undefined || value === '') {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw badQuery(`${field} must be a string`);
  }
  return value;
}

export function badQuery(message: string): StoreError {
  return new StoreError('PATHPROF_ERR_STORE_BAD_QUERY', message);
}
