import { describe, expect, it } from 'vitest';
import lvyuanConfig from '../../config/districts/lvyuan.json' with { type: 'json' };
import {
  DEMO_DUAL_POST_BUILDING_ID,
  DEMO_DUAL_POST_UNIT_ID,
  DEMO_ELDERLY_TEAM_ID,
  DEMO_HOUSEHOLD_ID,
  DEMO_HOUSEHOLD_TAGS,
  DEMO_PLUMBING_TEAM_ID,
  DEMO_POWER_STAFF_ID,
  DEMO_PROPERTY_STAFF_ID,
  DEMO_VACANT_NODE_IDS,
  DEMO_VACANT_UNIT_HOUSEHOLD_ID,
  DEMO_VACANT_UNIT_ID,
  DEMO_WATER_STAFF_ID,
  demoChainOf,
  demoHousehold,
  demoHouseholdsUnder,
  demoLeaderOf,
  demoNode,
  demoPerson,
  demoPostsHeldBy,
  demoProvider,
  lvyuanDemoDistrict,
} from '../../demo/lvyuan-district.js';
import type { HierarchyNode, NodeType } from '../../shared/domain/hierarchy.js';
import { LEVELS } from '../../shared/config/vocabulary.js';

const district = lvyuanDemoDistrict();
const byId = new Map<string, HierarchyNode>(district.nodes.map((n) => [n.id, n]));
const parentType: Record<NodeType, NodeType | undefined> = {
  street: undefined,
  community: 'street',
  grid: 'community',
  building: 'grid',
  unit: 'building',
  household: 'unit',
};

function countOf(type: NodeType): number {
  return district.nodes.filter((n) => n.type === type).length;
}

describe('lvyuanDemoDistrict', () => {
  it('is deterministic', () => {
    expect(lvyuanDemoDistrict()).toEqual(lvyuanDemoDistrict());
    expect(lvyuanDemoDistrict()).toEqual(district);
  });

  it('returns fresh objects on every call', () => {
    expect(lvyuanDemoDistrict().nodes).not.toBe(lvyuanDemoDistrict().nodes);
  });

  it('has the expected shape', () => {
    expect(countOf('street')).toBe(4);
    expect(countOf('community')).toBe(4);
    expect(countOf('grid')).toBe(8);
    expect(countOf('building')).toBe(16);
    expect(countOf('unit')).toBe(32);
    expect(district.households).toHaveLength(96);
    for (const unit of district.nodes.filter((n) => n.type === 'unit')) {
      expect(district.households.filter((h) => h.parentId === unit.id)).toHaveLength(3);
    }
  });

  it('names the streets and communities from the article', () => {
    const pairs = district.nodes
      .filter((n) => n.type === 'community')
      .map((c) => [byId.get(c.parentId ?? '')?.name, c.name]);
    expect(pairs).toEqual([
      ['青年路街道', '银融社区'],
      ['正阳街道', '丰和社区'],
      ['普阳街道', '信阳社区'],
      ['铁西街道', '青浦社区'],
    ]);
    expect(district.nodes.filter((n) => n.type === 'grid').map((n) => n.name)).toEqual(
      Array.from({ length: 4 }, () => ['第一网格', '第二网格']).flat(),
    );
  });

  it('uses unique, readable ASCII ids', () => {
    const ids = [...district.nodes, ...district.households, ...district.persons].map((x) => x.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^(st|cm|gd|bd|un|hh|p)-[a-z0-9-]+$/);
    for (const n of district.nodes) expect(n.id.slice(0, 3)).toBe(`${idPrefix(n.type)}-`);
    expect(district.persons.map((p) => p.id)).toEqual(
      district.persons.map((_, i) => `p-${String(i + 1).padStart(4, '0')}`),
    );
  });

  it('links every node and household to an existing parent of the right type', () => {
    for (const node of [...district.nodes, ...district.households]) {
      const expected = parentType[node.type];
      if (expected === undefined) {
        expect(node.parentId).toBeUndefined();
        continue;
      }
      const parent = byId.get(node.parentId ?? '');
      expect(parent, `parent of ${node.id}`).toBeDefined();
      expect(parent?.type).toBe(expected);
    }
  });

  it('fills ancestors consistently with parents', () => {
    for (const node of district.nodes) {
      const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
      expect(node.ancestors).toEqual({ ...parent?.ancestors, [node.type]: node.id });
    }
    for (const household of district.households) {
      const unit = byId.get(household.parentId);
      expect(household.ancestors).toEqual(unit?.ancestors);
      for (const level of LEVELS) expect(byId.get(household.ancestors[level])?.type).toBe(level);
    }
  });

  it('leaves exactly the listed posts vacant', () => {
    const vacant = district.nodes.filter((n) => n.post === undefined).map((n) => n.id);
    expect(vacant.sort()).toEqual([...DEMO_VACANT_NODE_IDS].sort());
    expect(DEMO_VACANT_NODE_IDS).toHaveLength(4);
  });

  it('gives every phone the fake +86100 prefix, unique per person', () => {
    const phones = district.persons.map((p) => p.phone);
    expect(new Set(phones).size).toBe(phones.length);
    for (const phone of phones) expect(phone).toMatch(/^\+86100\d{8}$/);
  });

  it('keeps post holders and residents in persons with the same name and phone', () => {
    const persons = new Map(district.persons.map((p) => [p.id, p]));
    for (const node of district.nodes) {
      if (!node.post) continue;
      const person = persons.get(node.post.holderId);
      expect(person, `holder of ${node.id}`).toBeDefined();
      expect(person?.name).toBe(node.post.holderName);
      expect(person?.phone).toBe(node.post.holderPhone);
    }
    const referenced = new Set(district.nodes.flatMap((n) => (n.post ? [n.post.holderId] : [])));
    for (const household of district.households) {
      expect(household.residents.length).toBeGreaterThanOrEqual(1);
      expect(household.residents.length).toBeLessThanOrEqual(3);
      expect(household.residents[0]?.relation).toBe('户主');
      for (const resident of household.residents) {
        const person = persons.get(resident.personId);
        expect(person?.name).toBe(resident.name);
        expect(person?.phone).toBe(resident.phone);
        expect(['户主', '配偶', '子女', '父母']).toContain(resident.relation);
        referenced.add(resident.personId);
      }
    }
    for (const provider of district.providers) {
      for (const member of provider.memberIds) referenced.add(member);
    }
    // No orphan persons: everyone is a leader, a resident or a provider's member.
    expect(referenced.size).toBe(district.persons.length);
  });

  it('has the ten staff and volunteer teams of 银融社区, members of their own at the end of the persons', () => {
    expect(
      district.providers.map((p) => [p.id, p.kind, p.name, p.scope, p.memberIds.length, p.specialities]),
    ).toEqual([
      [DEMO_WATER_STAFF_ID, 'staff', '第一网格供水员', 'gd-yinrong-1', 1, ['repair', 'drainage']],
      [DEMO_POWER_STAFF_ID, 'staff', '第一网格供电员', 'gd-yinrong-1', 1, ['repair', 'safety']],
      [
        DEMO_PROPERTY_STAFF_ID,
        'staff',
        '银融社区物业管理员',
        'cm-yinrong',
        1,
        ['repair', 'environment', 'safety'],
      ],
      [DEMO_PLUMBING_TEAM_ID, 'team', '楼栋牵手团', 'cm-yinrong', 3, ['repair', 'drainage']],
      [DEMO_ELDERLY_TEAM_ID, 'team', '助老行动队', 'cm-yinrong', 3, ['elderly-care']],
    ]);
    const categories = lvyuanConfig.categories.map((category) => category.code);
    const persons = new Map(district.persons.map((p) => [p.id, p]));
    const members = district.providers.flatMap((p) => p.memberIds);
    expect(new Set(members).size).toBe(members.length);
    // Appended after every leader and resident, so no earlier person id moved.
    expect(members).toEqual(district.persons.slice(-members.length).map((p) => p.id));
    for (const provider of district.providers) {
      expect(provider.id).toMatch(/^(sf|tm)-[a-z0-9-]+$/);
      expect(provider.memberIds).toContain(provider.contact.personId);
      expect(persons.get(provider.contact.personId)?.phone).toBe(provider.contact.phone);
      for (const code of provider.specialities) expect(categories).toContain(code);
      expect(demoNode(district, provider.scope)?.type).toMatch(/^(grid|community)$/);
    }
    expect(demoProvider(district, DEMO_ELDERLY_TEAM_ID)?.contact.personId).toBe(
      demoProvider(district, DEMO_ELDERLY_TEAM_ID)?.memberIds[1],
    );
    expect(demoProvider(district, 'nope')).toBeUndefined();
  });

  it('uses Chinese names', () => {
    for (const person of district.persons) expect(person.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
  });

  it('has exactly one person holding two posts', () => {
    const holders = district.nodes.flatMap((n) => (n.post ? [n.post.holderId] : []));
    const repeated = holders.filter((id, i) => holders.indexOf(id) !== i);
    expect(repeated).toHaveLength(1);
    const unitLeader = demoLeaderOf(district, DEMO_DUAL_POST_UNIT_ID);
    expect(unitLeader).toBeDefined();
    expect(unitLeader).toEqual(demoLeaderOf(district, DEMO_DUAL_POST_BUILDING_ID));
    expect(demoPostsHeldBy(district, unitLeader?.holderId ?? '').map((n) => n.id)).toEqual([
      DEMO_DUAL_POST_BUILDING_ID,
      DEMO_DUAL_POST_UNIT_ID,
    ]);
  });

  it('formats household addresses and tags', () => {
    const household = demoHousehold(district, DEMO_HOUSEHOLD_ID);
    expect(household?.address).toBe('银融社区 3栋 2单元 502');
    expect(household?.room).toBe('502');
    for (const h of district.households) {
      expect(h.id.endsWith(`-${h.room}`)).toBe(true);
      for (const tag of h.tags) expect(DEMO_HOUSEHOLD_TAGS).toContain(tag);
      if (h.tags.includes('独居老人')) expect(h.residents).toHaveLength(1);
    }
    const tagged = district.households.filter((h) => h.tags.length > 0).length;
    expect(tagged).toBeGreaterThan(0);
    expect(tagged).toBeLessThan(district.households.length / 2);
  });
});

describe('demo lookups', () => {
  it('routes the happy-path household to its unit leader first', () => {
    const chain = demoChainOf(district, DEMO_HOUSEHOLD_ID);
    expect(chain.map((l) => l.level)).toEqual([...LEVELS]);
    expect(chain.map((l) => l.nodeId)).toEqual([
      'un-yinrong-1-3-2',
      'bd-yinrong-1-3',
      'gd-yinrong-1',
      'cm-yinrong',
      'st-qingnianlu',
    ]);
    expect(chain.every((l) => l.post !== undefined)).toBe(true);
  });

  it('shows the vacant unit in the chain of the vacant-unit household', () => {
    const household = demoHousehold(district, DEMO_VACANT_UNIT_HOUSEHOLD_ID);
    expect(household?.parentId).toBe(DEMO_VACANT_UNIT_ID);
    const chain = demoChainOf(district, DEMO_VACANT_UNIT_HOUSEHOLD_ID);
    expect(chain[0]).toEqual({ level: 'unit', nodeId: DEMO_VACANT_UNIT_ID, nodeName: '2单元' });
    expect(chain.find((l) => l.post)?.level).toBe('building');
    expect(demoLeaderOf(district, DEMO_VACANT_UNIT_ID)).toBeUndefined();
  });

  it('finds nodes, persons and households under a node', () => {
    expect(demoNode(district, 'cm-yinrong')?.name).toBe('银融社区');
    expect(demoNode(district, 'nope')).toBeUndefined();
    expect(demoLeaderOf(district, 'nope')).toBeUndefined();
    expect(demoPerson(district, 'p-0001')?.phone).toMatch(/^\+86100\d{8}$/);
    expect(demoHouseholdsUnder(district, 'st-qingnianlu')).toHaveLength(24);
    expect(demoHouseholdsUnder(district, 'gd-yinrong-1')).toHaveLength(12);
    expect(demoHouseholdsUnder(district, DEMO_VACANT_UNIT_ID)).toHaveLength(3);
    expect(() => demoChainOf(district, 'hh-nope')).toThrow(/unknown demo household/);
  });
});

function idPrefix(type: NodeType): string {
  return { street: 'st', community: 'cm', grid: 'gd', building: 'bd', unit: 'un', household: 'hh' }[type];
}
