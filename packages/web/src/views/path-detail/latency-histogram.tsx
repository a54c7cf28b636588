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
}) {
  const histogram = useApi(
    JSON.stringify([props.pathKey, props.params]),
    (client, signal) =>
      client.getPathHistogram(props.pathKey, props.params, signal),
  );
  if (histogram.status === 'loading') {
    return <StatusMessage kind="loading" title="Bucketing latencies…" />;
  }
  if (histogram.status === 'error') {
    return <ErrorMessage error={histogram.error} />;
  }
  if (histogram.data.count === 0) {
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
      />
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
