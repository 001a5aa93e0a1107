import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { closeToast } from 'vant';
import RaiseRequestView from '../../../web/src/resident/views/RaiseRequestView.vue';
import { DISTRICT, fakeApi, mountResident } from './page';

const CREATED = { id: 'r-20261202-0001', status: 'assigned' };

async function fillIn(fetch: typeof globalThis.fetch) {
  const page = await mountResident(RaiseRequestView, { fetch, at: '/new' });
  const { wrapper } = page;
  await wrapper
    .findAll('[role="radio"]')
    .find((radio) => radio.text() === '噪音扰民')
    ?.trigger('click');
  await wrapper.find('textarea').setValue('  楼上每晚十二点后还在装修  ');
  return page;
}

const submitButton = (wrapper: Awaited<ReturnType<typeof fillIn>>['wrapper']) =>
  wrapper.findAll('button').find((button) => button.text() === '提交');

afterEach(() => {
  closeToast(true);
  document.body.innerHTML = '';
});

describe('raising a request', () => {
  it("lists the district's categories by their Chinese names", async () => {
    const api = fakeApi({ 'GET /district': { status: 200, body: DISTRICT } });
    const { wrapper } = await mountResident(RaiseRequestView, { fetch: api.fetch, at: '/new' });
    expect(wrapper.text()).toContain('水电维修');
    expect(wrapper.text()).toContain('噪音扰民');
  });

  it('sends the body with an Idempotency-Key, and a double tap raises one request', async () => {
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'POST /requests': { status: 201, body: CREATED },
    });
    const { wrapper, router } = await fillIn(api.fetch);
    const form = wrapper.find('form');
    await Promise.all([form.trigger('submit'), form.trigger('submit')]);
    await flushPromises();

    const posts = api.to('POST /requests');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({
      category: 'noise',
      description: '楼上每晚十二点后还在装修',
      priority: 'normal',
      photos: [],
    });
    expect(posts[0]?.headers.get('idempotency-key')).toMatch(/^[\w-]{8,64}$/);
    expect(router.currentRoute.value.fullPath).toBe(`/requests/${CREATED.id}`);
  });

  it('retries a lost answer with the same key, and a changed text with a new one', async () => {
    let answers = 0;
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'POST /requests': () =>
        ++answers < 3 ? { status: 503, body: { status: 503 } } : { status: 201, body: CREATED },
    });
    const { wrapper } = await fillIn(api.fetch);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(document.body.textContent).toContain('服务暂时繁忙,请稍后再试');
    await submitButton(wrapper)?.trigger('click');
    await flushPromises();
    await wrapper.find('textarea').setValue('楼上每晚十二点后还在装修,已经一周了');
    await submitButton(wrapper)?.trigger('click');
    await flushPromises();
    const keys = api.to('POST /requests').map((call) => call.headers.get('idempotency-key'));
    expect(keys).toHaveLength(3);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });

  it('names the refused field in Chinese on a 400', async () => {
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'POST /requests': {
        status: 400,
        body: { status: 400, errors: [{ field: 'description', message: 'Too big' }] },
      },
    });
    const { wrapper } = await fillIn(api.fetch);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(document.body.textContent).toContain('问题描述');
    expect(document.body.textContent).not.toContain('description');
    expect(wrapper.find('.van-field__error-message').text()).toBe('请检查这一项');
  });

  it('asks for a category before sending anything', async () => {
    const api = fakeApi({ 'GET /district': { status: 200, body: DISTRICT } });
    const { wrapper } = await mountResident(RaiseRequestView, { fetch: api.fetch, at: '/new' });
    await wrapper.find('textarea').setValue('楼道灯坏了');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('请选择问题类别');
    expect(api.to('POST /requests')).toHaveLength(0);
  });
});
