import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import PointsView from '../../../web/src/leader/views/PointsView.vue';
import RewardsView from '../../../web/src/leader/views/RewardsView.vue';
import { fakeApi, LEADER_ID, leaderContext, mountView, type Call } from './harness';

enableAutoUnmount(afterEach);

const account = {
  personId: LEADER_ID,
  account: `leader:${LEADER_ID}`,
  balance: 135,
  items: [
    {
      account: `leader:${LEADER_ID}`,
      transferId: 'close:R-1',
      counterparty: 'issuing',
      amount: 15,
      at: '2026-12-01T09:00:00Z',
      memo: { reasons: ['resolved', 'rated-5'], requestId: 'R-1' },
    },
    {
      account: `leader:${LEADER_ID}`,
      transferId: 'breach:R-2',
      counterparty: 'issuing',
      amount: -5,
      at: '2026-11-30T09:00:00Z',
      memo: { reasons: ['breached-sla'], requestId: 'R-2' },
    },
  ],
};

describe("the leader's points", () => {
  it('shows the balance and each entry with its reason', async () => {
    const api = fakeApi(() => ({ body: account }));
    const wrapper = await mountView(PointsView, leaderContext(api.fetch));
    expect(api.calls[0]?.path).toBe('/accounts/me');
    expect(wrapper.get('[data-testid="balance"]').text()).toBe('135');
    expect(wrapper.text()).toContain('办结诉求、居民评价5星');
    expect(wrapper.text()).toContain('+15');
    expect(wrapper.text()).toContain('超时扣分');
    expect(wrapper.text()).toContain('-5');
  });
});

describe('the rewards', () => {
  function rewardsApi(redeem: (call: Call) => { status?: number; body?: unknown }) {
    return fakeApi((call) => {
      if (call.method === 'POST') return redeem(call);
      if (call.path === '/accounts/me') return { body: account };
      if (call.path === `/people/${LEADER_ID}`)
        return { body: { id: LEADER_ID, posts: [{ nodeId: 'U2', type: 'unit' }] } };
      if (call.path === '/nodes/U2') return { body: { id: 'U2', ancestors: { community: 'C1' } } };
      if (call.path === '/rewards') {
        const scope = call.query.get('scope');
        return {
          body: {
            scope,
            items: [
              { id: `RW-${scope}`, name: `${scope}礼品`, pricePoints: 100, stock: 3, status: 'active' },
            ],
          },
        };
      }
      if (call.path === '/redemptions') return { body: { items: [] } };
      return { status: 404, body: {} };
    });
  }

  const confirmDialog = async () => {
    await flushPromises();
    const confirm = document.querySelector<HTMLButtonElement>('.van-dialog__confirm');
    confirm?.click();
    await flushPromises();
  };

  it("lists the district's and my community's catalogues, and redeems with an Idempotency-Key", async () => {
    const api = rewardsApi(() => ({ status: 201, body: { id: 'RD1', status: 'reserved' } }));
    const wrapper = await mountView(RewardsView, leaderContext(api.fetch));
    expect(
      api.calls.filter((call) => call.path === '/rewards').map((call) => call.query.get('scope')),
    ).toEqual(['district', 'C1']);
    await wrapper.get('button[aria-label="兑换C1礼品"]').trigger('click');
    await confirmDialog();
    const [redeem] = api.calls.filter((call) => call.method === 'POST');
    expect(redeem?.path).toBe('/rewards/RW-C1/redeem');
    expect(redeem?.headers.get('idempotency-key')).toMatch(/^[\w-]{8,64}$/);
  });

  it("shows the API's refusal (not enough points)", async () => {
    const api = rewardsApi(() => ({
      status: 409,
      body: { status: 409, title: 'Conflict', detail: 'Not enough points: balance 135 < price 100.' },
    }));
    const wrapper = await mountView(RewardsView, leaderContext(api.fetch));
    await wrapper.get('button[aria-label="兑换district礼品"]').trigger('click');
    await confirmDialog();
    expect(wrapper.get('[role="alert"]').text()).toContain('Not enough points');
  });
});
