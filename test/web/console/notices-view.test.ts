import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import NoticesView from '../../../web/src/console/views/NoticesView.vue';
import { button, fakeConsole, SERVER_NOW } from './console-harness';
import { COMMUNITY_ROUTES, COMMUNITY_STAFF, mountWithGrants } from './ops-harness';

const hoursAgo = (hours: number) => new Date(SERVER_NOW - hours * 3_600_000).toISOString();

const posted = {
  id: 'N-1',
  place: 'c-yinrong',
  placeLevel: 'community',
  placeName: '银融社区',
  title: '周六消防检查',
  body: '请各楼栋长提前通知住户清理楼道杂物。',
  urgent: true,
  senderId: 'p-sun',
  senderName: '孙主任',
  createdAt: hoursAgo(3),
  recipientCount: 20,
  readCount: 12,
};

function noticesConsole() {
  let list = [posted];
  const fake = fakeConsole({
    ...COMMUNITY_ROUTES,
    'GET /notices': () => ({ body: { items: list } }),
    'POST /notices': (sent) => {
      const created = { ...posted, ...(sent.body as object), id: 'N-2', readCount: 0, recipientCount: 0 };
      list = [created, ...list];
      return { status: 201, body: created };
    },
    'GET /notices/N-1': {
      body: {
        ...posted,
        readers: {
          read: [{ personId: 'p-wang', name: '王丽华', readAt: hoursAgo(2) }],
          unread: [{ personId: 'p-gao', name: '高伟东', remindedAt: hoursAgo(1) }],
        },
      },
    },
  });
  return fake;
}

async function choosePlace(wrapper: VueWrapper) {
  await wrapper.find('.notices__node').trigger('click');
  await flushPromises();
}

describe('the notices', () => {
  it("lists a place's notices with how far each has been read", async () => {
    const { context, of } = noticesConsole();
    const wrapper = await mountWithGrants(NoticesView, context, COMMUNITY_STAFF);
    expect(wrapper.text()).toContain('在左侧选择');
    expect(button(wrapper, '发布通知').attributes('disabled')).toBeDefined();

    await choosePlace(wrapper);
    expect(of('GET', '/notices')[0]?.query).toEqual({ place: 'c-yinrong', limit: '20' });
    const row = wrapper.get('.el-table__row');
    expect(row.text()).toContain('紧急');
    expect(row.text()).toContain('周六消防检查');
    expect(row.text()).toContain('已读 12/20');
  });

  it('posts a notice to the chosen place, the title counted to 20, with an Idempotency-Key', async () => {
    const { context, of } = noticesConsole();
    const wrapper = await mountWithGrants(NoticesView, context, COMMUNITY_STAFF);
    await choosePlace(wrapper);
    await button(wrapper, '发布通知').trigger('click');
    await flushPromises();

    const dialog = wrapper.get('.el-dialog');
    expect(dialog.get('[data-testid="notice-place"]').text()).toBe('银融社区(社区)');
    const title = dialog.get('#notice-title');
    expect(title.attributes('maxlength')).toBe('20');
    await title.setValue('本周六上午停水');
    expect(dialog.text()).toContain('7 / 20');
    await dialog.get('#notice-body').setValue('因管道维修,3栋、5栋停水至中午12点。');
    await dialog.get('#notice-urgent').trigger('click');
    await button(wrapper, '发布').trigger('click');
    await flushPromises();

    const [sent] = of('POST', '/notices');
    expect(sent?.body).toEqual({
      place: 'c-yinrong',
      title: '本周六上午停水',
      body: '因管道维修,3栋、5栋停水至中午12点。',
      urgent: true,
    });
    expect(sent?.headers.get('idempotency-key')).toMatch(/^[\w-]{8,64}$/);
    expect(of('GET', '/notices')).toHaveLength(2);
    expect(wrapper.findAll('.el-table__row')).toHaveLength(2);
  });

  it("opens a notice's drawer with who has not read it", async () => {
    const { context } = noticesConsole();
    const wrapper = await mountWithGrants(NoticesView, context, COMMUNITY_STAFF);
    await choosePlace(wrapper);
    await wrapper.get('.el-table__row').trigger('click');
    await flushPromises();

    const drawer = wrapper.get('.el-drawer');
    expect(drawer.get('[data-testid="read-count"]').text()).toBe('已读 12/20');
    expect(drawer.get('[data-testid="unread"]').text()).toContain('高伟东');
    expect(drawer.get('[data-testid="unread"]').text()).toContain('已提醒');
    expect(drawer.get('[data-testid="read"]').text()).toContain('王丽华');
  });
});
