import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import RequestView from '../../../web/src/leader/views/RequestView.vue';
import PhotoUploader from '../../../web/src/phone/PhotoUploader.vue';
import { aRequest, fakeApi, leaderContext, mountView, type Answer, type Call } from './harness';

enableAutoUnmount(afterEach);

const timeline = [
  { version: 1, at: '2026-12-02T07:30:00Z', event: 'submitted', actor: { kind: 'resident', id: 'P-R' } },
  { version: 2, at: '2026-12-02T07:30:01Z', event: 'assigned', actor: { kind: 'system', id: 'workflow' } },
];

const providers = [
  { id: 'PV-PLUMBER', kind: 'staff', name: '张师傅', specialities: ['plumbing'] },
  { id: 'PV-LEGAL', kind: 'staff', name: '法律顾问', specialities: ['legal'] },
];

/** The API as the request view meets it: the request, its household, and `act` for the actions. */
function requestApi(request = aRequest(), act: (call: Call) => Answer = () => ({ body: request })) {
  return fakeApi((call) => {
    if (call.method === 'POST') return act(call);
    if (call.path === '/requests/R-1') return { body: { request, timeline, messages: [] } };
    if (call.path === '/households/H-501') return { body: { id: 'H-501', tags: ['独居老人'] } };
    if (call.path === '/providers') return { body: { items: providers } };
    return { status: 404, body: { status: 404 } };
  });
}

const button = (wrapper: Awaited<ReturnType<typeof mountView>>, name: string) => {
  const found = wrapper.findAll('button').find((candidate) => candidate.text() === name);
  if (!found) throw new Error(`no button ${name}`);
  return found;
};

const posts = (calls: Call[]) => calls.filter((call) => call.method === 'POST');

describe('one request, for the leader who holds it', () => {
  it("shows what, where, the household's tags, a tap-to-call number and the timeline", async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    expect(wrapper.text()).toContain('厨房水管漏水');
    expect(wrapper.text()).toContain('银融社区 3栋 2单元 501');
    expect(wrapper.text()).toContain('独居老人');
    expect(wrapper.get('a[href="tel:+8613912345678"]').text()).toContain('+8613912345678');
    expect(wrapper.text()).toContain('提交诉求');
  });

  it('shows a masked number as text, not as a link', async () => {
    const api = requestApi(aRequest({ residentPhone: '139****5678' }));
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    expect(wrapper.text()).toContain('139****5678');
    expect(wrapper.find('a[href^="tel:"]').exists()).toBe(false);
  });

  it('acknowledges with one tap and reloads the request', async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '接单').trigger('click');
    await flushPromises();
    expect(posts(api.calls)).toMatchObject([{ path: '/requests/R-1/acknowledge', body: {} }]);
    expect(api.calls.at(-2)).toMatchObject({ method: 'GET', path: '/requests/R-1' });
  });

  it('resolves only with a note, and sends it', async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '办结').trigger('click');
    await flushPromises();
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(posts(api.calls)).toEqual([]);
    expect(wrapper.text()).toContain('请填写办结说明');

    await wrapper.get('textarea').setValue('  已更换水管接头  ');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(posts(api.calls)).toMatchObject([
      { path: '/requests/R-1/resolve', body: { note: '已更换水管接头' } },
    ]);
  });

  it('offers photos of the work done when resolving, uploaded as resolution photos', async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '办结').trigger('click');
    await flushPromises();
    const uploaders = wrapper.findAllComponents(PhotoUploader);
    expect(uploaders.map((uploader) => uploader.props('purpose'))).toEqual(['resolution-photo']);
  });

  it('escalates with a reason', async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '上报').trigger('click');
    await flushPromises();
    await wrapper.get('textarea').setValue('需要物业维修');
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(posts(api.calls)).toMatchObject([
      { path: '/requests/R-1/escalate', body: { note: '需要物业维修' } },
    ]);
  });

  it('dispatches to a provider who serves the place and takes the category', async () => {
    const api = requestApi();
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '派单').trigger('click');
    await flushPromises();
    expect(api.calls.find((call) => call.path === '/providers')?.query.get('node')).toBe('U2');
    expect(wrapper.text()).not.toContain('法律顾问');
    await wrapper
      .findAll('[role="radio"]')
      .find((radio) => radio.text().includes('张师傅'))
      ?.trigger('click');
    await button(wrapper, '确认派单').trigger('click');
    await flushPromises();
    expect(posts(api.calls)).toMatchObject([{ path: '/requests/R-1/dispatch', body: { to: 'PV-PLUMBER' } }]);
  });

  it('says the situation changed when the API answers 409, and reloads', async () => {
    const api = requestApi(aRequest(), () => ({
      status: 409,
      body: { status: 409, title: 'Conflict', detail: 'Request R-1 is acknowledged, not assigned' },
    }));
    const wrapper = await mountView(RequestView, leaderContext(api.fetch), { id: 'R-1' });
    await button(wrapper, '接单').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('情况已有变化,请刷新后再试');
    expect(api.calls.filter((call) => call.path === '/requests/R-1')).toHaveLength(2);
  });

  it('offers what the status allows, and nothing to a leader who does not hold it', async () => {
    const acknowledged = requestApi(aRequest({ status: 'acknowledged' }));
    const mine = await mountView(RequestView, leaderContext(acknowledged.fetch), { id: 'R-1' });
    const names = mine.findAll('.actions button').map((found) => found.text());
    expect(names).toEqual(['办结', '上报', '派单']);

    const elsewhere = requestApi(
      aRequest({ assignee: { holderId: 'P-OTHER', holderName: '李', holderPhone: 'x' } }),
    );
    const theirs = await mountView(RequestView, leaderContext(elsewhere.fetch), { id: 'R-1' });
    expect(theirs.find('.actions').exists()).toBe(false);
  });
});
