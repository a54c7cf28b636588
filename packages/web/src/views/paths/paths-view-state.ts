/** The Paths view's own URL parameters: `groupBy`, `sort`, `dir`, `q` (filter text). */
import { PATH_COLUMNS } from './path-rows.js';
import type { PathColumn, SortDirection } from './path-rows.js';

export interface PathsViewState {
  readonly groupBy: 'path' | 'shape';
  readonly sort: PathColumn;
  readonly direction: SortDirection;
  readonly filter: string;
}

export const DEFAULT_PATHS_VIEW: PathsViewState = {
  groupBy: 'path',
  sort: 'p95',
  direction: 'desc',
  filter: '',
};

export function parsePathsViewState(query: URLSearchParams): PathsViewState {
  const groupBy = query.get('groupBy');
  const sort = query.get('sort');
  const dir = query.get('dir');
  return {
    groupBy: groupBy === 'shape' ? 'shape' : 'path',
    sort: (PATH_COLUMNS as readonly string[]).includes(sort ?? '')
      ? (sort as PathColumn)
      : DEFAULT_PATHS_VIEW.sort,
    direction: dir === 'asc' || dir === 'desc' ? dir : defaultDirection(sort),
    filter: query.get('q') ?? '',
  };
}

export function formatPathsViewParams(
  state: PathsViewState,
): Record<string, string | undefined> {
  return {
    groupBy: state.groupBy,
    sort: state.sort,
    dir: state.direction,
    q: state.filter === '' ? undefined : state.filter,
  };
}

/** Names sort A→Z first, numbers largest first. */
export function defaultDirection(column: string | null): SortDirection {
  return column === 'key' ? 'asc' : 'desc';
}
