/**
 * Click-to-sort for a table whose order is the view's own business (not kept
 * in the URL): a column, a direction, and the rows sorted by the column's
 * value. Missing values (null) go last either way; ties keep the input order.
 */
import { useState } from 'preact/hooks';

export type SortDirection = 'asc' | 'desc';
export type SortValue = number | string | null;

export interface TableSort<R, C extends string> {
  readonly rows: R[];
  readonly column: C;
  readonly direction: SortDirection;
  readonly onSort: (column: C) => void;
}

export function sortRows<R, C extends string>(
  rows: readonly R[],
  value: (row: R, column: C) => SortValue,
  column: C,
  direction: SortDirection,
): R[] {
  const sign = direction === 'asc' ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: value(row, column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      }
      const order = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return order === 0 ? a.i - b.i : sign * order;
    })
    .map((x) => x.row);
}

export function useTableSort<R, C extends string>(
  rows: readonly R[],
  value: (row: R, column: C) => SortValue,
  initial: { column: C; direction: SortDirection },
  /** Columns that sort A→Z first; the rest largest first. */
  textColumns: readonly C[] = [],
): TableSort<R, C> {
  const [state, setState] = useState(initial);
  return {
    rows: sortRows(rows, value, state.column, state.direction),
    column: state.column,
    direction: state.direction,
    onSort: (column) =>
      setState((s) => ({
        column,
        direction:
          s.column === column
            ? s.direction === 'asc'
              ? 'desc'
              : 'asc'
            : textColumns.includes(column)
              ? 'asc'
              : 'desc',
      })),
  };
}
