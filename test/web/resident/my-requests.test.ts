import { afterEach, describe, expect, it } from 'vitest';
import MyRequestsView from '../../../web/src/resident/views/MyRequestsView.vue';
import { DISTRICT, fakeApi, mountResident, RESIDENT } from './page';

const summary = (id: string, createdAt: string, status: string, category = 'water') => ({
  id,
  householdId: RESIDENT.householdId,
  category,
  priority: 'normal',
  status,
  level: 'building',
  assignee: { holderId: 'p-0009', holderName: '李秀英', holderPhone: '139****0000' },
  deadline: '2026-12-03T08:00:00Z',
  overdue: false,
  createdAt,
  updatedAt: createdAt,
  version: 1,
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe("my household's requests", () => {
  it("lists the household's requests newest first, across pages, with status and holder in Chinese", async () => {
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'GET /requests': (sent) =>
        sent.path.includes('cursor=next')
          ? { status: 200, body: { items: [summary('r-3', '2026-12-02T05:00:00Z', 'resolved', 'noise')] } }
          : {
              status: 200,
              body: {
                items: [
                  summary('r-1', '2026-11-20T05:00:00Z', 'closed'),
                  summary('r-2', '2026-11-30T05:00:00Z', 'assigned'),
                ],
                nextCursor: 'next',
              },
            },
    });
    const { wrapper } = await mountResident(MyRequestsView, { fetch: api.fetch });

    expect(api.to('GET /requests')[0]?.path).toContain(`householdId=${RESIDENT.householdId}`);
    const rows = wrapper.findAll('.van-cell').map((row) => row.text());
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('噪音扰民');
    expect(rows[0]).toContain('待确认');
    expect(rows[1]).toContain('待接单');
    expect(rows[1]).toContain('楼栋长 李秀英');
    expect(rows[2]).toContain('已办结');
    expect(wrapper.text()).toContain('有 1 件诉求已办结');
  });

  it('says so when the household has raised nothing', async () => {
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'GET /requests': { status: 200, body: { items: [] } },
    });
    const { wrapper } = await mountResident(MyRequestsView, { fetch: api.fetch });
    expect(wrapper.text()).toContain('您家还没有反映过诉求');
  });

  it("shows the API's refusal, with a way to try again", async () => {
    const api = fakeApi({
      'GET /district': { status: 200, body: DISTRICT },
      'GET /requests': { status: 503, body: { status: 503 } },
    });
    const { wrapper } = await mountResident(MyRequestsView, { fetch: api.fetch });
    expect(wrapper.find('[role="alert"]').text()).toContain('服务暂时繁忙');
    expect(wrapper.text()).toContain('重新加载');
  });
});
