import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as assignLeader } from '../../functions/workflow/assign-leader.js';
import { handler as autoConfirm } from '../../functions/workflow/auto-confirm.js';
import { handler as escalate } from '../../functions/workflow/escalate.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { getBalance, ISSUING_ACCOUNT, leaderAccount } from '../../shared/store/ledger-store.js';
import { putHierarchy } from '../../shared/store/hierarchy-store.js';
import { putProvider } from '../../shared/store/provider-store.js';
import { getRequestWithHistory } from '../../shared/store/request-store.js';
import { LocalSystem } from '../../local/local-system.js';
import { allItems, chainOf, config, household } from '../support/fixtures.js';

const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const resident = household().residents[0]!.personId;
const leaders = chainOf().map((link) => link.post!.holderId);
const [unitLeader, buildingLeader] = leaders as [string, string];

async function submit(body: Record<string, unknown> = {}, as = resident) {
  const response = await system.call('POST', '/requests', {
    as,
    body: { category: 'repair', description: '楼道灯不亮了', ...body },
  });
  expect(response.status).toBe(201);
  return String(response.body.id);
}

async function act(id: string, action: string, as: string, body?: unknown) {
  return system.call('POST', `/requests/${id}/${action}`, { as, ...(body ? { body } : {}) });
}

async function timeline(id: string, as = resident): Promise<string[]> {
  const { body } = await system.call('GET', `/requests/${id}`, { as });
  return (body.timeline as { event: string }[]).map((entry) => entry.event);
}

describe('the request lifecycle on DynamoDB Local and the synthesized state machine', () => {
  it('happy path: submit, unit leader texted, acknowledge, resolve, confirm with points in the ledger', async () => {
    const sentBefore = system.outbox.length;
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const texts = system.outbox.slice(sentBefore);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.to).toBe(chainOf()[0]!.post!.holderPhone);
    expect(texts[0]).toMatchObject({ template: 'assigned', text: expect.stringMatching(/新诉求/) });
    const [queued] = (await getRequestWithHistory(system.stack.deps.table, id))!.messages;
    expect(queued).toMatchObject({
      status: 'sent',
      template: 'assigned',
      params: texts[0]!.params,
      text: texts[0]!.text,
    });

    const issuingBefore = await getBalance(system.stack.deps.table, ISSUING_ACCOUNT);
    expect((await act(id, 'acknowledge', unitLeader)).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'resolve', unitLeader, { note: '已更换灯泡' })).status).toBe(200);
    await system.waitFor(id, 'AwaitResident');
    expect((await act(id, 'confirm', resident, { rating: 5 })).status).toBe(200);
    await system.waitFor(id, 'Closed');

    expect(await timeline(id)).toEqual(['submitted', 'assigned', 'acknowledged', 'resolved', 'confirmed']);
    const earned = 2 + 10 + 3 + 5;
    expect(await getBalance(system.stack.deps.table, leaderAccount(unitLeader))).toBeGreaterThanOrEqual(
      earned,
    );
    expect(await getBalance(system.stack.deps.table, ISSUING_ACCOUNT)).toBe(issuingBefore - earned);
    expect(system.workflow.transitionsOf(id)).toBeGreaterThan(0);
  });

  it('timeouts escalate through every level to the street, then flag it overdue and tell the supervisors', async () => {
    const id = await submit({ priority: 'urgent' });
    const levels: unknown[] = [];
    for (let level = 0; level < 5; level++) {
      await system.waitFor(id, 'AwaitLeader');
      levels.push((await system.request(id)).level);
      await system.passDeadline(id);
    }
    await system.waitFor(id, 'AwaitLeader');
    expect(levels).toEqual(['unit', 'building', 'grid', 'community', 'street']);
    const stored = await system.request(id);
    expect(stored).toMatchObject({ level: 'street', overdue: true, status: 'assigned' });
    await system.streamHandled();
    expect(system.outbox.at(-1)).toMatchObject({ to: 'supervisors' });
    // 银融社区's duty officer chose e-mail too (demo/demo-staff-email.ts): the escalation to the
    // community also reached them by e-mail, once, and by SMS as ever.
    const community = chainOf().find((link) => link.level === 'community')!.post!;
    expect(
      system.outbox.filter((sms) => sms.to === community.holderPhone).map((sms) => sms.template),
    ).toEqual(['escalatedTimeoutUrgent']);
    expect(
      system.stack.mail.sent.map((email) => [email.to, email.subject, email.body.includes('升级至您')]),
    ).toEqual([['yinrong@lvyuan.example.cn', '【绿园三长】紧急:诉求已升级', true]]);
    expect(await timeline(id)).toEqual([
      'submitted',
      'assigned',
      'escalated',
      'escalated',
      'escalated',
      'escalated',
      'overdue',
    ]);
  });

  it('a leader who let the deadline pass gives back the breached-SLA points when the request closes', async () => {
    const table = system.stack.deps.table;
    const unitBefore = await getBalance(table, leaderAccount(unitLeader));
    const buildingBefore = await getBalance(table, leaderAccount(buildingLeader));
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    await act(id, 'resolve', buildingLeader, { note: '楼栋长处理了' });
    await system.waitFor(id, 'AwaitResident');
    await act(id, 'confirm', resident, { rating: 4 });
    await system.waitFor(id, 'Closed');
    expect(await getBalance(table, leaderAccount(unitLeader))).toBe(unitBefore - Math.min(2, unitBefore));
    expect(await getBalance(table, leaderAccount(buildingLeader))).toBe(buildingBefore + 10 + 3 + 2);
  });

  it('a leader’s explicit escalation hands the request to the building leader', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'escalate', unitLeader, { note: '需要物业协调' })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    const stored = await system.request(id);
    expect(stored).toMatchObject({ level: 'building', status: 'assigned' });
    expect((stored.assignee as { holderId: string }).holderId).toBe(buildingLeader);
  });

  it('two leaders earn points on one request: the unit leader for acknowledging, the building leader for resolving', async () => {
    const table = system.stack.deps.table;
    const balances = () =>
      Promise.all(
        [ISSUING_ACCOUNT, leaderAccount(unitLeader), leaderAccount(buildingLeader)].map((account) =>
          getBalance(table, account),
        ),
      );
    const [issuingBefore, unitBefore, buildingBefore] = (await balances()) as [number, number, number];
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'acknowledge', unitLeader)).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'escalate', unitLeader, { note: '需要物业协调' })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'resolve', buildingLeader, { note: '物业已修好' })).status).toBe(200);
    await system.waitFor(id, 'AwaitResident');
    expect((await act(id, 'confirm', resident, { rating: 5 })).status).toBe(200);
    await system.waitFor(id, 'Closed');

    const unitEarned = 2;
    const buildingEarned = 10 + 3 + 5;
    expect(await balances()).toEqual([
      issuingBefore - unitEarned - buildingEarned,
      unitBefore + unitEarned,
      buildingBefore + buildingEarned,
    ]);
  });

  it('a vacant unit routes straight to the building leader', async () => {
    const vacantResident = household(DEMO_VACANT_UNIT_HOUSEHOLD_ID).residents[0]!.personId;
    const id = await submit({}, vacantResident);
    await system.waitFor(id, 'AwaitLeader');
    expect((await system.request(id)).level).toBe('building');
  });

  it('reject reopens with the same leader, who resolves again', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await act(id, 'resolve', unitLeader, { note: '已处理' });
    await system.waitFor(id, 'AwaitResident');
    expect((await act(id, 'reject', resident, { note: '灯还是不亮' })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect(await system.request(id)).toMatchObject({ status: 'acknowledged', reopenCount: 1, level: 'unit' });
    await act(id, 'resolve', unitLeader, { note: '换了线路' });
    await system.waitFor(id, 'AwaitResident');
    await act(id, 'confirm', resident, { rating: 4 });
    await system.waitFor(id, 'Closed');
    expect(await timeline(id)).toEqual([
      'submitted',
      'assigned',
      'resolved',
      'rejected',
      'resolved',
      'confirmed',
    ]);
  });

  it('a silent resident’s request is confirmed automatically', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await act(id, 'resolve', unitLeader, { note: '已处理' });
    await system.waitFor(id, 'AwaitResident');
    await system.passDeadline(id);
    await system.waitFor(id, 'Closed');
    expect(await system.request(id)).toMatchObject({ status: 'closed', closedBy: 'auto' });
    expect((await timeline(id)).at(-1)).toBe('auto-confirmed');
  });

  it('a leader acting after the timeout escalated gets a 409 that says so', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    const late = await act(id, 'acknowledge', unitLeader);
    expect(late.status).toBe(409);
    expect(String(late.body.detail)).toMatch(/escalated before your action/);
    expect(late.body.title).toBe('Conflict');
  });

  it('two actions at once: one wins, the other gets 409; a repeated identical action acts once', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    const [resolve, escalate] = await Promise.all([
      act(id, 'resolve', unitLeader, { note: '已处理' }),
      act(id, 'escalate', unitLeader),
    ]);
    expect([resolve.status, escalate.status].sort()).toEqual([200, 409]);

    const other = await submit();
    await system.waitFor(other, 'AwaitLeader');
    const twice = await Promise.all([
      act(other, 'acknowledge', unitLeader),
      act(other, 'acknowledge', unitLeader),
    ]);
    expect(twice.map((response) => response.status)).toEqual([200, 200]);
    expect((await timeline(other)).filter((event) => event === 'acknowledged')).toHaveLength(1);
  });

  it('a retried workflow step (a Lambda or Step Functions retry) writes nothing and sends nothing twice', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const sent = system.outbox.length;
    expect(sent).toBeGreaterThan(0);
    const before = await timeline(id);
    expect(await assignLeader({ requestId: id })).toMatchObject({ next: 'await-leader' });
    expect(await escalate({ requestId: id })).toMatchObject({ next: 'await-leader' });
    expect(await autoConfirm({ requestId: id })).toMatchObject({ next: 'await-leader' });
    await system.streamHandled();
    expect(system.outbox.length).toBe(sent);
    expect(await timeline(id)).toEqual(before);
  });

  it('a retried submission with the same Idempotency-Key creates one request', async () => {
    const headers = { 'idempotency-key': 'app-retry-0001' };
    const body = { category: 'drainage', description: '下水道堵了' };
    const first = await system.call('POST', '/requests', { as: resident, body, headers });
    const second = await system.call('POST', '/requests', { as: resident, body, headers });
    expect([first.status, second.status]).toEqual([201, 200]);
    expect(second.body.id).toBe(first.body.id);
    const reused = await system.call('POST', '/requests', {
      as: resident,
      body: { ...body, description: '别的事' },
      headers,
    });
    expect(reused.status).toBe(409);
  });
});

describe('dispatch to the ten staff and volunteer teams', () => {
  const plumbers = {
    kind: 'team' as const,
    id: 'team-plumbing',
    name: '楼栋牵手团(管道)',
    contact: { personId: 'p-plumber-lead', phone: '+8610000000011' },
    memberIds: ['p-plumber-lead', 'p-plumber-2'],
    specialities: ['drainage', 'repair'],
    scope: household().ancestors.grid,
  };
  beforeAll(() => putProvider(system.stack.deps.table, plumbers));

  it('leader dispatches, a team member reports it done, the leader resolves, the resident confirms', async () => {
    const id = await submit({ category: 'drainage', description: '下水道堵了' });
    await system.waitFor(id, 'AwaitLeader');
    const sent = await act(id, 'dispatch', unitLeader, { to: 'team-plumbing', note: '请带疏通机' });
    expect(sent.status).toBe(200);
    await system.streamHandled();
    expect(system.outbox.at(-1)).toMatchObject({ to: '+8610000000011' });
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'complete', 'p-plumber-2', { note: '已疏通' })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    await act(id, 'resolve', unitLeader, { note: '已确认疏通' });
    await system.waitFor(id, 'AwaitResident');
    await act(id, 'confirm', resident, { rating: 5 });
    await system.waitFor(id, 'Closed');
    expect(await timeline(id)).toEqual([
      'submitted',
      'assigned',
      'dispatched',
      'dispatch-completed',
      'resolved',
      'confirmed',
    ]);
  });

  it('a missed dispatch deadline brings the request back to its leader, not up a level', async () => {
    const id = await submit({ category: 'drainage', description: '下水道又堵了' });
    await system.waitFor(id, 'AwaitLeader');
    await act(id, 'dispatch', unitLeader, { to: 'team-plumbing' });
    await system.waitFor(id, 'AwaitLeader');
    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    expect(await system.request(id)).toMatchObject({ status: 'acknowledged', level: 'unit' });
    expect((await timeline(id)).at(-1)).toBe('dispatch-overdue');
  });

  it('refuses an unknown provider, one without the speciality, and a stranger reporting it done', async () => {
    const id = await submit({ category: 'dispute', description: '邻里纠纷' });
    await system.waitFor(id, 'AwaitLeader');
    const unknown = await act(id, 'dispatch', unitLeader, { to: 'team-nowhere' });
    expect([unknown.status, (unknown.body.errors as { field: string }[])[0]?.field]).toEqual([422, 'to']);
    expect((await act(id, 'dispatch', unitLeader, { to: 'team-plumbing' })).status).toBe(422);
    expect((await act(id, 'dispatch', unitLeader)).status).toBe(400);
    expect((await act(id, 'complete', 'p-plumber-2', { note: '完成' })).status).toBe(409);
  });
});

describe('work for one’s own household', () => {
  it('a team member of the household does not report its work done; another member does', async () => {
    const home = household();
    // A plumber who lives in the household: a resident of it, and service staff of the grid.
    await putHierarchy(system.stack.deps.table, {
      nodes: [],
      households: [
        {
          ...home,
          residents: [
            ...home.residents,
            { personId: 'p-plumber-home', name: '住户管道工', phone: '+8610000000013', relation: '子女' },
          ],
        },
      ],
      persons: [
        {
          id: 'p-plumber-home',
          name: '住户管道工',
          phone: '+8610000000013',
          grants: [{ role: 'service_staff', scope: home.ancestors.grid }],
        },
      ],
    });
    await putProvider(system.stack.deps.table, {
      kind: 'team',
      id: 'team-home',
      name: '楼栋牵手团(本户)',
      contact: { personId: 'p-plumber-lead', phone: '+8610000000011' },
      memberIds: ['p-plumber-lead', 'p-plumber-home'],
      specialities: ['drainage'],
      scope: home.ancestors.grid,
    });
    const id = await submit({ category: 'drainage', description: '自家下水道堵了' });
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'dispatch', unitLeader, { to: 'team-home' })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect((await act(id, 'complete', 'p-plumber-home', { note: '自己修好了' })).status).toBe(403);
    expect(await system.request(id)).toMatchObject({ status: 'dispatched' });
    expect((await act(id, 'complete', 'p-plumber-lead', { note: '已疏通' })).status).toBe(200);
  });
});

describe('bad input writes nothing', () => {
  const cases: [string, Parameters<LocalSystem['call']>[2], number, string][] = [
    ['malformed JSON', { rawBody: '{"category":' }, 400, 'body'],
    ['a missing description', { body: { category: 'repair' } }, 400, 'description'],
    ['an unknown category', { body: { category: 'ufo', description: '外星人' } }, 400, 'category'],
    [
      'a bad priority',
      { body: { category: 'repair', description: '门坏了', priority: 'now' } },
      400,
      'priority',
    ],
    [
      'an unknown field',
      { body: { category: 'repair', description: '门坏了', colour: 'red' } },
      400,
      'colour',
    ],
    [
      'a photo that is not a URL',
      { body: { category: 'repair', description: '门坏了', photos: ['x'] } },
      400,
      'photos.0',
    ],
  ];

  it.each(cases)('%s is refused, naming the field', async (_name, options, status, field) => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const response = await system.call('POST', '/requests', { as: resident, ...options });
    expect(response.status).toBe(status);
    expect(response.body.status).toBe(status);
    expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });

  it('an unknown household → 422 naming householdId, nothing written', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const staff = leaders[3]!;
    const response = await system.call('POST', '/requests', {
      as: staff,
      body: { householdId: 'hh-nowhere', category: 'repair', description: '门坏了' },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([{ field: 'householdId', message: 'unknown household' }]);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });

  it('an unknown action, a rating out of range, an action not allowed now: 4xx, nothing written', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const before = (await allItems(system)).length;
    expect((await act(id, 'teleport', unitLeader)).status).toBe(400);
    expect((await act(id, 'confirm', resident, { rating: 9 })).status).toBe(400);
    expect((await act(id, 'confirm', resident, { rating: 5 })).status).toBe(409);
    expect((await act(id, 'resolve', unitLeader)).status).toBe(400);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });
});

describe('who may see and do what', () => {
  it('no token → 401; a person with no post or role → 403', async () => {
    expect((await system.call('GET', '/requests')).status).toBe(401);
    expect((await system.call('GET', '/requests', { as: 'p-nobody' })).status).toBe(403);
  });

  it('a resident cannot tell whether another household exists: 403 either way, nothing read', async () => {
    const other = await system.call('GET', `/requests?householdId=${DEMO_VACANT_UNIT_HOUSEHOLD_ID}`, {
      as: resident,
    });
    const none = await system.call('GET', '/requests?householdId=hh-nowhere-101', { as: resident });
    const submitNone = await system.call('POST', '/requests', {
      as: resident,
      body: { householdId: 'hh-nowhere-101', category: 'repair', description: '门坏了' },
    });
    expect([other.status, none.status, submitNone.status]).toEqual([403, 403, 403]);
    expect(none.body.errors).toEqual(other.body.errors);
  });

  it('a listing by one filter at a time, and a cursor only for the listing that returned it', async () => {
    const both = await system.call(
      'GET',
      `/requests?node=${household().ancestors.unit}&status=assigned&assignee=${unitLeader}`,
      {
        as: unitLeader,
      },
    );
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([{ field: 'assignee', message: 'cannot be combined with node' }]);
    await submit();
    await submit();
    const page = await system.call('GET', '/requests?limit=1', { as: resident });
    const cursor = String(page.body.nextCursor);
    const misused = await system.call('GET', `/requests?assignee=${unitLeader}&cursor=${cursor}`, {
      as: unitLeader,
    });
    expect(misused.status).toBe(400);
    expect((misused.body.errors as { field: string }[])[0]?.field).toBe('cursor');
  });

  it('a leader lists what is assigned to them; a resident lists their household’s requests only, phones masked', async () => {
    const id = await submit();
    await system.waitFor(id, 'AwaitLeader');
    const mine = await system.call('GET', '/requests?status=assigned', { as: unitLeader });
    expect((mine.body.items as { id: string }[]).map((item) => item.id)).toContain(id);
    const own = await system.call('GET', '/requests', { as: resident });
    const items = own.body.items as { householdId: string; assignee?: { holderPhone: string } }[];
    expect(items.every((item) => item.householdId === DEMO_HOUSEHOLD_ID)).toBe(true);
    expect(items.find((item) => item.assignee)?.assignee?.holderPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });
});
