/** The hops of a path in call order, with the medians the chart draws plus memory and critical-path share. */
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatShare,
} from '../../format/format-units.js';
import type { HopBreakdownRow } from './hop-breakdown.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { useTableSort } from '../../components/use-table-sort.js';

/** `1`, or `10 serial` / `4 parallel` by the calls' overlap. */
function formatCalls(r: HopBreakdownRow): string {
  if (r.callsP50 <= 1) {
    return formatCount(Math.round(r.callsP50));
  }
  const how = r.overlapP50 >= 1.5 ? 'parallel' : 'serial';
  return `${formatCount(Math.round(r.callsP50))} ${how}`;
}

type Column =
  | 'position'
  | 'label'
  | 'calls'
  | 'errors'
  | 'duration'
  | 'self'
  | 'waiting'
  | 'cpu'
  | 'memory'
  | 'critical';

export function HopsTable(props: {
  readonly rows: readonly HopBreakdownRow[];
}) {
  const sort = useTableSort<HopBreakdownRow, Column>(
    props.rows,
    (r, c) =>
      ({
        position: r.position,
        label: r.label,
        calls: r.callsP50,
        errors: r.errors,
        duration: r.durationP50Micros,
        self: r.selfP50Micros,
        waiting: r.waitingP50Micros,
        cpu: r.cpuP50Micros,
        memory: r.memoryP50Bytes,
        critical: r.criticalShareP50,
      })[c],
    { column: 'position', direction: 'asc' },
    ['position', 'label'],
  );
  const rows = sort.rows;
  const header = (
    column: Column,
    label: string,
    title?: string,
    numeric = true,
  ) => (
    <SortableHeader
      column={column}
      label={label}
      {...(title === undefined ? {} : { title })}
      sort={sort.column}
      direction={sort.direction}
      numeric={numeric}
      onSort={sort.onSort}
    />
  );
  return (
    <div class="table-scroll">
      <table class="data-table hops-table">
        <caption class="visually-hidden">
          Hops of the path in call order
        </caption>
        <thead>
          <tr>
            {header('position', '#')}
            {header('label', 'Hop', undefined, false)}
            {header(
              'calls',
              'Calls',
              'Calls per request (p50): serial when one after another, parallel when side by side',
            )}
            {header('errors', 'Errors')}
            {header('duration', 'Duration p50')}
            {header('self', 'Self p50')}
            {header(
              'waiting',
              'Waiting p50',
              'duration − CPU, which includes the time spent in callees',
            )}
            {header('cpu', 'CPU p50')}
            {header('memory', 'Memory p50')}
            {header(
              'critical',
              'Critical path',
              "Share of the trace's critical path (p50 / p95)",
              false,
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.position}>
              <td class="num">{r.position + 1}</td>
              <th scope="row">
                <code>{r.label}</code>
              </th>
              <td class="num">{formatCalls(r)}</td>
              <td class={`num${r.errors > 0 ? ' bad' : ''}`}>
                {formatCount(r.errors)}
              </td>
              <td class="num">{formatMicros(r.durationP50Micros)}</td>
              <td class="num">{formatMicros(r.selfP50Micros)}</td>
              <td class="num">{formatMicros(r.waitingP50Micros)}</td>
              <td class="num">{formatMicros(r.cpuP50Micros)}</td>
              <td class="num">{formatBytes(r.memoryP50Bytes)}</td>
              <td>
                <span class="share-bar" aria-hidden="true">
                  <span
                    style={{
                      width: `${Math.round(r.criticalShareP50 * 100)}%`,
                    }}
                  />
                </span>
                {formatShare(r.criticalShareP50)}{' '}
                <span class="muted">/ {formatShare(r.criticalShareP95)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
