import { flushPromises } from '@vue/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { createApi } from '../../../web/src/api/client';
import ChartsView from '../../../web/src/console/views/ChartsView.vue';
import type { ChartLibrary } from '../../../web/src/console/echarts';
import type { ChartOption } from '../../../web/src/console/stats-charts';
import { button, fakeConsole, mountView } from './console-harness';
import { STATS } from './stats-fixture';

/** A stand-in for ECharts: records the charts drawn and the options they were given. */
function fakeLibrary() {
  const drawn: { element: HTMLElement; options: ChartOption[] }[] = [];
  const library: ChartLibrary = {
    init: ((element: HTMLElement) => {
      const chart = { element, options: [] as ChartOption[] };
      drawn.push(chart);
      return {
        setOption: (option: ChartOption) => void chart.options.push(option),
        resize: () => undefined,
        dispose: () => undefined,
      };
    }) as unknown as ChartLibrary['init'],
  };
  return { library, drawn };
}

const routes = {
  'GET /stats/requests': { body: STATS },
  'GET /district': {
    body: {
      categories: [
        { code: 'repair', name: '维修' },
        { code: 'noise', name: '噪音扰民' },
      ],
    },
  },
};

describe('the charts view', () => {
  it('loads the chart library itself, once, and draws each chart from the stats answer', async () => {
    const { context, of } = fakeConsole(routes);
    const { library, drawn } = fakeLibrary();
    const loadLibrary = vi.fn(async () => library);
    await mountView(ChartsView, context, { loadLibrary });

    expect(loadLibrary).toHaveBeenCalledTimes(1);
    expect(of('GET', '/stats/requests')[0]?.query).toEqual({ from: '2026-10-08', to: '2026-12-02' });
    expect(drawn).toHaveLength(4);
    const weekly = drawn.find((chart) => chart.element.closest('figure')?.textContent?.includes('周趋势'));
    expect(weekly?.options.at(-1)?.dataset).toEqual({
      source: [
        ['', '维修', '噪音扰民'],
        ['第47周', 3, 2],
        ['第48周', 4, 0],
      ],
    });
  });

  it('gives every chart a caption and a data table on request', async () => {
    const { context } = fakeConsole(routes);
    const wrapper = await mountView(ChartsView, context, { loadLibrary: async () => fakeLibrary().library });

    expect(wrapper.findAll('figure figcaption h2').map((title) => title.text())).toEqual([
      '各网格时限达标率',
      '接单用时分布',
      '各类诉求周趋势',
      '各层级上报次数',
    ]);
    expect(wrapper.find('[role="img"]').attributes('aria-label')).toContain('按时接单与按时办结的比例');
    expect(wrapper.find('table').exists()).toBe(false);

    const toggle = wrapper.findAll('button').find((candidate) => candidate.text() === '显示数据表')!;
    await toggle.trigger('click');
    expect(toggle.attributes('aria-expanded')).toBe('true');
    const rows = wrapper
      .findAll('table tbody tr')
      .map((row) => row.findAll('th, td').map((cell) => cell.text()));
    expect(rows).toEqual([
      ['幸福里一网格', '100%', '75%'],
      ['C1 未分网格', '—', '—'],
    ]);
  });

  it('asks again for the subtree typed, and shows the API’s refusal', async () => {
    const { context, of } = fakeConsole({
      ...routes,
      'GET /stats/requests': (sent) =>
        sent.query.node
          ? { status: 403, body: { status: 403, detail: 'Node G9 is outside the area you serve as staff.' } }
          : { body: STATS },
    });
    const wrapper = await mountView(ChartsView, context, { loadLibrary: async () => fakeLibrary().library });
    await wrapper.find('#charts-node').setValue('G9');
    await button(wrapper, '刷新').trigger('click');
    await new Promise((resolve) => setTimeout(resolve, 0));
    await wrapper.vm.$nextTick();

    expect(of('GET', '/stats/requests').at(-1)?.query.node).toBe('G9');
    expect(wrapper.text()).toContain('您没有权限进行此操作');
  });

  it('keeps the answer to the window asked last when an earlier one answers late', async () => {
    const { context } = fakeConsole(routes);
    let answerFirst = () => {};
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(new Request(input, init).url);
      const node = url.searchParams.get('node');
      if (url.pathname === '/stats/requests' && !node) await firstAnswered;
      const body =
        url.pathname === '/stats/requests'
          ? { ...STATS, totals: { ...STATS.totals, raised: node ? 1 : 9 } }
          : { categories: [] };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    };
    context.api = createApi({ baseUrl: 'https://api.test', fetch: fetch as typeof globalThis.fetch });
    const wrapper = await mountView(ChartsView, context, { loadLibrary: async () => fakeLibrary().library });
    await wrapper.find('#charts-node').setValue('G1');
    await flushPromises();
    answerFirst();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 0));

    expect(wrapper.text()).toContain('共提交 1 件');
  });
});
