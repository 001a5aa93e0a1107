import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import StatementsView from '../../../web/src/console/views/StatementsView.vue';
import { button, fakeConsole, mountView, savedFiles } from './console-harness';

const leaderboard = {
  month: '2026-11',
  items: [
    { personId: 'p-wang', name: '王芳', communityId: 'c-xingfu', points: 86, rank: 1 },
    { personId: 'p-li', name: '=李强', communityId: 'c-heping', points: 40, rank: 2 },
  ],
};
const statement = {
  month: '2026-11',
  communityId: 'c-xingfu',
  personId: 'p-wang',
  name: '王芳',
  points: 86,
  earnedByReason: { resolved: 60, award: 26 },
  requestsHandled: 7,
  slaCompliance: 0.857,
  averageRating: 4.5,
  balance: 210,
  communityRank: 1,
  districtRank: 3,
  bonus: 20,
};

describe('the statements view', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens on last month’s district leaderboard and exports it with formulas neutralized', async () => {
    const saved = savedFiles();
    const { context, of } = fakeConsole({ 'GET /leaderboards/2026-11': { body: leaderboard } });
    const wrapper = await mountView(StatementsView, context);
    expect(of('GET', '/leaderboards/2026-11')[0]?.query).toEqual({});
    expect(wrapper.find('.el-table').text()).toContain('王芳');

    await wrapper
      .findAll('button')
      .find((candidate) => candidate.text() === '导出 CSV')!
      .trigger('click');
    const csv = await saved.get('积分排行-2026-11.csv');
    expect(csv).toBe(
      "\uFEFF名次,姓名,人员编号,社区,积分\r\n1,王芳,p-wang,c-xingfu,86\r\n2,'=李强,p-li,c-heping,40\r\n",
    );
  });

  it('says so when the month is not settled yet', async () => {
    const { context } = fakeConsole({
      'GET /leaderboards/2026-11': {
        status: 404,
        body: { status: 404, detail: '2026-11 has not been settled.' },
      },
    });
    const wrapper = await mountView(StatementsView, context);
    expect(wrapper.text()).toContain('2026-11 尚未结算');
  });

  it('shows a leader’s statement in words and percent', async () => {
    const { context, of } = fakeConsole({
      'GET /leaderboards/2026-11': { body: leaderboard },
      'GET /statements/2026-11': { body: { month: '2026-11', personId: 'p-wang', items: [statement] } },
    });
    const wrapper = await mountView(StatementsView, context);
    await wrapper.find('#statement-person').setValue('p-wang');
    await button(wrapper, '查看结算单').trigger('submit');
    await flushPromises();

    expect(of('GET', '/statements/2026-11')[0]?.query).toEqual({ personId: 'p-wang' });
    const text = wrapper.findAll('.el-table')[1]!.text();
    expect(text).toContain('办结诉求 60,社区奖励 26');
    expect(text).toContain('85.7%');
    expect(text).toContain('4.5');
  });

  it('saves the district’s summary CSV with a byte-order mark', async () => {
    const saved = savedFiles();
    const { context } = fakeConsole({
      'GET /leaderboards/2026-11': { body: leaderboard },
      'GET /settlements/2026-11/summary.csv': { text: 'month,community\n2026-11,c-xingfu\n' },
    });
    const wrapper = await mountView(StatementsView, context);
    await button(wrapper, '下载 2026-11 结算汇总表').trigger('click');
    await flushPromises();
    expect(await saved.get('结算汇总-2026-11.csv')).toBe('\uFEFFmonth,community\n2026-11,c-xingfu\n');
  });

  it('starts a settlement after the admin confirms, and shows a refusal', async () => {
    const { context, of } = fakeConsole({
      'GET /leaderboards/2026-11': { body: leaderboard },
      'POST /settlements/2026-11': {
        status: 403,
        body: { status: 403, detail: 'Only a district admin settles a month.' },
      },
    });
    const wrapper = await mountView(StatementsView, context);
    await button(wrapper, '开始结算 2026-11').trigger('click');
    await flushPromises();
    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find(
      (candidate) => candidate.textContent?.trim() === '开始结算',
    );
    confirm!.click();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(of('POST', '/settlements/2026-11')).toHaveLength(1);
    expect(document.body.textContent).toContain('您没有权限进行此操作');
  });
});
