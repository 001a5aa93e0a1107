import { afterEach, describe, expect, it } from 'vitest';
import { enableAutoUnmount, flushPromises } from '@vue/test-utils';
import NoticesView from '../../../web/src/leader/views/NoticesView.vue';
import NoticeView from '../../../web/src/leader/views/NoticeView.vue';
import { useUnread } from '../../../web/src/leader/unread';
import { fakeApi, leaderContext, mountView, SERVER_NOW } from './harness';

enableAutoUnmount(afterEach);

const hoursAgo = (hours: number) => new Date(SERVER_NOW - hours * 3_600_000).toISOString();

/** A notice as GET /notices?mine=true lists it to a leader. */
const aNotice = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  place: 'g-1',
  placeLevel: 'grid',
  placeName: '第一网格',
  title: `通知${id}`,
  body: '周六上午9点在社区广场开会,请各位楼栋长、单元长准时参加。\n带上本单元的住户名单。',
  urgent: false,
  senderId: 'p-staff',
  senderName: '社区孙主任',
  createdAt: hoursAgo(1),
  ...overrides,
});

describe("the leader's notices", () => {
  it('lists the current ones, an unconfirmed urgent one first, each unread one marked, and counts them on the tab', async () => {
    const items = [
      aNotice('N-new', { createdAt: hoursAgo(1) }),
      aNotice('N-urgent', { urgent: true, createdAt: hoursAgo(5) }),
      aNotice('N-read', { createdAt: hoursAgo(2), readAt: hoursAgo(1) }),
      aNotice('N-urgent-read', { urgent: true, createdAt: hoursAgo(3), readAt: hoursAgo(2) }),
      aNotice('N-expired', { createdAt: hoursAgo(30), expiresAt: hoursAgo(2) }),
    ];
    const api = fakeApi(() => ({ body: { items } }));
    const context = leaderContext(api.fetch);
    const wrapper = await mountView(NoticesView, context);

    expect(api.calls[0]?.path).toBe('/notices');
    expect(Object.fromEntries(api.calls[0]!.query)).toEqual({ mine: 'true', limit: '100' });
    const cards = wrapper.findAll('[data-notice]');
    expect(cards.map((card) => card.attributes('data-notice'))).toEqual([
      'N-urgent',
      'N-new',
      'N-read',
      'N-urgent-read',
    ]);
    expect(cards.map((card) => card.text().includes('未读'))).toEqual([true, true, false, false]);
    expect(cards[0]?.text()).toContain('紧急');
    expect(cards[0]?.attributes('href')).toBe('/notices/N-urgent');
    expect(useUnread(context.api, context.clock).notices.value).toBe(2);
  });
});

describe('a notice', () => {
  const noticeApi = (
    readAt?: string,
    read: () => { status?: number; body?: unknown } = () => ({ body: { id: 'N-1', readAt: hoursAgo(0) } }),
  ) =>
    fakeApi((call) => {
      if (call.method === 'POST') return read();
      return { body: aNotice('N-1', { urgent: true, ...(readAt ? { readAt } : {}) }) };
    });

  it('shows its text and confirms reading with one large button, then says 已读', async () => {
    const api = noticeApi();
    const context = leaderContext(api.fetch);
    useUnread(context.api, context.clock).notices.value = 3;
    const wrapper = await mountView(NoticeView, context, { id: 'N-1' });
    expect(wrapper.text()).toContain('带上本单元的住户名单');
    expect(wrapper.text()).toContain('第一网格 · 社区孙主任');

    const confirm = wrapper.findAll('button').find((button) => button.text() === '确认已读');
    await confirm?.trigger('click');
    await flushPromises();

    expect(api.calls.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual([
      '/notices/N-1/read',
    ]);
    expect(wrapper.get('[role="status"]').text()).toContain('已读');
    expect(wrapper.findAll('button').some((button) => button.text() === '确认已读')).toBe(false);
    expect(useUnread(context.api, context.clock).notices.value).toBe(2);
  });

  it('shows 已读 and no button for a notice already confirmed', async () => {
    const api = noticeApi(hoursAgo(1));
    const wrapper = await mountView(NoticeView, leaderContext(api.fetch), { id: 'N-1' });
    expect(wrapper.get('[role="status"]').text()).toContain('已读');
    expect(wrapper.findAll('button').some((button) => button.text() === '确认已读')).toBe(false);
  });

  it('keeps the button and says why when the confirmation is refused', async () => {
    const api = noticeApi(undefined, () => ({ status: 403, body: { status: 403, title: 'Forbidden' } }));
    const wrapper = await mountView(NoticeView, leaderContext(api.fetch), { id: 'N-1' });
    await wrapper
      .findAll('button')
      .find((button) => button.text() === '确认已读')
      ?.trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('您没有权限');
    expect(wrapper.findAll('button').some((button) => button.text() === '确认已读')).toBe(true);
  });
});
