/**
 * Path detail's request filter as URL parameters, named as the API names
 * them: `minDuration`/`maxDuration` (Go durations), `errors=true`,
 * `position` (a hop along the path; absent: the whole request), `orderBy`
 * (duration, start) and `limit`. A histogram bar sets the duration bounds.
 */
export const REQUEST_LIMITS = [20, 100, 500, 1500] as const;
export const DEFAULT_REQUEST_LIMIT = 20;

export interface RequestFilter {
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly errors: boolean;
  readonly position: number | null;
  readonly orderBy: 'duration' | 'start';
  readonly limit: number;
}

export const REQUEST_FILTER_KEYS = [
  'minDuration',
  'maxDuration',
  'errors',
  'position',
  'orderBy',
  'limit',
] as const;

export function parseRequestFilter(query: URLSearchParams): RequestFilter {
  const position = query.get('position');
  const limit = Number(query.get('limit'));
  return {
    minDuration: query.get('minDuration') ?? '',
    maxDuration: query.get('maxDuration') ?? '',
    errors: query.get('errors') === 'true',
    position:
      position !== null && /^\d+$/.test(position) ? Number(position) : null,
    orderBy: query.get('orderBy') === 'start' ? 'start' : 'duration',
    limit: (REQUEST_LIMITS as readonly number[]).includes(limit)
      ? limit
      : DEFAULT_REQUEST_LIMIT,
  };
}

/** URL changes for a filter (defaults removed). */
export function formatRequestFilter(
  filter: RequestFilter,
): Record<string, string | undefined> {
  return {
    minDuration: filter.minDuration === '' ? undefined : filter.minDuration,
    maxDuration: filter.maxDuration === '' ? undefined : filter.maxDuration,
    errors: filter.errors ? 'true' : undefined,
    position: filter.position === null ? undefined : String(filter.position),
    orderBy: filter.orderBy === 'duration' ? undefined : filter.orderBy,
    limit:
      filter.limit === DEFAULT_REQUEST_LIMIT ? undefined : String(filter.limit),
  };
}

/** The API's parameters for a filter. */
export function toRequestParams(filter: RequestFilter): [string, string][] {
  const params: [string, string][] = [];
  for (const [key, value] of Object.entries(formatRequestFilter(filter))) {
    if (value !== undefined) {
      params.push([key, value]);
    }
  }
  if (!params.some(([k]) => k === 'limit')) {
    params.push(['limit', String(filter.limit)]);
  }
  return params;
}

/** Whether the filter narrows anything (else it lists the slowest requests). */
export function isFiltered(filter: RequestFilter): boolean {
  return (
    filter.minDuration !== '' ||
    filter.maxDuration !== '' ||
    filter.errors ||
    filter.position !== null
  );
}
