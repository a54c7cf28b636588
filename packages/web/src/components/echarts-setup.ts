/**
 * The parts of ECharts the views draw: bar, line and scatter charts, axes,
 * tooltips, legends, percentile mark lines, brushing a time range, and the SVG renderer (labels stay text, scaling
 * stays crisp). Imported by name so the bundle holds nothing else; loaded
 * on demand by load-echarts.ts.
 */
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AriaComponent,
  BrushComponent,
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
  LineChart,
  ScatterChart,
  BrushComponent,
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
