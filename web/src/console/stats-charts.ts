import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { components } from '../api/schema';
import { LEVEL_NAMES, nameOf } from '../common/labels';

/**
 * What `GET /stats/requests` answers (the console-api contract): a window of days over a subtree,
 * added up for the four charts. Shares are 0..1, null when nothing closed.
 */
export type RequestStats = components['schemas']['RequestStats'];

/**
 * One chart, as data: the rows along its axis (`labels`), one or more series of values, and the
 * sentence that says what it shows (the caption, read by screen readers; the table shows the rest).
 */
export interface ChartData {
  id: 'sla-by-grid' | 'time-to-acknowledge' | 'categories-by-week' | 'escalations-by-level';
  title: string;
  caption: string;
  kind: 'bar' | 'line' | 'pie';
  unit: '%' | '件';
  labels: string[];
  series: { name: string; values: (number | null)[] }[];
}

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);

/** A duration in the largest whole unit: 15分钟, 2小时, 1天. */
function span(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return `${minutes}分钟`;
  return minutes % 1440 === 0 ? `${minutes / 1440}天` : `${minutes / 60}小时`;
}

/** A bucket counts what took longer than the bound before it and at most its own. */
function bucketLabels(bounds: readonly (number | null)[]): string[] {
  const known = bounds.filter((bound) => bound !== null);
  return bounds.map((bound) => {
    if (bound === null) return known.length > 0 ? `超过${span(Math.max(...known))}` : '全部';
    const previous = known[known.indexOf(bound) - 1];
    return previous === undefined ? `${span(bound)}内` : `${span(previous)}–${span(bound)}`;
  });
}

function slaByGrid(stats: RequestStats): ChartData {
  const rows = stats.slaByGrid;
  return {
    id: 'sla-by-grid',
    title: '各网格时限达标率',
    caption:
      `${stats.from} 至 ${stats.to},${rows.length} 个网格已办结的诉求中,按时接单与按时办结的比例(%)。` +
      '没有办结诉求的网格不计比例。',
    kind: 'bar',
    unit: '%',
    labels: rows.map((row) => row.name ?? row.grid ?? `${row.communityId} 未分网格`),
    series: [
      { name: '按时接单率', values: rows.map((row) => percent(row.acknowledgedOnTimeShare)) },
      { name: '按时办结率', values: rows.map((row) => percent(row.resolvedOnTimeShare)) },
    ],
  };
}

function timeToAcknowledge(stats: RequestStats): ChartData {
  const buckets = stats.timeToAcknowledge;
  const counted = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  return {
    id: 'time-to-acknowledge',
    title: '接单用时分布',
    caption: `${stats.from} 至 ${stats.to} 接单的 ${counted} 件诉求,按从提交到接单所用的时间分组。`,
    kind: 'bar',
    unit: '件',
    labels: bucketLabels(buckets.map((bucket) => bucket.withinMinutes)),
    series: [{ name: '诉求数', values: buckets.map((bucket) => bucket.count) }],
  };
}

function categoriesByWeek(stats: RequestStats, categoryNames: Record<string, string>): ChartData {
  const weeks = stats.categoriesByWeek;
  const codes = [...new Set(weeks.flatMap((week) => Object.keys(week.counts)))];
  return {
    id: 'categories-by-week',
    title: '各类诉求周趋势',
    caption: `${stats.from} 至 ${stats.to} 每周提交的诉求,按类别(共 ${stats.totals.raised} 件)。`,
    kind: 'line',
    unit: '件',
    labels: weeks.map((week) => week.week.replace(/^\d{4}-W0?(\d+)$/, '第$1周')),
    series: codes.map((code) => ({
      name: nameOf(categoryNames, code),
      values: weeks.map((week) => week.counts[code] ?? 0),
    })),
  };
}

function escalationsByLevel(stats: RequestStats): ChartData {
  const levels = stats.escalationsByLevel;
  const total = levels.reduce((sum, level) => sum + level.count, 0);
  return {
    id: 'escalations-by-level',
    title: '各层级上报次数',
    caption: `${stats.from} 至 ${stats.to} 共上报 ${total} 次,按上报到的层级。`,
    kind: 'pie',
    unit: '件',
    labels: levels.map((level) => nameOf(LEVEL_NAMES, level.level)),
    series: [{ name: '上报次数', values: levels.map((level) => level.count) }],
  };
}

/** The four charts of a stats answer; category codes named by the district (the code when unnamed). */
export function chartsOf(stats: RequestStats, categoryNames: Record<string, string> = {}): ChartData[] {
  return [
    slaByGrid(stats),
    timeToAcknowledge(stats),
    categoriesByWeek(stats, categoryNames),
    escalationsByLevel(stats),
  ];
}

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | DatasetComponentOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/** The ECharts option of a chart: its rows as a dataset, one series per column. */
export function optionOf(chart: ChartData): ChartOption {
  const source = [
    ['', ...chart.series.map((series) => series.name)],
    ...chart.labels.map((label, row) => [label, ...chart.series.map((series) => series.values[row] ?? null)]),
  ];
  if (chart.kind === 'pie') {
    return {
      dataset: { source },
      tooltip: {},
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], encode: { itemName: 0, value: 1 } }],
    };
  }
  return {
    dataset: { source },
    tooltip: { trigger: 'axis' },
    // The legend above the plot, clear of the axis labels below it.
    legend: { top: 0 },
    grid: { top: 40, left: 48, right: 16, bottom: 32 },
    xAxis: { type: 'category' },
    yAxis: {
      type: 'value',
      // Counts are whole requests; shares end at 100%.
      ...(chart.unit === '%' ? { max: 100, axisLabel: { formatter: '{value}%' } } : { minInterval: 1 }),
    },
    series: chart.series.map(() => ({ type: chart.kind === 'line' ? 'line' : 'bar' })),
  };
}
