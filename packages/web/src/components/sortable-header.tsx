/** A `<th>` whose button sorts the table; `aria-sort` tells screen readers the current order. */
import type { SortDirection } from './use-table-sort.js';

export function SortableHeader<C extends string>(props: {
  readonly column: C;
  readonly label: string;
  readonly title?: string;
  readonly sort: C;
  readonly direction: SortDirection;
  readonly numeric?: boolean;
  readonly onSort: (column: C) => void;
}) {
  const active = props.sort === props.column;
  const ariaSort = active
    ? props.direction === 'asc'
      ? 'ascending'
      : 'descending'
    : 'none';
  return (
    <th
      scope="col"
      aria-sort={ariaSort}
      class={props.numeric === true ? 'num' : undefined}
    >
      <button
        type="button"
        class="sort-button"
        title={props.title}
        onClick={() => props.onSort(props.column)}
      >
        {props.label}
        <span class="sort-mark" aria-hidden="true">
          {active ? (props.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
