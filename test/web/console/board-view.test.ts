import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import BoardView from '../../../web/src/console/views/BoardView.vue';
import { boardQuery, useRequestBoard } from '../../../web/src/console/board';
import { fakeConsole, SERVER_NOW } from './console-harness';
import { COMMUNITY_ROUTES, COMMUNITY_STAFF, mountWithGrants } from './ops-harness';

const minutes = (count: number) => new Date(SERVER_NOW + count * 60_000).toISOString();

const REQUESTS = [
  {
    id: 'req-late',
    address: '银融社区 3栋 2单元 501',
    category: 'repair',
    priority: 'urgent',
    status: 'assigned',
    level: 'building',
    assignee: { holderName: '王楼长', holderPhone: '+8613800000002' },
    deadline: minutes(-12),
    overdue: true,
    createdAt: minutes(-90),
  },
  {
    id: 'req-on-time',
    address: '银融社区 1栋 1单元 101',
    category: 'elderly',
    priority: 'normal',
    status: 'assigned',
    level: 'unit',
    assignee: { holderName: '李单元长', holderPhone: '+8613800000001' },
    deadline: minutes(65),
    overdue: false,
    createdAt: minutes(-5),
  },
];

function board() {
  return fakeConsole({
    ...COMMUNITY_ROUTES,
    'GET /requests': (sent) => ({
      body:
        sent.query.overdue === 'true' ? { items: [REQUESTS[0]] } : { items: REQUESTS, nextCursor: 'page-2' },
    }),
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the board', () => {
  it("lists the caller's community's assigned requests with live countdowns, the overdue one in red", async () => {
    const { context, of } = board();
    const wrapper = await mountWithGrants(BoardView, context, COMMUNITY_STAFF);

    expect(of('GET', '/requests')[0]?.query).toEqual({ node: 'c-yinrong', status: 'assigned', limit: '20' });
    const timers = wrapper.findAll('[role="timer"]');
    expect(timers.map((timer) => timer.text())).toEqual(['已超时 12分', '剩余 1小时05分']);
    expect(timers[0]?.classes()).toContain('sla--overdue');
    expect(timers[1]?.classes()).not.toContain('sla--overdue');
    expect(wrapper.findAll('tr.board__row--overdue')).toHaveLength(1);
    expect(wrapper.text()).toContain('维修');
    expect(wrapper.text()).toContain('紧急');
  });

  it('asks the API for the late ones only when 只看超时 is ticked, from the first page', async () => {
    const { context, of } = board();
    const wrapper = await mountWithGrants(BoardView, context, COMMUNITY_STAFF);
    await wrapper.find('input[type="checkbox"]').setValue(true);
    await flushPromises();

    expect(of('GET', '/requests').at(-1)?.query).toEqual({
      node: 'c-yinrong',
      status: 'assigned',
      overdue: 'true',
      limit: '20',
    });
    expect(wrapper.findAll('[role="timer"]')).toHaveLength(1);
  });

  it('opens a request in the drawer with its timeline when its row is clicked', async () => {
    const { context } = fakeConsole({
      ...COMMUNITY_ROUTES,
      'GET /requests': { body: { items: REQUESTS } },
      'GET /requests/req-late': {
        body: {
          request: { ...REQUESTS[0], description: '水管漏水', residentPhone: '+8613900000000' },
          timeline: [
            { version: 1, at: minutes(-90), event: 'submitted', actor: { kind: 'resident', id: 'p' } },
            {
              version: 2,
              at: minutes(-89),
              event: 'assigned',
              actor: { kind: 'system', id: 'w' },
              level: 'unit',
            },
          ],
          messages: [],
        },
      },
    });
    const wrapper = await mountWithGrants(BoardView, context, COMMUNITY_STAFF);
    await wrapper.find('tr.board__row--overdue').trigger('click');
    await flushPromises();

    const drawer = document.body.querySelector('.el-drawer');
    expect(drawer?.textContent).toContain('水管漏水');
    expect(drawer?.textContent).toContain('提交诉求');
    expect(drawer?.textContent).toContain('已派给');
  });
});

describe('the board query', () => {
  it('sends the grid instead of the community, and only the filters that are set', () => {
    const filters = {
      community: 'c-yinrong',
      grid: 'g-2',
      status: 'escalating' as const,
      category: 'repair',
      priority: 'urgent',
      level: '',
      overdue: false,
    };
    expect(boardQuery(filters, 'cursor-2')).toEqual({
      node: 'g-2',
      status: 'escalating' as const,
      category: 'repair',
      priority: 'urgent',
      limit: 20,
      cursor: 'cursor-2',
    });
  });

  it('pages forwards with the cursor the API gave and back with the one before', async () => {
    const { context, of } = board();
    const listing = useRequestBoard(context.api, { community: 'c-yinrong' });
    await flushPromises();
    expect(listing.hasNext.value).toBe(true);
    await listing.next();
    expect(of('GET', '/requests').at(-1)?.query.cursor).toBe('page-2');
    await listing.previous();
    expect(of('GET', '/requests').at(-1)?.query.cursor).toBeUndefined();
    expect(listing.page.value).toBe(1);
  });
});
