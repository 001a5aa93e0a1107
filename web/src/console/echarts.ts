/**
 * ECharts for the charts view only, loaded by its `import()`: the core and the parts the charts use
 * (never the full package), so the console's first load carries none of it.
 */
import { init, use } from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  PieChart,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export { init };

/** What the charts view needs of the module: a chart on an element. */
export interface ChartLibrary {
  init: typeof init;
}
