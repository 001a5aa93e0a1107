import { describe, expect, it } from 'vitest';
import { chartsOf, optionOf, type ChartData } from '../../../web/src/console/stats-charts';
import { STATS } from './stats-fixture';

const charts = chartsOf(STATS, { repair: '维修', noise: '噪音扰民' });
const chart = (id: ChartData['id']) => charts.find((candidate) => candidate.id === id)!;

describe('the stats answer as chart series', () => {
  it('gives SLA compliance by grid in percent, named grids, and no share where nothing closed', () => {
    expect(chart('sla-by-grid')).toMatchObject({
      unit: '%',
      labels: ['幸福里一网格', 'C1 未分网格'],
      series: [
        { name: '按时接单率', values: [100, null] },
        { name: '按时办结率', values: [75, null] },
      ],
    });
  });

  it('labels the time-to-acknowledge buckets as spans, the last as what took longer', () => {
    expect(chart('time-to-acknowledge')).toMatchObject({
      labels: ['15分钟内', '15分钟–1小时', '1小时–1天', '超过1天'],
      series: [{ name: '诉求数', values: [2, 1, 1, 1] }],
    });
    expect(chart('time-to-acknowledge').caption).toContain('5 件');
  });

  it('gives one line per category over the weeks, by the district’s names', () => {
    expect(chart('categories-by-week')).toMatchObject({
      kind: 'line',
      labels: ['第47周', '第48周'],
      series: [
        { name: '维修', values: [3, 4] },
        { name: '噪音扰民', values: [2, 0] },
      ],
    });
  });

  it('falls back to the category code before the district names it', () => {
    expect(chartsOf(STATS)[2]?.series.map((series) => series.name)).toEqual(['repair', 'noise']);
  });

  it('names the levels escalated to, and says the total in the caption', () => {
    const escalations = chart('escalations-by-level');
    expect(escalations.labels).toEqual(['楼栋长', '网格长', '社区', '街道']);
    expect(escalations.series[0]?.values).toEqual([2, 1, 0, 0]);
    expect(escalations.caption).toContain('共上报 3 次');
  });
});

describe('a chart as an ECharts option', () => {
  it('puts the rows in a dataset with one bar series per column', () => {
    const option = optionOf(chart('sla-by-grid'));
    expect(option.dataset).toEqual({
      source: [
        ['', '按时接单率', '按时办结率'],
        ['幸福里一网格', 100, 75],
        ['C1 未分网格', null, null],
      ],
    });
    expect(option.series).toEqual([{ type: 'bar' }, { type: 'bar' }]);
    expect(option.yAxis).toMatchObject({ max: 100 });
  });

  it('draws the escalations as a pie of names and counts', () => {
    expect(optionOf(chart('escalations-by-level')).series).toEqual([
      expect.objectContaining({ type: 'pie', encode: { itemName: 0, value: 1 } }),
    ]);
  });
});
