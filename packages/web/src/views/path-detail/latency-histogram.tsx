/** The path's latency histogram, fetched from `/api/paths/:key/histogram` for the same window. */
import type { SummaryStats } from '../../api/api-types.js';
import { useApi } from '../../api/use-api.js';
import { EChart } from '../../components/echart.js';
import {
  ErrorMessage,
  StatusMessage,
} from '../../components/status-message.js';
import { formatMicros } from '../../format/format-units.js';
import {
  buildHistogramOption,
  listPercentileMarks,
} from './histogram-option.js';

export function LatencyHistogram(props: {
  readonly pathKey: string;
  readonly params: readonly [string, string][];
  readonly stats: SummaryStats;
  /** A bar was clicked: list the requests in [lower, upper). */
  readonly onSelectRange?: (lowerMicros: number, upperMicros: number) => void;
  readonly refresh?: number;
}) {
  const histogram = useApi(
    JSON.stringify([props.pathKey, props.params]),
    (client, signal) =>
      client.getPathHistogram(props.pathKey, props.params, signal),
    props.refresh,
  );
  if (histogram.status === 'loading') {
    return <StatusMessage kind="loading" title="Bucketing latencies…" />;
  }
  if (histogram.status === 'error') {
    return <ErrorMessage error={histogram.error} />;
  }
  const data = histogram.data;
  if (data.count === 0) {
    return (
      <StatusMessage kind="empty" title="No durations to plot in this window" />
    );
  }
  return (
    <div class="histogram">
      <EChart
        option={buildHistogramOption(histogram.data, props.stats)}
        label={`Latency histogram of ${histogram.data.count} requests with p50, p95 and p99 marked`}
        testId="latency-histogram"
        onReady={(chart) =>
          chart.on('click', (event: unknown) => {
            const index = (event as { dataIndex?: number }).dataIndex;
            const bucket =
              index === undefined ? undefined : data.buckets[index];
            if (bucket !== undefined) {
              props.onSelectRange?.(bucket.lowerMicros, bucket.upperMicros);
            }
          })
        }
      />
      <p class="muted chart-hint">Click a bar to list its requests below.</p>
      <ul
        class="histogram-legend"
        aria-label="Percentiles marked on the histogram"
        data-testid="histogram-legend"
      >
        {listPercentileMarks(props.stats).map((mark) => (
          <li key={mark.name}>
            <span
              class="legend-line"
              style={{ borderColor: mark.color }}
              aria-hidden="true"
            />
            {mark.name} {formatMicros(mark.micros)}
          </li>
        ))}
      </ul>
    </div>
  );
}
