import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DUAL_POST_BUILDING_ID, DEMO_DUAL_POST_UNIT_ID, demoNode } from '../../demo/lvyuan-district.js';
import { handler as fanOutHandler } from '../../functions/notifications/fan-out-notice.js';
import { LocalSystem } from '../../local/local-system.js';
import { keys } from '../../shared/store/keys.js';
import { sweepUnreadNotices } from '../../shared/services/notices/unread-sweep.js';
import { allItems, config, district, household } from '../support/fixtures.js';
import { insertRecord, streamEvent } from '../support/stream-event.js';

/**
 * Notices to a place on DynamoDB Local, through the local API and the table's stream: a grid's
 * notice reaches each leader under it once (one SMS per person, however many posts), a replayed
 * stream record writes nothing new, reading twice counts once, and an urgent notice's unread
 * readers are reminded once and its sender told once.
 */
const system = new LocalSystem(config);
beforeAll(() => system.start(), 300_000);
afterAll(() => system.stop());

const home = household();
const resident = home.residents[0]!.personId;
const gridId = home.ancestors.grid;
const gridLeader = demoNode(district, gridId)!.post!.holderId;
const communityStaff = demoNode(district, home.ancestors.community)!.post!.holderId;
const otherGrid = district.nodes.find(
  (node) =>
    node.type === 'grid' && node.ancestors.community === home.ancestors.community && node.id !== gridId,
)!.id;

/** Every leader under the grid, each once, as the demo district has them. */
const leadersUnderGrid = [
  ...new Set(
    district.nodes
      .filter((node) => node.ancestors.grid === gridId && node.id !== gridId)
      .flatMap((node) => [node.post?.holderId, node.deputy?.holderId])
      .filter((id): id is string => id !== undefined && id !== gridLeader),
  ),
].sort();

type Body = Record<string, unknown>;
const fieldOf = (body: Body) => (body.errors as { field: string }[] | undefined)?.[0]?.field;

async function partition(noticeId: string) {
  const { Items = [] } = await system.observer.db.send(
    new QueryCommand({
      TableName: system.observer.name,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.noticePartition(noticeId) },
    }),
  );
  return Items;
}
const messagesOf = async (noticeId: string) =>
  (await partition(noticeId)).filter((item) => String(item.SK).startsWith('MSG#'));

async function post(as: string, body: Body, key: string) {
  return system.call('POST', '/notices', { as, body, headers: { 'idempotency-key': key } });
}

describe('a notice to a grid', () => {
  let noticeId = '';

  it('is posted by the grid leader and reaches every leader under the grid once', async () => {
    const posted = await post(
      gridLeader,
      { place: gridId, title: '周六停水通知', body: '本周六8:00至18:00停水,请提前储水。', urgent: true },
      'notice-grid-0001',
    );
    expect(posted.status).toBe(201);
    noticeId = String(posted.body.id);
    expect(posted.body).toMatchObject({ place: gridId, placeLevel: 'grid', recipientCount: 0, readCount: 0 });
    await system.streamHandled();

    const items = await partition(noticeId);
    const readers = items.filter((item) => String(item.SK).startsWith('READER#'));
    expect(readers.map((item) => item.personId).sort()).toEqual(leadersUnderGrid);
    const messages = await messagesOf(noticeId);
    expect(messages.map((item) => (item.to as { personId: string }).personId).sort()).toEqual(
      leadersUnderGrid,
    );
    expect(messages[0]).toMatchObject({
      type: 'message',
      kind: 'notice',
      template: 'noticeUrgent',
      recipientRole: 'leader',
      urgent: true,
      // Urgent: sent at once, quiet hours or not, by the notification path the test waited for.
      status: 'sent',
      noticeId,
      place: { community: home.ancestors.community, grid: gridId, level: 'grid' },
    });
    expect(String(messages[0]!.text)).toContain('周六停水通知');
    const notice = items.find((item) => item.SK === 'NOTICE');
    expect(notice?.recipientCount).toBe(leadersUnderGrid.length);
  });

  it('gives a person who holds two posts under the grid one SMS', async () => {
    const dual = demoNode(district, DEMO_DUAL_POST_UNIT_ID)!.post!.holderId;
    expect(demoNode(district, DEMO_DUAL_POST_BUILDING_ID)!.post!.holderId).toBe(dual);
    const theirs = (await messagesOf(noticeId)).filter(
      (item) => (item.to as { personId: string }).personId === dual,
    );
    expect(theirs).toHaveLength(1);
  });

  it('writes nothing new when the stream record is replayed', async () => {
    await system.streamHandled();
    const before = await allItems(system);
    const stored = before.find((item) => item.PK === keys.noticePartition(noticeId) && item.SK === 'NOTICE');
    const result = await fanOutHandler(streamEvent(insertRecord(stored as { PK: string; SK: string }, '1')));
    expect(result).toEqual({ batchItemFailures: [] });
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it('answers a retry under the same key with the same notice, and writes no second one', async () => {
    const retried = await post(
      gridLeader,
      { place: gridId, title: '周六停水通知', body: '本周六8:00至18:00停水,请提前储水。', urgent: true },
      'notice-grid-0001',
    );
    expect(retried.status).toBe(200);
    expect(retried.body.id).toBe(noticeId);
    const reused = await post(
      gridLeader,
      { place: gridId, title: '另一件事', body: '内容', urgent: false },
      'notice-grid-0001',
    );
    expect(reused.status).toBe(409);
  });

  it('counts a reader once however often they confirm', async () => {
    const reader = leadersUnderGrid[0]!;
    const first = await system.call('POST', `/notices/${noticeId}/read`, { as: reader });
    expect(first.status).toBe(200);
    const second = await system.call('POST', `/notices/${noticeId}/read`, { as: reader });
    expect(second.body).toEqual(first.body);
    const detail = await system.call('GET', `/notices/${noticeId}`, { as: gridLeader });
    expect(detail.status).toBe(200);
    expect(detail.body.readCount).toBe(1);
    const readers = detail.body.readers as { read: { personId: string }[]; unread: { personId: string }[] };
    expect(readers.read.map((one) => one.personId)).toEqual([reader]);
    expect(readers.unread).toHaveLength(leadersUnderGrid.length - 1);

    const notReader = await system.call('POST', `/notices/${noticeId}/read`, { as: resident });
    expect(notReader.status).toBe(403);
  });

  it('lists it by place with counts, as the reader’s own with the read state, and for the household', async () => {
    const byPlace = await system.call('GET', `/notices?place=${gridId}`, { as: communityStaff });
    expect(byPlace.status).toBe(200);
    expect((byPlace.body.items as Body[])[0]).toMatchObject({ id: noticeId, readCount: 1 });

    const mine = await system.call('GET', '/notices?mine=true', { as: leadersUnderGrid[0]! });
    expect((mine.body.items as Body[])[0]).toMatchObject({ id: noticeId, title: '周六停水通知' });
    expect((mine.body.items as Body[])[0]!.readAt).toBeDefined();

    const forHome = await system.call('GET', `/households/${home.id}/notices`, { as: resident });
    expect(forHome.status).toBe(200);
    expect((forHome.body.items as Body[]).map((item) => item.id)).toContain(noticeId);
    const residentView = await system.call('GET', `/notices/${noticeId}`, { as: resident });
    expect(residentView.status).toBe(200);
    expect(residentView.body.readers).toBeUndefined();

    const notServing = await system.call('GET', `/notices?place=${gridId}`, { as: resident });
    expect(notServing.status).toBe(403);
  });

  it('reminds each unread reader once, then tells the sender once', async () => {
    const start = system.clock.now();
    // The demo's own urgent notice, a day old, is reminded, then reported: then nothing is due.
    await sweepUnreadNotices(system.stack.deps);
    await sweepUnreadNotices(system.stack.deps);
    expect(await sweepUnreadNotices(system.stack.deps)).toEqual({ reminded: 0, reported: 0 });
    try {
      system.clock.set(new Date(start.getTime() + 121 * 60_000));
      const unread = leadersUnderGrid.length - 1;
      expect(await sweepUnreadNotices(system.stack.deps)).toEqual({ reminded: unread, reported: 0 });
      expect(await sweepUnreadNotices(system.stack.deps)).toEqual({ reminded: 0, reported: 0 });

      system.clock.set(new Date(start.getTime() + 241 * 60_000));
      expect(await sweepUnreadNotices(system.stack.deps)).toEqual({ reminded: 0, reported: 1 });
      expect(await sweepUnreadNotices(system.stack.deps)).toEqual({ reminded: 0, reported: 0 });

      const messages = await messagesOf(noticeId);
      expect(messages.filter((item) => item.template === 'noticeReminder')).toHaveLength(unread);
      const reports = messages.filter((item) => item.template === 'noticeReport');
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ kind: 'notice-report', to: { personId: gridLeader } });
      expect(reports[0]!.params).toEqual(['周六停水通知', String(unread)]);
    } finally {
      system.clock.set(start);
    }
  });
});

describe('posting a notice that may not be', () => {
  const valid = { place: gridId, title: '通知', body: '内容', urgent: false };

  it.each([
    ['a title over 20 characters', { ...valid, title: '长'.repeat(21) }, 400, 'title'],
    ['a body over 1000 characters', { ...valid, body: '长'.repeat(1001) }, 400, 'body'],
    ['an expiry in the past', { ...valid, expiresAt: '2020-01-01T00:00:00Z' }, 400, 'expiresAt'],
    ['a place outside the caller’s grid', { ...valid, place: otherGrid }, 403, 'place'],
    ['an unknown place', { ...valid, place: 'gd-nowhere' }, 404, 'place'],
  ])('refuses %s and writes nothing', async (_what, body, status, field) => {
    await system.streamHandled();
    const before = await allItems(system);
    const refused = await post(gridLeader, body, `refused-${field}-${status}`);
    expect(refused.status).toBe(status);
    expect(fieldOf(refused.body)).toBe(field);
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it('refuses a building leader and a resident (403); a post without an Idempotency-Key, to a household, a listing without place or mine (400)', async () => {
    const buildingLeader = demoNode(district, home.ancestors.building)!.post!.holderId;
    expect(
      (await post(buildingLeader, { ...valid, place: home.ancestors.unit }, 'refused-building')).status,
    ).toBe(403);
    expect((await post(resident, { ...valid, place: home.ancestors.unit }, 'refused-resident')).status).toBe(
      403,
    );
    const keyless = await system.call('POST', '/notices', { as: gridLeader, body: valid });
    expect(keyless.status).toBe(400);
    const neither = await system.call('GET', '/notices', { as: gridLeader });
    expect([neither.status, fieldOf(neither.body)]).toEqual([400, 'place']);
    const household = await post(gridLeader, { ...valid, place: home.id }, 'refused-household');
    expect([household.status, fieldOf(household.body)]).toEqual([400, 'place']);
  });
});
