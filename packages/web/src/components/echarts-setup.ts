/**
 * The parts of ECharts the views draw: bar charts, axes, tooltips, legends,
 * percentile mark lines, and the SVG renderer (labels stay text, scaling
 * stays crisp). Imported by name so the bundle holds nothing else; loaded
 * on demand by load-echarts.ts.
 */
import { BarChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import type { EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

export function initChart(element: HTMLElement): EChartsType {
  return init(element, undefined, { renderer: 'svg' });
}
