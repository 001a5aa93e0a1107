import { describe, expect, it } from 'vitest';
import { DISTRICT_SCOPE, type Access, type Grant } from '../../shared/domain/access.js';
import type { Post } from '../../shared/domain/hierarchy.js';
import type { Ancestors } from '../../shared/domain/place.js';
import {
  ancestorsUnder,
  householdTags,
  ID_PATTERN,
  managingRoles,
  mayManage,
  mayRead,
  mayReadPerson,
  mayUpdatePerson,
  MOVABLE_TYPES,
  moveReason,
  parentProblem,
  parentTypeOf,
  PHONE_PATTERN,
  postChangeAction,
  postChangeReason,
  rebasedAncestors,
  RESERVED_IDS,
  sameAncestors,
  seesContacts,
  seesPersonContacts,
  unknownTagPositions,
} from '../../shared/domain/hierarchy-rules.js';

const unit: Ancestors = {
  street: 'st-a',
  community: 'cm-a',
  grid: 'gd-a-1',
  building: 'bd-a-1-1',
  unit: 'un-a-1-1-1',
};
const otherGrid: Ancestors = { street: 'st-a', community: 'cm-a', grid: 'gd-a-2' };
const otherStreet: Ancestors = { street: 'st-b', community: 'cm-b', grid: 'gd-b-1', building: 'bd-b-1-1' };
const as = (...grants: Grant[]): Access => ({ personId: 'p-1', grants });

const admin = as({ role: 'district_admin', scope: DISTRICT_SCOPE });
const streetStaff = as({ role: 'street_staff', scope: 'st-a' });
const communityStaff = as({ role: 'community_staff', scope: 'cm-a' });
const gridLeader = as({ role: 'grid_leader', scope: 'gd-a-1' });
const unitLeader = as({ role: 'unit_leader', scope: 'un-a-1-1-1' });
const serviceStaff = as({ role: 'service_staff', scope: 'gd-a-1' });
const resident = as({ role: 'resident', scope: 'hh-1' });

describe('the shape of the tree', () => {
  it('puts every type under the type one level up, and a street under nothing', () => {
    expect(parentTypeOf('street')).toBeUndefined();
    expect(parentTypeOf('community')).toBe('street');
    expect(parentTypeOf('building')).toBe('grid');
    expect(parentTypeOf('household')).toBe('unit');
    expect(parentProblem('building', 'grid')).toBeUndefined();
    expect(parentProblem('street', undefined)).toBeUndefined();
  });

  it('says why a parent of the wrong type cannot hold a node', () => {
    expect(parentProblem('building', 'unit')).toBe('a building goes under a grid, not a unit');
    expect(parentProblem('building', 'community')).toBe('a building goes under a grid, not a community');
    expect(parentProblem('household', 'building')).toBe('a household goes under a unit, not a building');
    expect(parentProblem('unit', undefined)).toBe('a unit goes under a building');
    expect(parentProblem('street', 'street')).toMatch(/has no parent/);
  });

  it('moves grids, buildings and units, never streets, communities or households', () => {
    expect([...MOVABLE_TYPES].sort()).toEqual(['building', 'grid', 'unit']);
  });

  it('gives a node its parent’s ancestors and itself; a household its unit’s', () => {
    expect(ancestorsUnder('street', 'st-a', undefined)).toEqual({ street: 'st-a' });
    expect(ancestorsUnder('grid', 'gd-a-3', { ancestors: { street: 'st-a', community: 'cm-a' } })).toEqual({
      street: 'st-a',
      community: 'cm-a',
      grid: 'gd-a-3',
    });
    expect(ancestorsUnder('household', 'hh-9', { ancestors: unit })).toEqual(unit);
  });

  it('rebases a descendant on its moved ancestor: the levels from the moved node up change, those below stay', () => {
    const movedBuilding = { street: 'st-a', community: 'cm-a', grid: 'gd-a-2', building: 'bd-a-1-1' };
    const household = rebasedAncestors(unit, movedBuilding);
    expect(household).toEqual({ ...unit, grid: 'gd-a-2' });
    expect(sameAncestors(household, unit)).toBe(false);
    expect(sameAncestors(rebasedAncestors(household, movedBuilding), household)).toBe(true);
    const acrossStreets = rebasedAncestors(unit, { street: 'st-b', community: 'cm-b', grid: 'gd-b-1' });
    expect(acrossStreets).toEqual({
      street: 'st-b',
      community: 'cm-b',
      grid: 'gd-b-1',
      building: 'bd-a-1-1',
      unit: 'un-a-1-1-1',
    });
  });

  it('takes lowercase ids and E.164 phones, and keeps `district` for the root', () => {
    expect(ID_PATTERN.test('gd-yinrong-3')).toBe(true);
    expect(ID_PATTERN.test('GD-1')).toBe(false);
    expect(ID_PATTERN.test('a')).toBe(false);
    expect(ID_PATTERN.test('网格')).toBe(false);
    expect(RESERVED_IDS).toContain('district');
    expect(PHONE_PATTERN.test('+8613800000000')).toBe(true);
    expect(PHONE_PATTERN.test('13800000000')).toBe(false);
  });
});

describe('who may manage what', () => {
  it('lets a district admin manage everything, streets included', () => {
    for (const type of ['street', 'community', 'grid', 'building', 'unit', 'household'] as const) {
      expect(mayManage(admin, 'create', type, { ancestors: otherStreet }), type).toBe(true);
    }
  });

  it('lets street staff manage communities and below in their street, not the street itself', () => {
    expect(
      mayManage(streetStaff, 'create', 'community', { ancestors: { street: 'st-a', community: 'cm-x' } }),
    ).toBe(true);
    expect(
      mayManage(streetStaff, 'post', 'community', { ancestors: { street: 'st-a', community: 'cm-a' } }),
    ).toBe(true);
    expect(mayManage(streetStaff, 'move', 'building', { ancestors: unit })).toBe(true);
    expect(mayManage(streetStaff, 'update', 'street', { ancestors: { street: 'st-a' } })).toBe(false);
    expect(mayManage(streetStaff, 'post', 'street', { ancestors: { street: 'st-a' } })).toBe(false);
    expect(mayManage(streetStaff, 'create', 'grid', { ancestors: otherStreet })).toBe(false);
  });

  it('lets community staff manage grids and below in their community, and their posts', () => {
    expect(mayManage(communityStaff, 'create', 'grid', { ancestors: otherGrid })).toBe(true);
    expect(mayManage(communityStaff, 'post', 'unit', { ancestors: unit })).toBe(true);
    expect(mayManage(communityStaff, 'delete', 'household', { householdId: 'hh-1', ancestors: unit })).toBe(
      true,
    );
    expect(
      mayManage(communityStaff, 'update', 'community', { ancestors: { street: 'st-a', community: 'cm-a' } }),
    ).toBe(false);
    expect(
      mayManage(communityStaff, 'create', 'community', { ancestors: { street: 'st-a', community: 'cm-z' } }),
    ).toBe(false);
    expect(mayManage(communityStaff, 'create', 'grid', { ancestors: otherStreet })).toBe(false);
  });

  it('lets grid leaders create and update the households of their grid, and nothing else', () => {
    const household = { householdId: 'hh-1', ancestors: unit };
    expect(mayManage(gridLeader, 'create', 'household', household)).toBe(true);
    expect(mayManage(gridLeader, 'update', 'household', household)).toBe(true);
    expect(mayManage(gridLeader, 'delete', 'household', household)).toBe(false);
    expect(mayManage(gridLeader, 'create', 'household', { householdId: 'hh-2', ancestors: otherGrid })).toBe(
      false,
    );
    expect(mayManage(gridLeader, 'create', 'building', { ancestors: unit })).toBe(false);
    expect(mayManage(gridLeader, 'post', 'unit', { ancestors: unit })).toBe(false);
  });

  it('lets no unit leader, service staff or resident manage anything', () => {
    for (const access of [unitLeader, serviceStaff, resident]) {
      expect(mayManage(access, 'update', 'household', { householdId: 'hh-1', ancestors: unit })).toBe(false);
      expect(mayManage(access, 'post', 'unit', { ancestors: unit })).toBe(false);
    }
  });

  it('names the roles that may do each thing', () => {
    expect(managingRoles('create', 'street')).toEqual(['district_admin']);
    expect(managingRoles('update', 'household')).toEqual([
      'district_admin',
      'street_staff',
      'community_staff',
      'grid_leader',
    ]);
    expect(managingRoles('delete', 'household')).not.toContain('grid_leader');
  });
});

describe('who may read, and who sees phone numbers', () => {
  it('lets anyone whose grant reaches a place read it; a resident only their own household', () => {
    expect(mayRead(unitLeader, { ancestors: unit })).toBe(true);
    expect(mayRead(unitLeader, { ancestors: { street: 'st-a', community: 'cm-a', grid: 'gd-a-1' } })).toBe(
      false,
    );
    expect(mayRead(serviceStaff, { ancestors: unit })).toBe(true);
    expect(mayRead(resident, { householdId: 'hh-1', ancestors: unit })).toBe(true);
    expect(mayRead(resident, { householdId: 'hh-2', ancestors: unit })).toBe(false);
    expect(mayRead(resident, { ancestors: unit })).toBe(false);
  });

  it('shows phones to the leaders and staff who serve the place, and to a household’s own residents', () => {
    const household = { householdId: 'hh-1', ancestors: unit };
    expect(seesContacts(unitLeader, household)).toBe(true);
    expect(seesContacts(resident, household)).toBe(true);
    expect(seesContacts(serviceStaff, household)).toBe(false);
    expect(seesContacts(resident, { householdId: 'hh-2', ancestors: unit })).toBe(false);
    expect(seesContacts(gridLeader, { householdId: 'hh-3', ancestors: otherGrid })).toBe(false);
  });

  it('lets people be read by themselves, by anyone whose area holds their post, and roster keepers read who holds none', () => {
    const posts = [{ type: 'unit' as const, ancestors: unit }];
    expect(mayReadPerson(as({ role: 'unit_leader', scope: 'x' }), 'p-1', [])).toBe(true);
    expect(mayReadPerson(communityStaff, 'p-9', [])).toBe(true);
    expect(mayReadPerson(gridLeader, 'p-9', posts)).toBe(true);
    expect(mayReadPerson(gridLeader, 'p-9', [{ type: 'unit', ancestors: otherStreet }])).toBe(false);
    expect(mayReadPerson(communityStaff, 'p-9', [{ type: 'community', ancestors: otherStreet }])).toBe(false);
    expect(mayReadPerson(as({ role: 'district_admin', scope: 'district' }), 'p-9', posts)).toBe(true);
    expect(seesPersonContacts(serviceStaff, 'p-9', posts)).toBe(false);
    expect(seesPersonContacts(gridLeader, 'p-9', posts)).toBe(true);
  });

  it('lets a person’s contact be changed by whoever manages all of their posts', () => {
    const posts = [
      { type: 'unit' as const, ancestors: unit },
      { type: 'grid' as const, ancestors: otherGrid },
    ];
    expect(mayUpdatePerson(communityStaff, posts)).toBe(true);
    expect(mayUpdatePerson(communityStaff, [...posts, { type: 'building', ancestors: otherStreet }])).toBe(
      false,
    );
    expect(mayUpdatePerson(gridLeader, [])).toBe(false);
    expect(mayUpdatePerson(streetStaff, [])).toBe(true);
  });
});

describe('post changes and moves, in words', () => {
  const old: Post = { holderId: 'p-1', holderName: '袁玉珍', holderPhone: '+8610000000001' };
  const next: Post = { holderId: 'p-2', holderName: '李新', holderPhone: '+8610000000002' };
  const node = { type: 'unit' as const, name: '2单元' };

  it('tells assigning, replacing and vacating apart, and sees no change in the same holder', () => {
    expect(postChangeAction(undefined, next)).toBe('assigned');
    expect(postChangeAction(old, next)).toBe('replaced');
    expect(postChangeAction(old, undefined)).toBe('vacated');
    expect(postChangeAction(old, { ...old, holderPhone: '+8610000000009' })).toBeUndefined();
    expect(postChangeAction(undefined, undefined)).toBeUndefined();
  });

  it('gives the reason requests carry when they move', () => {
    expect(postChangeReason(node, old, next)).toBe('单元长 of 2单元 changed from 袁玉珍 to 李新');
    expect(postChangeReason(node, old, undefined)).toBe('单元长 of 2单元 vacated (was 袁玉珍)');
    expect(moveReason({ type: 'building', name: '3栋' }, '第一网格', '第二网格')).toBe(
      '楼栋 3栋 moved from 第一网格 to 第二网格',
    );
  });
});

describe('household tags', () => {
  it('records the standard four and the district’s own, and names the position of any other', () => {
    const allowed = householdTags(['失独家庭', '低保']);
    expect(allowed).toEqual(['独居老人', '残疾', '低保', '重点关注', '失独家庭']);
    expect(unknownTagPositions(['低保', '富豪', '失独家庭', '其他'], allowed)).toEqual([1, 3]);
    expect(householdTags()).toHaveLength(4);
  });
});
