import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeDistrict } from '../../infra/synthesize.js';
import { importDemoDistrict } from '../../demo/demo-import.js';
import { DEMO_HOUSEHOLD_ID, demoNode } from '../../demo/lvyuan-district.js';
import { DISTRICT_SCOPE } from '../../shared/domain/access.js';
import type { HierarchyNode, Household, Resident } from '../../shared/domain/hierarchy.js';
import { householdIn } from '../../shared/domain/hierarchy-rules.js';
import { resolveHousehold, type HouseholdHint } from '../../shared/services/intake/resolve-household.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { tableDefinitions } from '../../local/synthesized-template.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import { StaleNodeError, writeNodes } from '../../shared/store/hierarchy-store.js';
import { keys } from '../../shared/store/keys.js';
import type { DistrictTable } from '../../shared/store/table.js';
import { config, district, household } from '../support/fixtures.js';

/**
 * Which household a third-party request is for (by id, by a resident's phone, by address), on
 * DynamoDB Local with the synthesized template's table (so its index projection) and the demo
 * district loaded through the CSV import, as `npm start` loads it.
 */
let dynamoDb: RunningDynamoDb;
let table: DistrictTable;
beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  await importDemoDistrict(table);
});
afterAll(async () => {
  table?.db.destroy();
  await dynamoDb?.stop();
});

const resolve = (hint: HouseholdHint, scope: string = DISTRICT_SCOPE) => resolveHousehold(table, hint, scope);
/** What was resolved, in short: how and which household. */
const resolved = async (hint: HouseholdHint, scope?: string) => {
  const result = await resolve(hint, scope);
  return result && { by: result.by, id: result.household.id };
};

const home = household(); // 银融社区 第一网格 3栋 2单元 502, one resident
const node = (id: string) => demoNode(district, id) as HierarchyNode;
const demoHouseholdIn = (community: string, minResidents = 1) =>
  district.households.filter(
    (candidate) => candidate.ancestors.community === community && candidate.residents.length >= minResidents,
  );
/** A household for a test of its own, under a demo unit (its address from the demo's names). */
function newHousehold(id: string, unitId: string, room: string, residents: Resident[]): Household {
  const unit = node(unitId);
  const names = {
    community: node(unit.ancestors.community!).name,
    building: node(unit.ancestors.building!).name,
    unit: unit.name,
  };
  return householdIn(unit, names, { id, room, residents, tags: [] });
}
const resident = (phone: string, personId = 'p-test'): Resident => ({
  personId,
  name: '测试',
  phone,
  relation: '户主',
});

describe('by household id', () => {
  it('resolves an existing household within the scope', async () => {
    expect(await resolved({ householdId: DEMO_HOUSEHOLD_ID })).toEqual({ by: 'id', id: DEMO_HOUSEHOLD_ID });
    expect(await resolved({ householdId: DEMO_HOUSEHOLD_ID }, 'cm-yinrong')).toEqual({
      by: 'id',
      id: DEMO_HOUSEHOLD_ID,
    });
    const result = await resolve({ householdId: DEMO_HOUSEHOLD_ID });
    expect(result?.household).toEqual(home);
  });

  it('a household outside the scope, or none, is not resolved', async () => {
    expect(await resolve({ householdId: DEMO_HOUSEHOLD_ID }, 'cm-fenghe')).toBeUndefined();
    expect(await resolve({ householdId: 'hh-nowhere' })).toBeUndefined();
    // A node's id is not a household's.
    expect(await resolve({ householdId: 'un-yinrong-1-3-2' })).toBeUndefined();
    // What a form answered is not an id unless it looks like one: never a key over DynamoDB's limits.
    expect(await resolve({ householdId: 'h'.repeat(3000) })).toBeUndefined();
    expect(await resolve({ householdId: 'HH-YINRONG 502' })).toBeUndefined();
  });

  it('an id that does not resolve falls through to the phone', async () => {
    expect(
      await resolved({ householdId: DEMO_HOUSEHOLD_ID, phone: home.residents[0]!.phone }, 'cm-fenghe'),
    ).toBeUndefined();
    expect(await resolved({ householdId: 'hh-nowhere', phone: home.residents[0]!.phone })).toEqual({
      by: 'phone',
      id: DEMO_HOUSEHOLD_ID,
    });
  });
});

describe('by a resident’s phone', () => {
  it('resolves the one household in scope with a resident of that phone, whichever resident', async () => {
    const [family] = demoHouseholdIn('cm-yinrong', 3);
    for (const member of family!.residents) {
      expect(await resolved({ phone: member.phone }, 'cm-yinrong')).toEqual({ by: 'phone', id: family!.id });
    }
    expect(await resolve({ phone: family!.residents[0]!.phone }, 'cm-fenghe')).toBeUndefined();
  });

  it('an unregistered phone, or one that is not E.164, resolves nothing', async () => {
    expect(await resolve({ phone: '+8613999999999' })).toBeUndefined();
    expect(await resolve({ phone: home.residents[0]!.phone.replace('+86', '') })).toBeUndefined();
  });

  it('a phone of two households falls through to the address; in a scope holding one of them, it resolves', async () => {
    const [first] = demoHouseholdIn('cm-yinrong').filter((candidate) => candidate.id !== DEMO_HOUSEHOLD_ID);
    const shared = first!.residents[0]!.phone;
    // The same phone registered in 丰和社区 too (a resident with two homes).
    const second = newHousehold('hh-test-shared', 'un-fenghe-1-2-1', '901', [resident(shared)]);
    await writeNodes(table, [{ create: second }]);

    expect(await resolve({ phone: shared })).toBeUndefined();
    expect(await resolved({ phone: shared, address: { text: first!.address } })).toEqual({
      by: 'address',
      id: first!.id,
    });
    expect(await resolved({ phone: shared }, 'cm-yinrong')).toEqual({ by: 'phone', id: first!.id });
    expect(await resolved({ phone: shared }, 'cm-fenghe')).toEqual({ by: 'phone', id: second.id });
  });

  it('a phone removed from its household through writeNodes replace no longer resolves it', async () => {
    const [family] = demoHouseholdIn('cm-xinyang', 2);
    const [kept, removed] = family!.residents as [Resident, Resident];
    await writeNodes(table, [
      {
        replace: { ...family!, residents: family!.residents.filter((r) => r !== removed), revision: 1 },
        ifRevision: undefined,
      },
    ]);

    expect(await resolve({ phone: removed.phone })).toBeUndefined();
    expect(await resolved({ phone: kept.phone })).toEqual({ by: 'phone', id: family!.id });
    // The phone's item is still there, on purpose: the read checks the household's residents.
    const { Items = [] } = await table.db.send(
      new QueryCommand({
        TableName: table.name,
        KeyConditionExpression: 'PK = :phone',
        ExpressionAttributeValues: { ':phone': keys.phonePartition(removed.phone) },
      }),
    );
    // (Beside it, the resident's person item: sign-in finds who a phone is in the same partition.)
    expect(Items).toEqual([
      { ...keys.residentPhone(removed.phone, family!.id), householdId: family!.id },
      { ...keys.personPhone(removed.phone, removed.personId), personId: removed.personId },
    ]);
  });

  it('a household created through writeNodes is found by its residents’ phones at once', async () => {
    const created = newHousehold('hh-test-created', 'un-qingpu-1-1-1', '902', [
      resident('+8613900000001'),
      resident('+8613900000002', 'p-test-2'),
    ]);
    await writeNodes(table, [
      { create: created },
      { touch: created.parentId, ancestors: node(created.parentId).ancestors },
    ]);
    expect(await resolved({ phone: '+8613900000001' })).toEqual({ by: 'phone', id: created.id });
    expect(await resolved({ phone: '+8613900000002' }, 'cm-qingpu')).toEqual({ by: 'phone', id: created.id });
  });

  it('a transaction that fails names the write whose condition failed, not a phone item before it', async () => {
    const created = newHousehold('hh-test-stale', 'un-qingpu-1-1-1', '903', [
      resident('+8613900000003'),
      resident('+8613900000004', 'p-test-2'),
    ]);
    const error = await writeNodes(table, [
      { create: created },
      { touch: 'un-nowhere', ancestors: {} },
    ]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StaleNodeError);
    expect((error as StaleNodeError).ids).toEqual(['un-nowhere']);
    expect(await resolve({ phone: '+8613900000003' })).toBeUndefined();
  });
});

describe('by address', () => {
  it('from free text, in the ways residents write it', async () => {
    for (const text of [
      home.address, // 银融社区 3栋 2单元 502
      '银融社区3栋2单元502',
      '银融社区3号楼2单元502室',
      '银融社区 三幢 二单元 502',
      '绿园区青年路街道银融社区3-2-502',
      '银融3栋2单元502',
    ]) {
      expect(await resolved({ address: { text } }), text).toEqual({ by: 'address', id: DEMO_HOUSEHOLD_ID });
    }
  });

  it('from parts; the community from the scope when the partner serves one', async () => {
    const parts = { building: '3号楼', unit: '二单元', room: '502室' };
    expect(await resolved({ address: parts }, 'cm-yinrong')).toEqual({
      by: 'address',
      id: DEMO_HOUSEHOLD_ID,
    });
    expect(await resolved({ address: { ...parts, community: '银融' } })).toEqual({
      by: 'address',
      id: DEMO_HOUSEHOLD_ID,
    });
    // A partner serving the whole district must say the community (3栋 2单元 is in several).
    expect(await resolve({ address: parts })).toBeUndefined();
    // The form's parts win over its text.
    expect(
      await resolved({ address: { text: '银融社区5栋1单元201', building: '3栋', unit: '2', room: '502' } }),
    ).toEqual({ by: 'address', id: DEMO_HOUSEHOLD_ID });
    // An empty field (a form's unanswered question) says nothing.
    const blank = { community: '', building: '', unit: '', room: '' };
    expect(await resolved({ address: { ...blank, text: home.address } }, 'cm-yinrong')).toEqual({
      by: 'address',
      id: DEMO_HOUSEHOLD_ID,
    });
  });

  it('in a street’s scope, among its communities; in a grid’s, only the grid’s households', async () => {
    const street = home.ancestors.street;
    const parts = { building: '3栋', unit: '2单元', room: '502' };
    expect(await resolved({ address: { ...parts, community: '银融社区' } }, street)).toEqual({
      by: 'address',
      id: DEMO_HOUSEHOLD_ID,
    });
    expect(await resolved({ address: parts }, home.ancestors.grid)).toEqual({
      by: 'address',
      id: DEMO_HOUSEHOLD_ID,
    });
    // The neighbouring grid's partner: 3栋 2单元 502 is not one of its households.
    expect(await resolve({ address: parts }, 'gd-yinrong-2')).toBeUndefined();
  });

  it('a household outside the scope, or another community named than the scope’s, is not resolved', async () => {
    const [other] = demoHouseholdIn('cm-fenghe');
    expect(await resolved({ address: { text: other!.address } })).toEqual({ by: 'address', id: other!.id });
    expect(await resolve({ address: { text: other!.address } }, 'cm-yinrong')).toBeUndefined();
    expect(await resolve({ address: { text: home.address } }, 'cm-fenghe')).toBeUndefined();
  });

  it('an unknown community, building, unit or room, or a missing part, resolves nothing', async () => {
    for (const text of [
      '信和社区3栋2单元502',
      '银融社区9栋2单元502',
      '银融社区3栋7单元502',
      '银融社区3栋2单元503',
      '银融社区3栋502',
      '银融社区2单元502',
      '银融社区3栋 5栋 2单元502',
      '3栋2单元502',
    ]) {
      expect(await resolve({ address: { text } }), text).toBeUndefined();
    }
  });

  it('a building name found in two grids of the community is ambiguous', async () => {
    const target = demoHouseholdIn('cm-yinrong').find(
      (candidate) => candidate.ancestors.building === 'bd-yinrong-1-1',
    )!;
    const text = target.address; // 银融社区 1栋 …
    expect(await resolved({ address: { text } })).toEqual({ by: 'address', id: target.id });
    // Another 1号楼, in 第二网格.
    const grid = node('gd-yinrong-2');
    await writeNodes(table, [
      {
        create: {
          id: 'bd-test-yinrong-2-1',
          type: 'building',
          name: '1号楼',
          parentId: grid.id,
          ancestors: { ...grid.ancestors, building: 'bd-test-yinrong-2-1' },
        },
      },
    ]);
    expect(await resolve({ address: { text } })).toBeUndefined();
  });
});
