/** A path's headline numbers as a description list. */
import type { PathProfile } from '../../api/api-types.js';
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatPercent,
  formatRate,
} from '../../format/format-units.js';

/** Rate is per second over the time the window's traces cover. */
export function PathSummary(props: { readonly path: PathProfile }) {
  const { path } = props;
  const items: [string, string][] = [
    ['Requests', formatCount(path.count)],
    ['Rate', formatRate(path.ratePerSecond)],
    ['Errors', formatPercent(path.errors, path.count)],
    ['p50', formatMicros(path.durationMicros.p50)],
    ['p95', formatMicros(path.durationMicros.p95)],
    ['p99', formatMicros(path.durationMicros.p99)],
    ['Own branch p50', formatMicros(path.branchMicros.p50)],
    ['CPU p50', formatMicros(path.cpuMicros?.p50)],
    ['Memory p50', formatBytes(path.memoryBytes?.p50)],
    ['Incomplete', formatCount(path.incomplete)],
  ];
  return (
    <dl class="summary-grid">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
