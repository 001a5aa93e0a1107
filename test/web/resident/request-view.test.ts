import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { closeToast } from 'vant';
import RequestView from '../../../web/src/resident/views/RequestView.vue';
import { DISTRICT, fakeApi, mountResident, RESIDENT } from './page';

const ID = 'r-20261202-0001';

function requestIn(status: string, householdId = RESIDENT.householdId) {
  return {
    request: {
      id: ID,
      householdId,
      address: '绿苑小区 3 栋 2 单元 502',
      category: 'water',
      description: '厨房水管漏水',
      priority: 'normal',
      photos: ['https://photos.test/uploads/p-0032/1.jpg'],
      status,
      level: 'unit',
      assignee: { holderId: 'p-0007', holderName: '王建国', holderPhone: '138****8000' },
      deadline: '2026-12-03T08:00:00Z',
      overdue: false,
      createdAt: '2026-12-02T06:00:00Z',
      updatedAt: '2026-12-02T07:00:00Z',
      version: 4,
      ...(status === 'resolved'
        ? {
            resolution: {
              note: '已更换阀门',
              by: 'p-0007',
              at: '2026-12-02T07:00:00Z',
              photos: ['https://photos.test/uploads/p-0007/2.jpg'],
            },
          }
        : {}),
    },
    timeline: [
      {
        version: 1,
        at: '2026-12-02T06:00:00Z',
        event: 'submitted',
        actor: { kind: 'resident', name: '杨亚楠' },
      },
      {
        version: 4,
        at: '2026-12-02T07:00:00Z',
        event: 'resolved',
        actor: { kind: 'leader', name: '王建国' },
      },
    ],
    messages: [],
  };
}

async function open(
  found: ReturnType<typeof requestIn>,
  act: Record<string, { status: number; body?: unknown }> = {},
) {
  const api = fakeApi({
    'GET /district': { status: 200, body: DISTRICT },
    [`GET /requests/${ID}`]: { status: 200, body: found },
    ...act,
  });
  const { wrapper } = await mountResident(RequestView, {
    fetch: api.fetch,
    at: `/requests/${ID}`,
    props: { id: ID },
  });
  const button = (name: string) => wrapper.findAll('button').find((candidate) => candidate.text() === name);
  return { wrapper, api, button };
}

afterEach(() => {
  closeToast(true);
  document.body.innerHTML = '';
});

describe("a request's page", () => {
  it('shows the status, category, holder, description, photos and timeline in Chinese', async () => {
    const { wrapper } = await open(requestIn('acknowledged'));
    const text = wrapper.text();
    expect(text).toContain('水电维修');
    expect(text).toContain('处理中');
    expect(text).toContain('单元长 王建国');
    expect(text).toContain('厨房水管漏水');
    expect(text).toContain('提交诉求');
    expect(wrapper.find('img[alt="诉求照片1"]').attributes('src')).toBe(
      'https://photos.test/uploads/p-0032/1.jpg',
    );
    expect(wrapper.text()).not.toContain('确认办结');
  });

  it('says so when the request is not found', async () => {
    const api = fakeApi({ 'GET /district': { status: 200, body: DISTRICT } });
    const { wrapper } = await mountResident(RequestView, { fetch: api.fetch, props: { id: ID } });
    expect(wrapper.find('[role="alert"]').text()).toContain('找不到该记录');
  });

  it('confirms a resolved request with the rating and note given', async () => {
    const { wrapper, api, button } = await open(requestIn('resolved'), {
      [`POST /requests/${ID}/confirm`]: { status: 200, body: { id: ID, status: 'closed' } },
    });
    expect(wrapper.text()).toContain('已更换阀门');
    expect(wrapper.find('img[alt="办结照片1"]').attributes('src')).toBe(
      'https://photos.test/uploads/p-0007/2.jpg',
    );
    const stars = wrapper.findAll('[role="radio"][aria-label$="星"]');
    expect(stars.map((star) => star.attributes('aria-label'))).toEqual(['1星', '2星', '3星', '4星', '5星']);
    await stars[3]?.trigger('click');
    await wrapper.find('textarea').setValue('师傅很负责');
    await button('确认办结')?.trigger('click');
    await flushPromises();
    expect(api.to(`POST /requests/${ID}/confirm`)[0]?.body).toEqual({ rating: 4, note: '师傅很负责' });
    expect(api.to(`GET /requests/${ID}`)).toHaveLength(2);
  });

  it('asks for a rating before confirming', async () => {
    const { wrapper, api, button } = await open(requestIn('resolved'));
    await button('确认办结')?.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('请先打分');
    expect(api.to(`POST /requests/${ID}/confirm`)).toHaveLength(0);
  });

  it('needs a reason to say a request is not solved, and sends it', async () => {
    const { wrapper, api, button } = await open(requestIn('resolved'), {
      [`POST /requests/${ID}/reject`]: { status: 200, body: { id: ID, status: 'acknowledged' } },
    });
    await button('未解决')?.trigger('click');
    const form = wrapper.find('form');
    await form.trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('请填写没有解决的原因');
    expect(api.to(`POST /requests/${ID}/reject`)).toHaveLength(0);

    await form.find('textarea').setValue('  还在滴水  ');
    await form.trigger('submit');
    await flushPromises();
    expect(api.to(`POST /requests/${ID}/reject`)[0]?.body).toEqual({ note: '还在滴水' });
  });

  it("offers no confirmation on another household's request", async () => {
    const { wrapper } = await open(requestIn('resolved', 'h-0099'));
    expect(wrapper.text()).toContain('已更换阀门');
    expect(wrapper.text()).not.toContain('确认办结');
  });
});
