/** ECharts, loaded with the first chart a view draws (see echarts-setup.ts). */
import type { EChartsType } from 'echarts/core';
import { useEffect } from 'preact/hooks';

export type EChartsInit = (element: HTMLElement) => EChartsType;

let loading: Promise<EChartsInit> | undefined;

export function loadEcharts(): Promise<EChartsInit> {
  loading ??= import('./echarts-setup.js').then((m) => m.initChart);
  return loading;
}

/**
 * Starts loading ECharts when a view with charts mounts, while it waits for
 * its data, so that the chunk is evaluated then and not in the way of the
 * view's first render once the data is in.
 */
export function usePreloadedEcharts(): void {
  useEffect(() => {
    loadEcharts().catch(() => undefined);
  }, []);
}
