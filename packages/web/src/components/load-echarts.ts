/** ECharts, loaded with the first chart a view draws (see echarts-setup.ts). */
import type { EChartsType } from 'echarts/core';

export type EChartsInit = (element: HTMLElement) => EChartsType;

let loading: Promise<EChartsInit> | undefined;

export function loadEcharts(): Promise<EChartsInit> {
  loading ??= import('./echarts-setup.js').then((m) => m.initChart);
  return loading;
}
