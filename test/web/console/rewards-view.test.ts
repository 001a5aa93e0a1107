import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import RewardsView from '../../../web/src/console/views/RewardsView.vue';
import { button, fakeConsole, mountView } from './console-harness';

const reward = {
  id: 'rice-5kg',
  name: '大米 5 公斤',
  pricePoints: 120,
  stock: 8,
  scope: 'c-xingfu',
  status: 'active',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
};
const redemption = {
  id: 'RD1',
  rewardId: 'rice-5kg',
  rewardName: '大米 5 公斤',
  scope: 'c-xingfu',
  personId: 'p-wang',
  pricePoints: 120,
  status: 'reserved',
  transferId: 'redeem:RD1',
  createdAt: '2026-12-01T02:00:00.000Z',
  updatedAt: '2026-12-01T02:00:00.000Z',
};
const catalogue = {
  'GET /rewards': { body: { scope: 'c-xingfu', items: [reward] } },
  'GET /redemptions': { body: { items: [redemption] } },
};

async function openCatalogue(context: Parameters<typeof mountView>[1]) {
  const wrapper = await mountView(RewardsView, context);
  await wrapper.find('#rewards-scope').setValue('c-xingfu');
  await button(wrapper, '打开目录').trigger('submit');
  await flushPromises();
  return wrapper;
}

describe('the rewards view', () => {
  beforeEach(() => localStorage.clear());

  it('lists a catalogue and the redemptions waiting at its station', async () => {
    const { context, of } = fakeConsole(catalogue);
    const wrapper = await openCatalogue(context);
    expect(of('GET', '/rewards')[0]?.query).toEqual({ scope: 'c-xingfu' });
    expect(of('GET', '/redemptions')[0]?.query).toMatchObject({ scope: 'c-xingfu' });
    const tables = wrapper.findAll('.el-table');
    expect(tables[0]?.text()).toContain('大米 5 公斤');
    expect(tables[0]?.text()).toContain('上架');
    expect(tables[1]?.text()).toContain('p-wang');
    expect(tables[1]?.text()).toContain('待领取');
  });

  it('fulfils a redemption and shows it collected', async () => {
    const { context, of } = fakeConsole({
      ...catalogue,
      'POST /redemptions/RD1/fulfil': { body: { ...redemption, status: 'fulfilled', by: 'p-staff' } },
    });
    const wrapper = await openCatalogue(context);
    await button(wrapper, '确认领取').trigger('click');
    await flushPromises();

    expect(of('POST', '/redemptions/RD1/fulfil')).toHaveLength(1);
    const queue = wrapper.findAll('.el-table')[1]!;
    expect(queue.text()).toContain('已领取');
    expect(queue.findAll('button').map((candidate) => candidate.text())).not.toContain('确认领取');
  });

  it('cancels a redemption only after the keeper confirms, and shows it cancelled', async () => {
    const { context, of } = fakeConsole({
      ...catalogue,
      'POST /redemptions/RD1/cancel': { body: { ...redemption, status: 'cancelled', by: 'p-staff' } },
    });
    const wrapper = await openCatalogue(context);
    await button(wrapper, '取消兑换').trigger('click');
    await flushPromises();
    expect(document.querySelector('.el-message-box')?.textContent).toContain('120 积分将退回');
    expect(of('POST', '/redemptions/RD1/cancel')).toHaveLength(0);

    const confirm = [...document.querySelectorAll<HTMLButtonElement>('.el-message-box button')].find(
      (candidate) => candidate.textContent?.trim() === '取消兑换',
    );
    confirm!.click();
    await flushPromises();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(of('POST', '/redemptions/RD1/cancel')).toHaveLength(1);
    expect(wrapper.findAll('.el-table')[1]?.text()).toContain('已取消');
  });

  it('shows why a fulfilment was refused', async () => {
    const { context } = fakeConsole({
      ...catalogue,
      'POST /redemptions/RD1/fulfil': {
        status: 409,
        body: { status: 409, detail: 'Redemption RD1 was cancelled.' },
      },
    });
    const wrapper = await openCatalogue(context);
    await button(wrapper, '确认领取').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain('情况已有变化,请刷新后再试');
    expect(wrapper.findAll('.el-table')[1]?.text()).toContain('待领取');
  });

  it('withdraws a reward by changing its status only', async () => {
    const { context, of } = fakeConsole({
      ...catalogue,
      'PATCH /rewards/rice-5kg': { body: { ...reward, status: 'withdrawn' } },
    });
    const wrapper = await openCatalogue(context);
    await button(wrapper, '下架').trigger('click');
    await flushPromises();
    expect(of('PATCH', '/rewards/rice-5kg')[0]?.body).toEqual({ status: 'withdrawn' });
  });

  it('adds a reward to the open catalogue', async () => {
    const { context, of } = fakeConsole({
      ...catalogue,
      'POST /rewards': { status: 201, body: { ...reward, id: 'oil-1l', name: '食用油' } },
    });
    const wrapper = await openCatalogue(context);
    await button(wrapper, '新增商品').trigger('click');
    await flushPromises();
    await wrapper.find('#reward-id').setValue('oil-1l');
    await wrapper.find('#reward-name').setValue('食用油');
    await button(wrapper, '保存').trigger('click');
    await flushPromises();
    expect(of('POST', '/rewards')[0]?.body).toEqual({
      id: 'oil-1l',
      name: '食用油',
      pricePoints: 100,
      stock: 10,
      scope: 'c-xingfu',
    });
  });
});
