/**
 * A path's requests over the window in one row of the Paths table: request
 * rate as bars, p95 latency as a line, buckets with errors marked red. One
 * SVG of a few dozen marks per row (an ECharts instance per row would cost
 * far more); the tooltip says what the marks show.
 */
import type { PathSeries } from '../../api/api-types.js';
import { Tooltip } from '../../components/tooltip.js';
import {
  formatCount,
  formatInterval,
  formatMicros,
  formatRate,
} from '../../format/format-units.js';

const WIDTH = 120;
const HEIGHT = 24;

/** One line for the tooltip and screen readers. */
export function describeSeries(series: PathSeries, stepMicros: number): string {
  const busy = series.points.filter((p) => p.count > 0);
  if (busy.length === 0) {
    return 'No requests in the window';
  }
  const rates = busy.map((p) => p.ratePerSecond);
  const p95s = busy.map((p) => p.p95Micros ?? 0);
  const errors = busy.reduce((n, p) => n + p.errors, 0);
  return [
    `${series.points.length} buckets of ${formatInterval(stepMicros)}`,
    `rate ${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))}`,
    `p95 ${formatMicros(Math.min(...p95s))}–${formatMicros(Math.max(...p95s))}`,
    `${formatCount(errors)} ${errors === 1 ? 'error' : 'errors'}`,
  ].join(' · ');
}

export function PathSparkline(props: {
  readonly series: PathSeries;
  readonly stepMicros: number;
}) {
  const { points } = props.series;
  const n = Math.max(points.length, 1);
  const barWidth = WIDTH / n;
  const maxRate = Math.max(...points.map((p) => p.ratePerSecond), 1e-9);
  const p95s = points.map((p) => p.p95Micros);
  const maxP95 = Math.max(...p95s.map((v) => v ?? 0), 1e-9);
  const line: string[] = [];
  p95s.forEach((v, i) => {
    if (v !== null) {
      const x = (i + 0.5) * barWidth;
      const y = HEIGHT - 1 - (v / maxP95) * (HEIGHT - 3);
      line.push(
        `${line.length === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`,
      );
    }
  });
  const text = describeSeries(props.series, props.stepMicros);
  return (
    <Tooltip text={text} class="sparkline-anchor">
      <svg
        class="sparkline"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Requests over time: ${text}`}
        data-testid="path-sparkline"
      >
        {points.map((p, i) =>
          p.count === 0 ? null : (
            <rect
              key={i}
              class={p.errors > 0 ? 'spark-bar spark-error' : 'spark-bar'}
              x={i * barWidth + 0.3}
              width={Math.max(barWidth - 0.6, 0.4)}
              y={HEIGHT - (p.ratePerSecond / maxRate) * (HEIGHT - 2)}
              height={(p.ratePerSecond / maxRate) * (HEIGHT - 2)}
            />
          ),
        )}
        {line.length > 0 && <path class="spark-line" d={line.join(' ')} />}
      </svg>
    </Tooltip>
  );
}
