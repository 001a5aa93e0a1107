import { flushPromises } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import PointsView from '../../../web/src/console/views/PointsView.vue';
import { button, fakeConsole, mountView, type FakeAnswer } from './console-harness';

const allowance = { personId: 'P-staff', month: '2026-12', cap: 200, used: 50, remaining: 150 };
const transfer = (amount: number) => ({
  id: 'award:P-staff:k',
  from: 'issuing',
  to: 'leader:P-wang',
  amount,
  at: '2026-12-02T06:30:00.000Z',
  memo: { reasons: ['award'] },
});

async function fillAward(wrapper: Awaited<ReturnType<typeof mountView>>) {
  await wrapper.find('#award-person').setValue('P-wang');
  await wrapper.find('#award-points').setValue('20');
  await wrapper.find('#award-reason').setValue('协助疫苗接种');
}

describe('awarding points', () => {
  it('shows what the caller may still give and sends the award under an Idempotency-Key', async () => {
    const { context, of } = fakeConsole({
      'GET /points/awards/allowance': { body: allowance },
      'POST /points/awards': { status: 201, body: transfer(20) },
    });
    const wrapper = await mountView(PointsView, context);
    expect(wrapper.find('[data-testid="award-allowance"]').text()).toContain('还可发放 150 分');

    await fillAward(wrapper);
    await button(wrapper, '发放积分').trigger('submit');
    await flushPromises();

    const [sent] = of('POST', '/points/awards');
    expect(sent?.body).toEqual({ personId: 'P-wang', points: 20, reason: '协助疫苗接种' });
    expect(sent?.headers.get('idempotency-key')).toMatch(/^[\w-]{8,64}$/);
    expect(of('GET', '/points/awards/allowance')).toHaveLength(2);
  });

  it('retries the same award with the same key after a failure, and a new award with a new key', async () => {
    const answers: FakeAnswer[] = [
      { status: 503, body: { status: 503, detail: 'busy' } },
      { status: 201, body: transfer(20) },
      { status: 201, body: transfer(20) },
    ];
    const { context, of } = fakeConsole({
      'GET /points/awards/allowance': { body: allowance },
      'POST /points/awards': () => answers.shift()!,
    });
    const wrapper = await mountView(PointsView, context);
    await fillAward(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(document.body.textContent).toContain('服务暂时繁忙,请稍后再试');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    await fillAward(wrapper);
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    const keys = of('POST', '/points/awards').map((sent) => sent.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('tells someone who gives no awards so, and offers no award form', async () => {
    const { context } = fakeConsole({
      'GET /points/awards/allowance': { status: 403, body: { status: 403, detail: 'Only staff' } },
    });
    const wrapper = await mountView(PointsView, context);
    expect(wrapper.text()).toContain('只有社区、街道工作人员和区管理员可以发放积分');
    expect(wrapper.find('#award-person').exists()).toBe(false);
  });
});

describe('volunteer hours and accounts', () => {
  it('records hours worked on a day', async () => {
    const { context, of } = fakeConsole({
      'GET /points/awards/allowance': { body: allowance },
      'POST /points/volunteer-hours': { status: 201, body: transfer(15) },
    });
    const wrapper = await mountView(PointsView, context);
    await wrapper.find('#hours-person').setValue('P-li');
    await wrapper.find('#hours-hours').setValue('1.5');
    await wrapper.find('#hours-activity').setValue('楼道清扫');
    await button(wrapper, '记录时长').trigger('submit');
    await flushPromises();

    const [sent] = of('POST', '/points/volunteer-hours');
    expect(sent?.body).toEqual({ personId: 'P-li', hours: 1.5, activity: '楼道清扫', date: '2026-12-02' });
    expect(sent?.headers.get('idempotency-key')).toBeTruthy();
  });

  it('shows a leader’s balance and entries, in words', async () => {
    const { context } = fakeConsole({
      'GET /points/awards/allowance': { body: allowance },
      'GET /accounts/P-wang': {
        body: {
          personId: 'P-wang',
          account: 'leader:P-wang',
          balance: 35,
          items: [
            {
              ...transfer(20),
              transferId: 't1',
              counterparty: 'issuing',
              memo: { reasons: ['award'], note: '协助' },
            },
            {
              transferId: 't2',
              account: 'leader:P-wang',
              counterparty: 'rewards:C1',
              amount: -50,
              at: '2026-11-30T02:00:00.000Z',
              memo: { reasons: ['redeemed'] },
            },
          ],
        },
      },
    });
    const wrapper = await mountView(PointsView, context);
    await wrapper.find('#account-person').setValue('P-wang');
    await button(wrapper, '查询').trigger('submit');
    await flushPromises();

    expect(wrapper.find('[data-testid="account-balance"]').text()).toContain('35');
    const text = wrapper.find('.el-table').text();
    expect(text).toContain('社区奖励');
    expect(text).toContain('+20');
    expect(text).toContain('兑换礼品');
    expect(text).toContain('-50');
  });
});
