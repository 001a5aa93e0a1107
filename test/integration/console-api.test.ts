import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import type { Household } from '../../shared/domain/hierarchy.js';
import { chainOf, config, district, household } from '../support/fixtures.js';

/** The console's and the pages' reads: the district profile, the board's filters, household search, the charts. */
const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const home = household();
const resident = home.residents[0]!.personId;
const [unitLeader, , gridLeader, communityStaff] = chainOf().map((link) => link.post!.holderId) as [
  string,
  string,
  string,
  string,
];
const elsewhere = district.households.find(
  (candidate) => candidate.ancestors.community !== home.ancestors.community,
) as Household;

type Body = Record<string, unknown>;
type Summary = { id: string; category: string; priority: string; level: string; status: string };
const get = (path: string, as: string, query: Record<string, string> = {}) =>
  system.call('GET', `${path}?${new URLSearchParams(query).toString()}`, { as });
const fieldsOf = (body: Body) => (body.errors as { field: string }[]).map((error) => error.field);

async function submit(body: Body = {}) {
  const response = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description: '楼道灯不亮了', ...body },
  });
  expect(response.status).toBe(201);
  const id = String(response.body.id);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}

const act = async (id: string, action: string, as: string, body?: Body) =>
  (await system.call('POST', `/requests/${id}/${action}`, { as, ...(body ? { body } : {}) })).status;

describe('GET /district', () => {
  it('gives any signed-in caller the labels the pages use', async () => {
    const { status, body } = await get('/district', resident);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: config.district.id,
      name: config.district.name,
      timeZone: config.district.timeZone,
      quietHours: config.sms.quietHours,
    });
    expect(body.categories).toEqual(config.categories.map(({ code, name }) => ({ code, name })));
    expect(body.priorities).toContainEqual({ code: 'urgent', name: '紧急' });
    expect((body.levels as Body[])[0]).toEqual({ code: 'unit', name: '单元', postName: '单元长' });
    expect(body.householdTags).toEqual(expect.arrayContaining(['独居老人', '残疾', '低保', '重点关注']));
  });

  it('is refused without a token', async () => {
    expect((await system.call('GET', '/district')).status).toBe(401);
  });
});

describe('the board’s filters on GET /requests', () => {
  let urgent = '';
  let normal = '';
  beforeAll(async () => {
    urgent = await submit({ category: 'safety', priority: 'urgent' });
    normal = await submit({ category: 'repair', priority: 'normal' });
  });
  const board = async (query: Record<string, string>, as = gridLeader) => {
    const { status, body } = await get('/requests', as, {
      node: home.ancestors.grid!,
      status: 'assigned',
      ...query,
    });
    expect(status).toBe(200);
    return body.items as Summary[];
  };

  it('narrows an area by category, priority and level', async () => {
    const safety = await board({ category: 'safety' });
    expect(safety.map((item) => item.id)).toContain(urgent);
    expect(safety.every((item) => item.category === 'safety')).toBe(true);
    const urgentOnes = await board({ priority: 'urgent' });
    expect(urgentOnes.map((item) => item.id)).toContain(urgent);
    expect(urgentOnes.map((item) => item.id)).not.toContain(normal);
    expect((await board({ level: 'unit' })).map((item) => item.id)).toEqual(
      expect.arrayContaining([urgent, normal]),
    );
    expect((await board({ level: 'street' })).map((item) => item.id)).not.toContain(urgent);
  });

  it('lists a leader’s own requests, narrowed the same way', async () => {
    const { status, body } = await get('/requests', unitLeader, { priority: 'urgent' });
    expect(status).toBe(200);
    const ids = (body.items as Summary[]).map((item) => item.id);
    expect(ids).toContain(urgent);
    expect(ids).not.toContain(normal);
  });

  it('shows a request overdue once its deadline passed, not before', async () => {
    expect((await board({ overdue: 'true' })).map((item) => item.id)).not.toContain(urgent);
    expect((await board({ overdue: 'false' })).map((item) => item.id)).toContain(urgent);
    const { deadline } = await system.request(urgent);
    system.clock.set(new Date(new Date(String(deadline)).getTime() + 1000));
    expect((await board({ overdue: 'true' })).map((item) => item.id)).toContain(urgent);
    expect((await board({ overdue: 'false' })).map((item) => item.id)).not.toContain(urgent);
  });

  it('answers a bad filter with a 400 naming it', async () => {
    for (const [name, value] of [
      ['category', 'ufo'],
      ['category', 'NOT A CODE'],
      ['priority', 'asap'],
      ['level', 'city'],
      ['overdue', 'yes'],
    ] as const) {
      const { status, body } = await get('/requests', gridLeader, { [name]: value });
      expect([name, value, status, fieldsOf(body)]).toEqual([name, value, 400, [name]]);
    }
  });
});

describe('GET /households (search in a grid, building or unit)', () => {
  const gridTag = district.households.find(
    (candidate) => candidate.ancestors.grid === home.ancestors.grid && candidate.tags.length > 0,
  )!.tags[0]!;
  const search = async (query: Record<string, string>, as = gridLeader) => {
    const { status, body } = await get('/households', as, query);
    expect(status).toBe(200);
    return body as { items: Household[]; total: number; nextCursor?: string };
  };

  it('finds the households of a unit, and of a grid by room prefix or tag', async () => {
    const unit = await search({ node: home.ancestors.unit });
    expect(unit.items.map((item) => item.id)).toContain(home.id);
    expect(unit.items.every((item) => item.ancestors.unit === home.ancestors.unit)).toBe(true);
    const byRoom = await search({ node: home.ancestors.grid, q: home.room });
    expect(byRoom.items.map((item) => item.id)).toContain(home.id);
    expect(
      byRoom.items.every(
        (item) => item.room.startsWith(home.room) || item.residents.some((r) => r.name.startsWith(home.room)),
      ),
    ).toBe(true);
    const byName = await search({ node: home.ancestors.grid, q: home.residents[0]!.name });
    expect(byName.items.map((item) => item.id)).toContain(home.id);
    const tagged = await search({ node: home.ancestors.grid, tag: gridTag });
    expect(tagged.total).toBeGreaterThan(0);
    expect(tagged.items.every((item) => item.tags.includes(gridTag))).toBe(true);
    expect(tagged.total).toBeLessThan((await search({ node: home.ancestors.grid })).total);
  });

  it('pages through a grid with the cursor, each household once', async () => {
    const whole = await search({ node: home.ancestors.grid!, limit: '200' });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ node: home.ancestors.grid!, limit: '7', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(whole.items.map((item) => item.id));
    expect(seen).toHaveLength(whole.total);
  });

  it('refuses outside the caller’s area and answers bad input with a 400 naming the field', async () => {
    expect((await get('/households', gridLeader, { node: elsewhere.ancestors.unit })).status).toBe(403);
    expect((await get('/households', resident, { node: home.ancestors.unit })).status).toBe(403);
    expect((await get('/households', gridLeader, { node: 'un-nowhere' })).status).toBe(404);
    const community = await get('/households', communityStaff, { node: home.ancestors.community! });
    expect([community.status, fieldsOf(community.body)]).toEqual([400, ['node']]);
    for (const [query, field] of [
      [{ node: home.id }, 'node'],
      [{ node: home.ancestors.unit, tag: '陌生标签' }, 'tag'],
      [{ node: home.ancestors.unit, cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
      [{ node: home.ancestors.unit, limit: '0' }, 'limit'],
      [{}, 'node'],
    ] as const) {
      const { status, body } = await get('/households', gridLeader, query);
      expect([query, status, fieldsOf(body)]).toEqual([query, 400, [field]]);
    }
  });
});

describe('GET /stats/requests (the charts)', () => {
  const WINDOW = { from: '2026-11-01', to: '2026-12-31' };
  const stats = async (as = communityStaff, query: Record<string, string> = {}) => {
    const { status, body } = await get('/stats/requests', as, { ...WINDOW, ...query });
    expect(status).toBe(200);
    return body;
  };
  const gridRow = (body: Body) =>
    (body.slaByGrid as Body[]).find((row) => row.grid === home.ancestors.grid) ?? {};
  const acknowledgements = (body: Body) =>
    (body.timeToAcknowledge as { count: number }[]).reduce((total, bucket) => total + bucket.count, 0);
  const repairs = (body: Body) =>
    (body.categoriesByWeek as { counts: Record<string, number> }[]).reduce(
      (total, week) => total + (week.counts.repair ?? 0),
      0,
    );

  it('counts a request closed through the whole lifecycle once, even when an action is retried', async () => {
    const before = await stats();
    const id = await submit({ category: 'repair' });
    const leader = ((await system.request(id)).assignee as { holderId: string }).holderId;
    expect(await act(id, 'acknowledge', leader)).toBe(200);
    expect(await act(id, 'acknowledge', leader)).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect(await act(id, 'resolve', leader, { note: '已更换灯泡' })).toBe(200);
    await system.waitFor(id, 'AwaitResident');
    expect(await act(id, 'confirm', resident, { rating: 5 })).toBe(200);
    await system.waitFor(id, 'Closed');
    const after = await stats();
    const delta = (read: (body: Body) => unknown) => Number(read(after)) - Number(read(before));
    expect({
      raised: delta((body) => (body.totals as Body).raised),
      closed: delta((body) => (body.totals as Body).closed),
      gridClosed: delta((body) => gridRow(body).closed ?? 0),
      acknowledgedOnTime: delta((body) => gridRow(body).acknowledgedOnTime ?? 0),
      resolvedOnTime: delta((body) => gridRow(body).resolvedOnTime ?? 0),
      acknowledgements: delta(acknowledgements),
      repairs: delta(repairs),
    }).toEqual({
      raised: 1,
      closed: 1,
      gridClosed: 1,
      acknowledgedOnTime: 1,
      resolvedOnTime: 1,
      acknowledgements: 1,
      repairs: 1,
    });
    expect(gridRow(after).name).toEqual(expect.any(String));
  });

  it('counts an escalation by the level it reached, and narrows to a grid', async () => {
    const before = await stats(communityStaff, { node: home.ancestors.grid! });
    const id = await submit({ category: 'repair' });
    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    const after = await stats(communityStaff, { node: home.ancestors.grid! });
    const building = (body: Body) =>
      (body.escalationsByLevel as { level: string; count: number }[]).find((row) => row.level === 'building')!
        .count;
    expect(building(after) - building(before)).toBe(1);
    expect(after.grid).toBe(home.ancestors.grid);
    expect(new Set((after.slaByGrid as Body[]).map((row) => row.grid))).toEqual(
      new Set([home.ancestors.grid]),
    );
  });

  it('is for community, street and district staff, over what they serve', async () => {
    expect((await get('/stats/requests', unitLeader, WINDOW)).status).toBe(403);
    expect((await get('/stats/requests', gridLeader, WINDOW)).status).toBe(403);
    expect((await get('/stats/requests', resident, WINDOW)).status).toBe(403);
    const outside = { ...WINDOW, node: elsewhere.ancestors.community };
    expect((await get('/stats/requests', communityStaff, outside)).status).toBe(403);
    expect((await get('/stats/requests', communityStaff, { ...WINDOW, node: 'district' })).status).toBe(403);
    const whole = await stats('p-admin', { node: 'district' });
    expect(whole.communities).toEqual(
      expect.arrayContaining([home.ancestors.community, elsewhere.ancestors.community]),
    );
  });

  it('answers a bad window with a 400 naming the field (92 days, both ends in, is the most)', async () => {
    expect(
      (await get('/stats/requests', communityStaff, { from: '2026-09-01', to: '2026-12-01' })).status,
    ).toBe(200);
    for (const [query, field] of [
      [{ from: '2026-12-01', to: '2026-11-30' }, 'to'],
      [{ from: '2026-09-01', to: '2026-12-02' }, 'to'],
      [{ from: '1 Nov', to: '2026-11-30' }, 'from'],
      [{ from: '2026-11-01', to: '2026-11-31' }, 'to'],
      [{ from: '2026-11-01' }, 'to'],
      [{ ...WINDOW, node: home.ancestors.unit }, 'node'],
    ] as const) {
      const { status, body } = await get('/stats/requests', communityStaff, query);
      expect([query, status, fieldsOf(body)]).toEqual([query, 400, [field]]);
    }
  });
});
