/** The paths (or shapes) of the window: one sortable row each, keys linking to Path detail. */
import {
  PercentileStrip,
  computeStripScale,
} from '../../components/percentile-strip.js';
import { SortableHeader } from '../../components/sortable-header.js';
import { Tooltip } from '../../components/tooltip.js';
import type { PathSeriesReport } from '../../api/api-types.js';
import {
  formatBytes,
  formatCount,
  formatMicros,
  formatRate,
  formatShare,
} from '../../format/format-units.js';
import { buildPathDetailPath, buildUrl } from '../../state/build-url.js';
import type { PathColumn, PathRow, SortDirection } from './path-rows.js';
import { PathSparkline } from './path-sparkline.js';

const HEADERS: readonly {
  column: PathColumn;
  label: string;
  title: string;
  paths?: boolean;
}[] = [
  {
    column: 'count',
    label: 'Count',
    title: 'Requests that took this path in the window',
  },
  {
    column: 'rate',
    label: 'Rate',
    title: 'Requests per second over the window',
  },
  {
    column: 'errors',
    label: 'Errors',
    title: 'Share of requests with an error on the path',
  },
  { column: 'p50', label: 'p50', title: 'Median end-to-end latency' },
  { column: 'p95', label: 'p95', title: '95th percentile latency' },
  { column: 'p99', label: 'p99', title: '99th percentile latency' },
];

export function PathsTable(props: {
  readonly rows: readonly PathRow[];
  readonly groupBy: 'path' | 'shape';
  readonly sort: PathColumn;
  readonly direction: SortDirection;
  readonly windowParams: readonly [string, string][];
  readonly onSort: (column: PathColumn) => void;
  /** Each path over the window; undefined while loading (or for shapes). */
  readonly series?: PathSeriesReport | undefined;
}) {
  const { rows, groupBy } = props;
  const seriesOf = new Map(
    (props.series?.paths ?? []).map((p) => [p.key, p] as const),
  );
  const scale = computeStripScale(rows);
  const header = (column: PathColumn, label: string, title: string) => (
    <SortableHeader
      column={column}
      label={label}
      title={title}
      sort={props.sort}
      direction={props.direction}
      numeric={column !== 'key'}
      onSort={props.onSort}
    />
  );
  const detailLink = (key: string) =>
    buildUrl(buildPathDetailPath(key), props.windowParams);
  return (
    <div class="table-scroll">
      <table class="data-table paths-table">
        <caption class="visually-hidden">
          {groupBy === 'path' ? 'Call paths' : 'Request shapes'} in the window,
          sorted by {props.sort}
        </caption>
        <thead>
          <tr>
            {header(
              'key',
              groupBy === 'path' ? 'Path' : 'Shape',
              'Hops in call order',
            )}
            {HEADERS.map((h) => header(h.column, h.label, h.title))}
            {groupBy === 'path' && (
              <th
                scope="col"
                class="chart-head"
                title="Request rate (bars, red where a request failed) and p95 latency (line) over the window"
              >
                Over time
              </th>
            )}
            <th
              scope="col"
              class="chart-head"
              title="min–max line, p50–p95 bar, p99 tick (log scale)"
            >
              Latency spread
            </th>
            {groupBy === 'path' &&
              header('cpu', 'CPU p50', 'Median CPU time summed over the hops')}
            {groupBy === 'path' &&
              header('memory', 'Mem p50', 'Median of the largest hop memory')}
            {groupBy === 'path' && <th scope="col">Flags</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row" class="path-key">
                {groupBy === 'path' ? (
                  <a href={detailLink(row.key)}>{row.key}</a>
                ) : (
                  <div>
                    <code class="shape-key">{row.key}</code>
                    <ul class="shape-paths">
                      {row.paths.map((p) => (
                        <li key={p}>
                          <a href={detailLink(p)}>{p}</a>
                        </li>
                      ))}
                    </ul>
                  </div>
                )}
              </th>
              <td class="num">{formatCount(row.count)}</td>
              <td class="num">{formatRate(row.ratePerSecond)}</td>
              <td class={`num${row.errorShare > 0 ? ' bad' : ''}`}>
                {formatShare(row.errorShare)}
              </td>
              <td class="num">{formatMicros(row.p50Micros)}</td>
              <td class="num">{formatMicros(row.p95Micros)}</td>
              <td class="num">{formatMicros(row.p99Micros)}</td>
              {groupBy === 'path' && (
                <td class="spark-cell">
                  {(() => {
                    const series = seriesOf.get(row.key);
                    return series === undefined ? (
                      <span class="muted" aria-hidden="true">
                        {props.series === undefined ? '…' : '–'}
                      </span>
                    ) : (
                      <PathSparkline
                        series={series}
                        stepMicros={props.series!.stepMicros}
                      />
                    );
                  })()}
                </td>
              )}
              <td class="strip-cell">
                <Tooltip
                  text={`min ${formatMicros(row.minMicros)} · p50 ${formatMicros(row.p50Micros)} · p95 ${formatMicros(row.p95Micros)} · p99 ${formatMicros(row.p99Micros)} · max ${formatMicros(row.maxMicros)}`}
                >
                  <PercentileStrip
                    scale={scale}
                    minMicros={row.minMicros}
                    p50Micros={row.p50Micros}
                    p95Micros={row.p95Micros}
                    p99Micros={row.p99Micros}
                    maxMicros={row.maxMicros}
                    label={`min ${formatMicros(row.minMicros)}, p50 ${formatMicros(row.p50Micros)}, p95 ${formatMicros(row.p95Micros)}, p99 ${formatMicros(row.p99Micros)}, max ${formatMicros(row.maxMicros)}`}
                  />
                </Tooltip>
              </td>
              {groupBy === 'path' && (
                <td class="num">{formatMicros(row.cpuP50Micros)}</td>
              )}
              {groupBy === 'path' && (
                <td class="num">{formatBytes(row.memoryP50Bytes)}</td>
              )}
              {groupBy === 'path' && (
                <td class="flags">
                  {row.incomplete > 0 && (
                    <span
                      class="badge warn"
                      title={`${formatCount(row.incomplete)} requests are missing an uninstrumented hop`}
                    >
                      incomplete
                    </span>
                  )}
                  {row.anomalies > 0 && (
                    <span
                      class="badge anomaly"
                      title="Requests abnormal for this path"
                    >
                      {`${formatCount(row.anomalies)} ${row.anomalies === 1 ? 'anomaly' : 'anomalies'}`}
                    </span>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
