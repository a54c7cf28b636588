/**
 * Duration over time, one dot per request or trace (Jaeger's search
 * scatter): x the start, y the duration, red dots for errors. The dot's
 * data carries its trace id, for the click that opens it.
 */
import type { EChartsCoreOption } from 'echarts/core';
import { formatMicros, formatTimestamp } from '../format/format-units.js';

export interface ScatterPoint {
  readonly traceId: string;
  readonly startMicros: number;
  readonly durationMicros: number;
  readonly error: boolean;
  /** A short name for the tooltip (the trace's root, or the path). */
  readonly label?: string;
}

export function buildDurationScatterOption(
  points: readonly ScatterPoint[],
): EChartsCoreOption {
  const data = (error: boolean) =>
    points
      .filter((p) => p.error === error)
      .map((p) => ({
        value: [p.startMicros / 1000, p.durationMicros / 1000],
        traceId: p.traceId,
        label: p.label ?? '',
        startMicros: p.startMicros,
        durationMicros: p.durationMicros,
      }));
  return {
    grid: { left: 64, right: 24, top: 24, bottom: 32 },
    legend: { top: 0, right: 8 },
    tooltip: {
      trigger: 'item',
      formatter: (item: unknown) => {
        const d = (
          item as {
            data: {
              traceId: string;
              label: string;
              startMicros: number;
              durationMicros: number;
            };
          }
        ).data;
        return `${d.label === '' ? '' : `${d.label}<br>`}${formatMicros(d.durationMicros)} at ${formatTimestamp(d.startMicros)}<br><code>${d.traceId}</code>`;
      },
    },
    xAxis: { type: 'time' },
    yAxis: {
      type: 'value',
      name: 'duration',
      axisLabel: { formatter: (v: number) => formatMicros(v * 1000) },
    },
    series: [
      {
        name: 'OK',
        type: 'scatter',
        symbolSize: 9,
        itemStyle: { color: '#255fa8', opacity: 0.75 },
        data: data(false),
      },
      {
        name: 'Error',
        type: 'scatter',
        symbolSize: 9,
        itemStyle: { color: '#b3261e', opacity: 0.85 },
        data: data(true),
      },
    ],
  };
}
