import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import MessagesView from '../../../web/src/console/views/MessagesView.vue';
import { formatTime } from '../../../web/src/common/time';
import { button, fakeConsole, mountView, savedFiles } from './console-harness';

/** One message queued in quiet hours (21:40 in Shanghai), held to 07:30 the next morning, then sent. */
const held = {
  key: 'assigned#R-7#1',
  kind: 'request-update',
  recipientRole: 'leader',
  to: '+86138****0001',
  personId: 'p-wang',
  urgent: false,
  status: 'sent',
  place: { community: 'c-yinrong', grid: 'g-1' },
  requestId: 'R-7',
  text: '【绿苑区】诉求R-7已由居民确认办结,感谢您的服务。',
  queuedAt: '2026-12-02T13:40:00Z',
  dueAt: '2026-12-02T23:30:00Z',
  heldUntil: '2026-12-02T23:30:00Z',
  sentAt: '2026-12-02T23:30:04Z',
  attempts: 1,
};
const failed = {
  ...held,
  key: 'supervisors#R-8',
  kind: 'overdue',
  recipientRole: 'supervisors',
  to: 'supervisors',
  personId: undefined,
  urgent: true,
  status: 'failed',
  requestId: 'R-8',
  queuedAt: '2026-12-02T02:00:00Z',
  heldUntil: undefined,
  sentAt: undefined,
  attempts: 8,
  lastError: 'provider timeout',
};

function messagesConsole() {
  return fakeConsole({
    'GET /messages': (sent) => ({
      body: {
        day: sent.query.day,
        items: sent.query.status === 'failed' ? [failed] : [held, failed],
        ...(sent.query.cursor ? {} : { nextCursor: 'page-2' }),
      },
    }),
  });
}

afterEach(() => vi.restoreAllMocks());

describe('the SMS records', () => {
  it("lists today's SMS (the district's day) with queued, held-until and sent times in the district's zone", async () => {
    const { context, of } = messagesConsole();
    const wrapper = await mountView(MessagesView, context);

    expect(of('GET', '/messages')[0]?.query).toEqual({ day: '2026-12-02', limit: '50' });
    const [first, second] = wrapper.findAll('.el-table__row');
    const cells = first!.findAll('td').map((cell) => cell.text());
    expect(cells.slice(0, 6)).toEqual([
      formatTime('2026-12-02T13:40:00Z'),
      formatTime('2026-12-02T23:30:00Z'),
      formatTime('2026-12-02T23:30:00Z'),
      '已发送',
      '诉求进展',
      '+86138****0001(负责人)',
    ]);
    expect([cells[0], cells[1], cells[2]]).toEqual([
      expect.stringContaining('21:40'),
      expect.stringContaining('07:30'),
      expect.stringContaining('07:30'),
    ]);
    expect(second!.text()).toContain('失败');
    expect(second!.text()).toContain('provider timeout');
    expect(second!.text()).toContain('督办');
  });

  it('asks for one status, and pages on by the cursor', async () => {
    const { context, of } = messagesConsole();
    const wrapper = await mountView(MessagesView, context);
    await button(wrapper, '下一页').trigger('click');
    await flushPromises();
    expect(of('GET', '/messages').at(-1)?.query).toEqual({
      day: '2026-12-02',
      limit: '50',
      cursor: 'page-2',
    });

    await wrapper.get('#messages-status').trigger('click');
    await flushPromises();
    const option = [...document.querySelectorAll<HTMLElement>('.el-select-dropdown__item')].find(
      (item) => item.textContent?.trim() === '失败',
    );
    option?.click();
    await flushPromises();
    expect(of('GET', '/messages').at(-1)?.query).toEqual({
      day: '2026-12-02',
      status: 'failed',
      limit: '50',
    });
    expect(wrapper.findAll('.el-table__row')).toHaveLength(1);
  });

  it('exports what the table shows as CSV', async () => {
    const saved = savedFiles();
    const { context } = messagesConsole();
    const wrapper = await mountView(MessagesView, context);
    await button(wrapper, '导出 CSV').trigger('click');

    const csv = await saved.get('短信记录-2026-12-02.csv');
    const lines = csv!.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('入队时间,静默至,发送时间,状态,类型,紧急,接收人,关联,内容,发送次数,失败原因');
    const [queued, released] = [formatTime('2026-12-02T13:40:00Z'), formatTime('2026-12-02T23:30:00Z')];
    expect(lines[1]).toContain(
      `${queued},${released},${released},已发送,诉求进展,否,'+86138****0001(负责人),诉求 R-7`,
    );
    expect(lines[2]).toContain('失败,超时,是,督办,诉求 R-8');
  });
});
