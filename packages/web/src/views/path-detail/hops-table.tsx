/** The hops of a path in call order, with the medians the chart draws plus memory and critical-path share. */
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatShare,
} from '../../format/format-units.js';
import type { HopBreakdownRow } from './hop-breakdown.js';

/** `1`, or `10 serial` / `4 parallel` by the calls' overlap. */
function formatCalls(r: HopBreakdownRow): string {
  if (r.callsP50 <= 1) {
    return formatCount(Math.round(r.callsP50));
  }
  const how = r.overlapP50 >= 1.5 ? 'parallel' : 'serial';
  return `${formatCount(Math.round(r.callsP50))} ${how}`;
}

export function HopsTable({
  rows,
}: {
  readonly rows: readonly HopBreakdownRow[];
}) {
  return (
    <div class="table-scroll">
      <table class="data-table hops-table">
        <caption class="visually-hidden">
          Hops of the path in call order
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              #
            </th>
            <th scope="col">Hop</th>
            <th
              scope="col"
              class="num"
              title="Calls per request (p50): serial when one after another, parallel when side by side"
            >
              Calls
            </th>
            <th scope="col" class="num">
              Errors
            </th>
            <th scope="col" class="num">
              Duration p50
            </th>
            <th scope="col" class="num">
              Self p50
            </th>
            <th
              scope="col"
              class="num"
              title="duration − CPU, which includes the time spent in callees"
            >
              Waiting p50
            </th>
            <th scope="col" class="num">
              CPU p50
            </th>
            <th scope="col" class="num">
              Memory p50
            </th>
            <th
              scope="col"
              title="Share of the trace's critical path (p50 / p95)"
            >
              Critical path
            </th>
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
