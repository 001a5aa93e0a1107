import { DEMO_ADMIN } from '../../demo/demo-intake.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLD_ID, demoNode } from '../../demo/lvyuan-district.js';
import { DISTRICT_SCOPE } from '../../shared/domain/access.js';
import type { HierarchyNode, Household } from '../../shared/domain/hierarchy.js';
import { LocalSystem } from '../../local/local-system.js';
import {
  getAnyNode,
  getChain,
  getHousehold,
  putHierarchy,
  writeNodes,
} from '../../shared/store/hierarchy-store.js';
import { postChangeItem } from '../../shared/store/post-history-store.js';
import { allItems, config, district, household } from '../support/fixtures.js';

/**
 * The hierarchy as a managed resource, on DynamoDB Local with the synthesized state machine: nodes,
 * households, people, posts with their history, moves and re-gridding, and the open requests that
 * follow a post or a building.
 */
const system = new LocalSystem(config);

const holderOf = (nodeId: string) => {
  const post = demoNode(district, nodeId)?.post;
  if (!post) throw new Error(`${nodeId} has no leader in the demo`);
  return post;
};
const firstHouseholdIn = (unitId: string) =>
  district.households.find((candidate) => candidate.parentId === unitId) as Household;

/** The demo's district admin (seeded with the demo district). */
const ADMIN = DEMO_ADMIN.id;
const WATER = 'p-water';
/** 银融社区's duty officer: community_staff of cm-yinrong. */
const COMMUNITY = holderOf('cm-yinrong').holderId;
/** 丰和社区's duty officer: the same role, in another community and street. */
const OTHER_COMMUNITY = holderOf('cm-fenghe').holderId;
const GRID_1_LEADER = holderOf('gd-yinrong-1').holderId;
const GRID_2_LEADER = holderOf('gd-yinrong-2');
const OTHER_GRID_LEADER = holderOf('gd-fenghe-1').holderId;
const resident = household().residents[0]!.personId;

beforeAll(async () => {
  await system.start();
  await putHierarchy(system.stack.deps.table, {
    nodes: [],
    households: [],
    persons: [
      {
        id: WATER,
        name: '供水员',
        phone: '+8610000000102',
        grants: [{ role: 'service_staff', scope: 'gd-yinrong-1' }],
      },
    ],
  });
});
afterAll(() => system.stop());

const call = (method: string, path: string, as: string, body?: unknown) =>
  system.call(method, path, { as, ...(body === undefined ? {} : { body }) });
const fields = (body: Record<string, unknown>) =>
  (body.errors as { field: string }[]).map((error) => error.field);

async function submit(as: string, body: Record<string, unknown> = {}) {
  const response = await system.call('POST', '/requests', {
    as,
    body: { category: 'repair', description: '楼道灯不亮了', ...body },
  });
  expect(response.status).toBe(201);
  const id = String(response.body.id);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}

async function timeline(id: string) {
  const { body } = await call('GET', `/requests/${id}`, ADMIN);
  return body.timeline as { event: string; reason?: string; assigneeId?: string }[];
}

const assigneeOf = async (id: string) =>
  ((await system.request(id)).assignee as { holderId: string } | undefined)?.holderId;

describe('nodes: create, read, update, list children, delete', () => {
  it('community staff build a grid, a building and a unit in their community; reads show them', async () => {
    const grid = await call('POST', '/nodes', COMMUNITY, {
      id: 'gd-yinrong-3',
      type: 'grid',
      name: '第三网格',
      parentId: 'cm-yinrong',
    });
    expect(grid.status).toBe(201);
    expect(grid.body).toMatchObject({
      id: 'gd-yinrong-3',
      parentId: 'cm-yinrong',
      ancestors: { street: 'st-qingnianlu', community: 'cm-yinrong', grid: 'gd-yinrong-3' },
    });
    expect(
      (
        await call('POST', '/nodes', COMMUNITY, {
          id: 'bd-yinrong-3-7',
          type: 'building',
          name: '7栋',
          parentId: 'gd-yinrong-3',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/nodes', COMMUNITY, {
          id: 'un-yinrong-3-7-1',
          type: 'unit',
          name: '1单元',
          parentId: 'bd-yinrong-3-7',
        })
      ).status,
    ).toBe(201);

    const unit = await call('GET', '/nodes/un-yinrong-3-7-1', COMMUNITY);
    expect(unit.status).toBe(200);
    expect(unit.body.ancestors).toEqual({
      street: 'st-qingnianlu',
      community: 'cm-yinrong',
      grid: 'gd-yinrong-3',
      building: 'bd-yinrong-3-7',
      unit: 'un-yinrong-3-7-1',
    });

    const renamed = await call('PATCH', '/nodes/bd-yinrong-3-7', COMMUNITY, { name: '7号楼' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('7号楼');

    const children = await call('GET', '/nodes/cm-yinrong/children', COMMUNITY);
    expect((children.body.items as { id: string }[]).map((child) => child.id)).toEqual([
      'gd-yinrong-1',
      'gd-yinrong-2',
      'gd-yinrong-3',
    ]);
    const buildings = await call('GET', '/nodes/gd-yinrong-3/children', COMMUNITY);
    expect(buildings.body.items).toEqual([
      expect.objectContaining({ id: 'bd-yinrong-3-7', type: 'building', name: '7号楼' }),
    ]);
    const streets = await call('GET', `/nodes/${DISTRICT_SCOPE}/children`, ADMIN);
    expect((streets.body.items as unknown[]).length).toBe(4);
    expect((await call('GET', `/nodes/${DISTRICT_SCOPE}/children`, COMMUNITY)).status).toBe(403);
  });

  it('a parent of the wrong type → 422 naming parentId, and nothing is written', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const wrong = await call('POST', '/nodes', COMMUNITY, {
      id: 'bd-nowhere',
      type: 'building',
      name: '9栋',
      parentId: 'un-yinrong-1-3-1',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { field: 'parentId', message: 'a building goes under a grid, not a unit' },
    ]);
    const unknown = await call('POST', '/nodes', COMMUNITY, {
      id: 'bd-nowhere',
      type: 'building',
      name: '9栋',
      parentId: 'gd-none',
    });
    expect([unknown.status, fields(unknown.body)]).toEqual([422, ['parentId']]);
    const badId = await call('POST', '/nodes', COMMUNITY, {
      id: 'BD 9',
      type: 'building',
      name: '9栋',
      parentId: 'gd-yinrong-1',
    });
    expect([badId.status, fields(badId.body)]).toEqual([400, ['id']]);
    const noParent = await call('POST', '/nodes', COMMUNITY, {
      id: 'bd-nowhere',
      type: 'building',
      name: '9栋',
    });
    expect([noParent.status, fields(noParent.body)]).toEqual([400, ['parentId']]);
    const household = await call('POST', '/nodes', COMMUNITY, {
      id: 'hh-x',
      type: 'household',
      name: 'x',
      parentId: 'un-yinrong-1-3-1',
    });
    expect([household.status, fields(household.body)]).toEqual([400, ['type']]);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });

  it('outside their scope, or above their level, managers get 403 that says why', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const street = await call('POST', '/nodes', COMMUNITY, { id: 'st-new', type: 'street', name: '新街道' });
    expect(street.status).toBe(403);
    expect(String(street.body.detail)).toMatch(/only a district admin may/);
    const elsewhere = await call('POST', '/nodes', OTHER_COMMUNITY, {
      id: 'gd-x',
      type: 'grid',
      name: 'x',
      parentId: 'cm-yinrong',
    });
    expect(elsewhere.status).toBe(403);
    expect((await call('PATCH', '/nodes/cm-yinrong', COMMUNITY, { name: '改名' })).status).toBe(403);
    expect(
      (
        await call('POST', '/nodes', GRID_1_LEADER, {
          id: 'bd-x',
          type: 'building',
          name: 'x',
          parentId: 'gd-yinrong-1',
        })
      ).status,
    ).toBe(403);
    expect((await call('GET', '/nodes/gd-yinrong-1', OTHER_GRID_LEADER)).status).toBe(403);
    expect((await call('GET', '/nodes/un-yinrong-1-3-2', resident)).status).toBe(403);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
    expect(
      (await call('POST', '/nodes', ADMIN, { id: 'st-new', type: 'street', name: '新街道' })).status,
    ).toBe(201);
    expect(
      (await call('POST', '/nodes', ADMIN, { id: 'st-new', type: 'street', name: '新街道' })).status,
    ).toBe(409);
  });

  it('deleting a node with children → 409; empty nodes delete from the bottom up', async () => {
    const refused = await call('DELETE', '/nodes/gd-yinrong-3', COMMUNITY);
    expect(refused.status).toBe(409);
    expect(String(refused.body.detail)).toMatch(/has children/);
    for (const id of ['un-yinrong-3-7-1', 'bd-yinrong-3-7', 'gd-yinrong-3']) {
      expect((await call('DELETE', `/nodes/${id}`, COMMUNITY)).status, id).toBe(204);
    }
    expect((await call('GET', '/nodes/gd-yinrong-3', COMMUNITY)).status).toBe(404);
    expect(await getAnyNode(system.observer, 'un-yinrong-3-7-1')).toBeUndefined();
  });

  it('a node with a leader or with open requests is not deleted', async () => {
    const led = await call('DELETE', '/nodes/un-yinrong-2-5-2', COMMUNITY);
    expect(led.status).toBe(409);
    expect(String(led.body.detail)).toMatch(/vacate the post first/);
    expect((await call('DELETE', '/nodes/un-yinrong-1-1-2', COMMUNITY)).status).toBe(409);
  });
});

describe('households (一户一档)', () => {
  const file = {
    id: 'hh-yinrong-1-3-1-1101',
    unitId: 'un-yinrong-1-3-1',
    room: '1101',
    residents: [
      { personId: 'p-zhou-1101', name: '周桂英', phone: '+8610000001101', relation: '户主' },
      { personId: 'p-zhou-1101-son', name: '周浩然', phone: '+8610000001102', relation: '子女' },
    ],
    tags: ['独居老人', '重点关注'],
    needs: [{ what: '每周代购', note: '周三上午' }],
  };

  it('the grid leader files a household in their grid, with members, tags and needs', async () => {
    const created = await call('POST', '/households', GRID_1_LEADER, file);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: file.id,
      type: 'household',
      address: '银融社区 3栋 1单元 1101',
      parentId: file.unitId,
      ancestors: { grid: 'gd-yinrong-1', unit: file.unitId },
      residents: file.residents,
      tags: file.tags,
      needs: file.needs,
    });
    const changed = await call('PATCH', `/households/${file.id}`, GRID_1_LEADER, {
      tags: ['独居老人'],
      needs: [],
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ tags: ['独居老人'], needs: [] });
    const children = await call('GET', `/nodes/${file.unitId}/children`, GRID_1_LEADER);
    expect((children.body.items as { id: string }[]).map((child) => child.id)).toContain(file.id);
  });

  it('bad input names the field and writes nothing', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const tag = await call('POST', '/households', GRID_1_LEADER, {
      ...file,
      id: 'hh-new-1',
      tags: ['低保', '富豪'],
    });
    expect([tag.status, fields(tag.body)]).toEqual([400, ['tags.1']]);
    const phone = await call('POST', '/households', GRID_1_LEADER, {
      ...file,
      id: 'hh-new-1',
      residents: [{ ...file.residents[0], phone: '1380000' }],
    });
    expect([phone.status, fields(phone.body)]).toEqual([400, ['residents.0.phone']]);
    const wrongParent = await call('POST', '/households', GRID_1_LEADER, {
      ...file,
      id: 'hh-new-1',
      unitId: 'bd-yinrong-1-3',
    });
    expect([wrongParent.status, fields(wrongParent.body)]).toEqual([422, ['unitId']]);
    const outside = await call('POST', '/households', GRID_1_LEADER, {
      ...file,
      id: 'hh-new-1',
      unitId: 'un-yinrong-2-2-1',
    });
    expect(outside.status).toBe(403);
    const taken = await call('POST', '/households', GRID_1_LEADER, file);
    expect([taken.status, fields(taken.body)]).toEqual([409, ['id']]);
    expect((await call('PATCH', `/households/${file.id}`, GRID_1_LEADER, {})).status).toBe(400);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });

  it('a resident reads their own household in full; another household does not exist for them', async () => {
    const own = await call('GET', `/households/${DEMO_HOUSEHOLD_ID}`, resident);
    expect(own.status).toBe(200);
    expect((own.body.residents as { phone: string }[])[0]!.phone).toMatch(/^\+86/);
    expect((await call('GET', `/households/${file.id}`, resident)).status).toBe(404);
    expect((await call('GET', `/households/hh-does-not-exist`, resident)).status).toBe(404);
    expect((await call('PATCH', `/households/${DEMO_HOUSEHOLD_ID}`, resident, { tags: [] })).status).toBe(
      403,
    );
  });

  it('a leader outside the household’s area gets 403; service staff see phones masked', async () => {
    expect((await call('GET', `/households/${file.id}`, OTHER_GRID_LEADER)).status).toBe(403);
    const masked = await call('GET', `/households/${file.id}`, WATER);
    expect(masked.status).toBe(200);
    expect((masked.body.residents as { phone: string }[]).map((member) => member.phone)).toEqual([
      '100****1101',
      '100****1102',
    ]);
  });

  it('grid leaders do not delete households; staff do, unless a request is open', async () => {
    expect((await call('DELETE', `/households/${file.id}`, GRID_1_LEADER)).status).toBe(403);
    const withRequest = firstHouseholdIn('un-yinrong-2-2-2');
    await submit(withRequest.residents[0]!.personId);
    const open = await call('DELETE', `/households/${withRequest.id}`, COMMUNITY);
    expect(open.status).toBe(409);
    expect(String(open.body.detail)).toMatch(/open request/);
    expect((await call('DELETE', `/households/${file.id}`, COMMUNITY)).status).toBe(204);
    expect(await getHousehold(system.observer, file.id)).toBeUndefined();
  });
});

describe('people and posts, with history; open requests move with the post', () => {
  const unitId = 'un-yinrong-2-2-1';
  const home = firstHouseholdIn(unitId);
  const oldLeader = holderOf(unitId);
  const newLeader = { id: 'p-new-unit', name: '郑新', phone: '+8610000002001' };

  it('people are added by staff, read with their posts, and their ids are checked', async () => {
    expect((await call('POST', '/people', GRID_1_LEADER, newLeader)).status).toBe(403);
    const created = await call('POST', '/people', COMMUNITY, newLeader);
    expect(created.status).toBe(201);
    expect((await call('POST', '/people', COMMUNITY, newLeader)).status).toBe(409);
    const bad = await call('POST', '/people', COMMUNITY, { id: 'p-x', name: 'x', phone: '12345' });
    expect([bad.status, fields(bad.body)]).toEqual([400, ['phone']]);
    const leader = await call('GET', `/people/${oldLeader.holderId}`, COMMUNITY);
    expect(leader.body).toMatchObject({
      id: oldLeader.holderId,
      phone: oldLeader.holderPhone,
      posts: [{ nodeId: unitId, type: 'unit' }],
    });
  });

  it('replacing the unit leader moves the unit’s open request to the new leader, with a timeline entry and an SMS', async () => {
    const id = await submit(home.residents[0]!.personId);
    expect(await assigneeOf(id)).toBe(oldLeader.holderId);
    const before = await system.call('POST', `/requests/${id}/acknowledge`, { as: oldLeader.holderId });
    expect(before.status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const sent = system.outbox.length;

    const unknown = await call('PUT', `/nodes/${unitId}/post`, COMMUNITY, { personId: 'p-nobody-at-all' });
    expect([unknown.status, fields(unknown.body)]).toEqual([422, ['personId']]);
    const outside = await call('PUT', `/nodes/${unitId}/post`, OTHER_COMMUNITY, { personId: newLeader.id });
    expect(outside.status).toBe(403);
    const replaced = await call('PUT', `/nodes/${unitId}/post`, COMMUNITY, { personId: newLeader.id });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      node: { post: { holderId: newLeader.id, holderPhone: newLeader.phone } },
      change: {
        action: 'replaced',
        holder: { personId: newLeader.id },
        previous: { personId: oldLeader.holderId },
      },
      rerouted: 1,
    });

    await system.waitFor(id, 'AwaitLeader');
    expect(await system.request(id)).toMatchObject({
      status: 'assigned',
      level: 'unit',
      assignee: { holderId: newLeader.id },
    });
    expect((await timeline(id)).at(-1)).toMatchObject({
      event: 'rerouted',
      assigneeId: newLeader.id,
      reason: `单元长 of ${demoNode(district, unitId)!.name} changed from ${oldLeader.holderName} to ${newLeader.name}`,
    });
    await system.streamHandled();
    expect(system.outbox.slice(sent).map((message) => message.to)).toEqual([newLeader.phone]);

    // The new leader's access comes from the table at once: they act; the old leader no longer may.
    expect((await system.call('POST', `/requests/${id}/acknowledge`, { as: newLeader.id })).status).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    expect((await call('GET', `/nodes/${unitId}`, oldLeader.holderId)).status).toBe(403);

    // Asking again for what is already so changes nothing.
    const again = await call('PUT', `/nodes/${unitId}/post`, COMMUNITY, { personId: newLeader.id });
    expect(again.body).toMatchObject({ rerouted: 0 });
    expect(again.body.change).toBeUndefined();
  });

  it('a changed phone reaches the post and the requests the leader holds', async () => {
    const phone = '+8610000002999';
    // The leader's post is outside the grid leader's area: for them the person does not exist.
    expect((await call('PATCH', `/people/${newLeader.id}`, GRID_1_LEADER, { phone })).status).toBe(404);
    const changed = await call('PATCH', `/people/${newLeader.id}`, COMMUNITY, { phone });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ phone, updated: { posts: 1, requests: 1 } });
    const node = (await getAnyNode(system.observer, unitId)) as HierarchyNode;
    expect(node.post?.holderPhone).toBe(phone);
    const asStaff = await call('GET', `/nodes/${unitId}`, COMMUNITY);
    expect((asStaff.body.post as { holderPhone: string }).holderPhone).toBe(phone);
    const listed = await call('GET', `/requests?assignee=${newLeader.id}`, ADMIN);
    const [first] = listed.body.items as { id: string }[];
    const held = await system.request(first!.id);
    expect((held.assignee as { holderPhone: string }).holderPhone).toBe(phone);
    // Service staff see a leader's phone masked.
    const masked = await call('GET', '/nodes/un-yinrong-1-3-1', WATER);
    expect((masked.body.post as { holderPhone: string }).holderPhone).toMatch(/^\d{3}\*{4}\d{4}$/);
    newLeader.phone = phone;
  });

  it('a person’s e-mail address (for staff e-mail) is set, checked, and removed with null', async () => {
    const bad = await call('PATCH', `/people/${newLeader.id}`, COMMUNITY, { email: 'not-an-address' });
    expect([bad.status, fields(bad.body)]).toEqual([400, ['email']]);
    const email = 'zheng.xin@lvyuan.example.cn';
    const set = await call('PATCH', `/people/${newLeader.id}`, COMMUNITY, { email });
    expect(set.body).toMatchObject({ email, updated: { posts: 0, requests: 0 } });
    expect((await call('GET', `/people/${newLeader.id}`, COMMUNITY)).body).toMatchObject({
      email,
      phone: newLeader.phone,
    });
    const removed = await call('PATCH', `/people/${newLeader.id}`, COMMUNITY, { email: null });
    expect(removed.status).toBe(200);
    expect(removed.body.email).toBeUndefined();
    expect((await call('GET', `/people/${newLeader.id}`, COMMUNITY)).body.email).toBeUndefined();
  });

  it('vacating the post sends its open requests up to the next held post', async () => {
    const [id] = (await call('GET', `/requests?node=${unitId}&status=acknowledged`, COMMUNITY)).body
      .items as { id: string }[];
    const vacated = await call('DELETE', `/nodes/${unitId}/post`, COMMUNITY);
    expect(vacated.status).toBe(200);
    expect(vacated.body).toMatchObject({
      change: { action: 'vacated', previous: { personId: newLeader.id } },
      rerouted: 1,
    });
    expect((vacated.body.node as HierarchyNode).post).toBeUndefined();
    await system.waitFor(id!.id, 'AwaitLeader');
    const buildingLeader = holderOf('bd-yinrong-2-2').holderId;
    expect(await system.request(id!.id)).toMatchObject({ level: 'building', status: 'assigned' });
    expect(await assigneeOf(id!.id)).toBe(buildingLeader);
    expect((await timeline(id!.id)).at(-1)).toMatchObject({ event: 'rerouted', assigneeId: buildingLeader });
  });

  it('a post change that crashed before its requests moved is finished by asking for it again', async () => {
    const crashedUnit = 'un-yinrong-2-5-2';
    const id = await submit(firstHouseholdIn(crashedUnit).residents[0]!.personId);
    const previous = holderOf(crashedUnit);
    expect(
      (
        await call('POST', '/people', COMMUNITY, {
          id: 'p-after-crash',
          name: '吴接任',
          phone: '+8610000002002',
        })
      ).status,
    ).toBe(201);
    // The crash: the node and its history item were written, no request moved.
    const node = (await getAnyNode(system.observer, crashedUnit)) as HierarchyNode;
    const post = { holderId: 'p-after-crash', holderName: '吴接任', holderPhone: '+8610000002002' };
    const revision = (node.revision ?? 0) + 1;
    await writeNodes(system.observer, [
      { replace: { ...node, post, revision }, ifRevision: node.revision },
      {
        record: postChangeItem({
          nodeId: crashedUnit,
          action: 'replaced',
          holder: { personId: post.holderId, name: post.holderName },
          previous: { personId: previous.holderId, name: previous.holderName },
          by: COMMUNITY,
          at: new Date().toISOString(),
          revision,
        }),
      },
    ]);
    expect(await assigneeOf(id)).toBe(previous.holderId);

    const retried = await call('PUT', `/nodes/${crashedUnit}/post`, COMMUNITY, { personId: post.holderId });
    expect(retried.body).toMatchObject({ rerouted: 1 });
    expect(retried.body.change).toBeUndefined();
    await system.waitFor(id, 'AwaitLeader');
    expect(await assigneeOf(id)).toBe(post.holderId);
    const again = await call('PUT', `/nodes/${crashedUnit}/post`, COMMUNITY, { personId: post.holderId });
    expect(again.body).toMatchObject({ rerouted: 0 });
  });

  it('the post’s history lists every change, oldest first, for those who may read the node', async () => {
    const history = await call('GET', `/nodes/${unitId}/post/history`, COMMUNITY);
    expect(history.status).toBe(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        action: 'replaced',
        holder: { personId: newLeader.id, name: newLeader.name },
        previous: { personId: oldLeader.holderId, name: oldLeader.holderName },
        by: COMMUNITY,
      }),
      expect.objectContaining({
        action: 'vacated',
        previous: { personId: newLeader.id, name: newLeader.name },
        by: COMMUNITY,
      }),
    ]);
    expect((history.body.items as Record<string, unknown>[])[0]).not.toHaveProperty('holder.phone');
    expect((await call('GET', `/nodes/${unitId}/post/history`, OTHER_GRID_LEADER)).status).toBe(403);
  });
});

describe('deputies, and leaders who are away', () => {
  const unitId = 'un-fenghe-1-2-2';
  const home = firstHouseholdIn(unitId);
  const holder = holderOf(unitId);
  const deputy = { id: 'p-deputy-unit', name: '冯代', phone: '+8610000003001' };
  const fenghe = holderOf('cm-fenghe').holderId;

  it('the holder away: their open requests go to the deputy, who may act; back: they return', async () => {
    expect((await call('POST', '/people', fenghe, deputy)).status).toBe(201);
    const appointed = await call('PUT', `/nodes/${unitId}/deputy`, fenghe, { personId: deputy.id });
    expect(appointed.status).toBe(200);
    expect(appointed.body).toMatchObject({
      node: { deputy: { holderId: deputy.id } },
      change: { action: 'deputy-assigned' },
    });

    const id = await submit(home.residents[0]!.personId);
    expect(await assigneeOf(id)).toBe(holder.holderId);
    const away = await call('PUT', `/nodes/${unitId}/post/away`, holder.holderId, { away: true });
    expect(away.body).toMatchObject({ change: { action: 'away' }, rerouted: 1 });
    await system.waitFor(id, 'AwaitLeader');
    expect(await assigneeOf(id)).toBe(deputy.id);
    expect((await timeline(id)).at(-1)).toMatchObject({
      event: 'rerouted',
      reason: expect.stringMatching(/is away$/),
    });

    // While the holder is away, new requests go to the deputy, who holds the role meanwhile.
    const next = await submit(home.residents[0]!.personId);
    expect(await assigneeOf(next)).toBe(deputy.id);
    expect((await system.call('POST', `/requests/${next}/acknowledge`, { as: deputy.id })).status).toBe(200);
    await system.waitFor(next, 'AwaitLeader');

    const back = await call('PUT', `/nodes/${unitId}/post/away`, holder.holderId, { away: false });
    expect(back.body).toMatchObject({ change: { action: 'back' }, rerouted: 2 });
    await system.waitFor(id, 'AwaitLeader');
    expect([await assigneeOf(id), await assigneeOf(next)]).toEqual([holder.holderId, holder.holderId]);
  });

  it('a vacant post’s work goes to its deputy; removing the deputy sends it up', async () => {
    const vacated = await call('DELETE', `/nodes/${unitId}/post`, fenghe);
    expect(vacated.status).toBe(200);
    const id = await submit(home.residents[0]!.personId);
    expect(await assigneeOf(id)).toBe(deputy.id);
    const removed = await call('DELETE', `/nodes/${unitId}/deputy`, fenghe);
    // The deputy was acting on this request and the two the holder held when the post fell vacant.
    expect(removed.body).toMatchObject({ change: { action: 'deputy-removed' }, rerouted: 3 });
    await system.waitFor(id, 'AwaitLeader');
    expect((await system.request(id)).level).toBe('building');
    expect((await system.call('GET', `/nodes/${unitId}`, { as: deputy.id })).status).toBe(403);
  });

  it('only the holder or a manager marks a holder away; a vacant post has nobody to mark', async () => {
    const other = holderOf('un-fenghe-1-4-1');
    expect(
      (await call('PUT', '/nodes/un-fenghe-1-4-1/post/away', GRID_1_LEADER, { away: true })).status,
    ).toBe(403);
    expect(
      (await call('PUT', '/nodes/un-fenghe-1-4-1/post/away', other.holderId, { away: 'yes' })).status,
    ).toBe(400);
    expect((await call('PUT', `/nodes/${unitId}/post/away`, fenghe, { away: true })).status).toBe(409);
  });
});

describe('moves and re-gridding', () => {
  const building = 'bd-yinrong-1-3';
  const home = household();

  it('a move under the wrong type, of a community, or outside the caller’s area is refused and writes nothing', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).length;
    const wrong = await call('POST', `/nodes/${building}/move`, COMMUNITY, { parentId: 'bd-yinrong-2-2' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([
      { field: 'parentId', message: 'a building goes under a grid, not a building' },
    ]);
    const community = await call('POST', '/nodes/cm-yinrong/move', ADMIN, { parentId: 'st-zhengyang' });
    expect([community.status, fields(community.body)]).toEqual([422, ['id']]);
    const elsewhere = await call('POST', `/nodes/${building}/move`, COMMUNITY, { parentId: 'gd-fenghe-1' });
    expect([elsewhere.status, fields(elsewhere.body)]).toEqual([403, ['parentId']]);
    expect(
      (await call('POST', `/nodes/${building}/move`, GRID_1_LEADER, { parentId: 'gd-yinrong-2' })).status,
    ).toBe(403);
    const same = await call('POST', `/nodes/${building}/move`, COMMUNITY, { parentId: 'gd-yinrong-1' });
    expect(same.status).toBe(409);

    const regridWrong = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building, 'un-yinrong-1-3-1'],
      toGridId: 'gd-yinrong-2',
    });
    expect(regridWrong.status).toBe(422);
    expect(regridWrong.body.errors).toEqual([
      { field: 'buildingIds.1', message: 'un-yinrong-1-3-1 is a unit, not a building' },
    ]);
    const notGrid = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building],
      toGridId: 'bd-yinrong-2-2',
    });
    expect([notGrid.status, fields(notGrid.body)]).toEqual([422, ['toGridId']]);
    const outside = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building, 'bd-fenghe-1-2'],
      toGridId: 'gd-yinrong-2',
    });
    expect([outside.status, fields(outside.body)]).toEqual([403, ['buildingIds.1']]);
    const twice = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building, building],
      toGridId: 'gd-yinrong-2',
    });
    expect([twice.status, fields(twice.body)]).toEqual([400, ['buildingIds.1']]);
    await system.streamHandled();
    expect((await allItems(system)).length).toBe(before);
  });

  it('re-gridding a building re-routes its open requests to the new grid; a retry changes nothing more', async () => {
    const atUnit = await submit(resident);
    const atGrid = await submit(resident, { description: '小区路灯坏了' });
    for (const level of ['unit', 'building'] as const) {
      const holder = await assigneeOf(atGrid);
      expect((await system.request(atGrid)).level).toBe(level);
      expect((await system.call('POST', `/requests/${atGrid}/escalate`, { as: holder! })).status).toBe(200);
      await system.waitFor(atGrid, 'AwaitLeader');
    }
    expect(await assigneeOf(atGrid)).toBe(GRID_1_LEADER);
    await system.streamHandled();
    const sent = system.outbox.length;

    const regrid = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building],
      toGridId: 'gd-yinrong-2',
    });
    expect(regrid.status).toBe(200);
    expect(regrid.body).toMatchObject({ toGridId: 'gd-yinrong-2', moved: [building], unchanged: [] });
    expect(regrid.body.descendants).toBe(2 + 6);
    expect(regrid.body.rerouted).toBeGreaterThanOrEqual(2);

    await system.waitFor(atGrid, 'AwaitLeader');
    for (const id of [atUnit, atGrid]) {
      expect(((await system.request(id)).ancestors as { grid: string }).grid).toBe('gd-yinrong-2');
      expect((await timeline(id)).at(-1)).toMatchObject({
        event: 'rerouted',
        reason: '楼栋 3栋 moved from 第一网格 to 第二网格',
      });
    }
    // The request the old grid leader held goes to the new grid's leader, who is texted.
    expect(await assigneeOf(atGrid)).toBe(GRID_2_LEADER.holderId);
    await system.streamHandled();
    expect(system.outbox.slice(sent).map((message) => message.to)).toEqual([GRID_2_LEADER.holderPhone]);
    // The one at the unit stays with its unit leader; the new grid's leader is in its chain.
    expect(await assigneeOf(atUnit)).toBe(holderOf('un-yinrong-1-3-2').holderId);
    const moved = (await getHousehold(system.observer, home.id, { consistent: true }))!;
    expect(moved.ancestors.grid).toBe('gd-yinrong-2');
    const chain = await getChain(system.observer, moved, { consistent: true });
    expect(chain.find((link) => link.level === 'grid')?.post?.holderId).toBe(GRID_2_LEADER.holderId);
    const node = (await getAnyNode(system.observer, building)) as HierarchyNode;
    expect(node).toMatchObject({ parentId: 'gd-yinrong-2', ancestors: { grid: 'gd-yinrong-2' } });
    expect(node.pendingMove).toBeUndefined();

    const timelines = [await timeline(atUnit), await timeline(atGrid)];
    await system.streamHandled();
    const outbox = system.outbox.length;
    const retry = await call('POST', '/regrid', COMMUNITY, {
      buildingIds: [building],
      toGridId: 'gd-yinrong-2',
    });
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ moved: [], unchanged: [building], descendants: 0, rerouted: 0 });
    expect([await timeline(atUnit), await timeline(atGrid)]).toEqual(timelines);
    await system.streamHandled();
    expect(system.outbox.length).toBe(outbox);
    const again = await call('POST', `/nodes/${building}/move`, COMMUNITY, { parentId: 'gd-yinrong-2' });
    expect(again.status).toBe(409);
  });

  it('a move that crashed half-way is finished by running it again', async () => {
    const unitId = 'un-yinrong-2-5-1';
    const resident = firstHouseholdIn(unitId).residents[0]!.personId;
    const id = await submit(resident);
    // The crash: the unit was written under its new building (with the marker), nothing else was.
    const unit = (await getAnyNode(system.observer, unitId)) as HierarchyNode;
    const target = (await getAnyNode(system.observer, 'bd-yinrong-2-2')) as HierarchyNode;
    await writeNodes(system.observer, [
      {
        replace: {
          ...unit,
          parentId: target.id,
          ancestors: { ...target.ancestors, unit: unitId },
          revision: (unit.revision ?? 0) + 1,
          pendingMove: {
            fromParentId: 'bd-yinrong-2-5',
            fromParentName: '5栋',
            fromAncestors: unit.ancestors,
            by: COMMUNITY,
            at: new Date().toISOString(),
          },
        },
        ifRevision: unit.revision,
      },
    ]);
    const elsewhere = await call('POST', `/nodes/${unitId}/move`, COMMUNITY, { parentId: 'bd-yinrong-2-5' });
    expect(elsewhere.status).toBe(409);

    const finished = await call('POST', `/nodes/${unitId}/move`, COMMUNITY, { parentId: target.id });
    expect(finished.status).toBe(200);
    expect(finished.body).toMatchObject({ moved: true, descendants: 3, rerouted: 1 });
    expect(finished.body.node).not.toHaveProperty('pendingMove');
    await system.waitFor(id, 'AwaitLeader');
    expect(((await system.request(id)).ancestors as { building: string }).building).toBe(target.id);
    expect((await timeline(id)).at(-1)).toMatchObject({
      event: 'rerouted',
      reason: '单元 1单元 moved from 5栋 to 2栋',
    });
  });
});
