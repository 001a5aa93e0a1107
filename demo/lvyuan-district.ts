import { householdIn } from '../shared/domain/hierarchy-rules.js';
/**
 * A small, fully fictional demo district modelled on 长春市绿园区 (Lüyuan district, Changchun).
 *
 * The four streets and their communities are the ones named in the source article (2020-04-27,
 * 中国经济导报); everything below community level (grids, buildings, units, rooms) and every person,
 * name and phone number is invented. Real people named in the article are deliberately not used.
 *
 * The generator is pure and deterministic: no Date, no I/O, no Math.random — only a seeded PRNG
 * (mulberry32), so two calls return deep-equal data and tests/examples can rely on stable ids.
 *
 * Shape: 4 streets → 1 community each → 2 grids → 2 buildings → 2 units → 3 households
 * (4 + 4 + 8 + 16 + 32 nodes, 96 households).
 *
 * Deliberate irregularities (they exercise routing):
 * - Vacant posts — exactly these four nodes have no `post`, so a request climbing the chain must skip them:
 *   unit `un-yinrong-1-1-2`, unit `un-fenghe-2-1-1`, building `bd-xinyang-1-2`, grid `gd-qingpu-2`.
 * - One person holds two posts: the 单元长 of `un-yinrong-1-1-1` is also the 楼栋长 of `bd-yinrong-1-1`.
 *
 * Service providers (十员 and volunteer teams), all in 银融社区: a 供水员 and a 供电员 for its first
 * grid, a 物业管理员 and two volunteer teams (楼栋牵手团, 助老行动队) for the whole community. Their
 * members are persons of their own, generated after everyone else, so adding them shifted no id.
 *
 * Phone numbers are `+86100` followed by 8 digits: the 100 prefix is not allocated to any real mobile
 * network, so demo SMS can never reach a real subscriber.
 */
import type {
  ChainLink,
  HierarchyNode,
  Household,
  Person,
  Post,
  Resident,
} from '../shared/domain/hierarchy.js';
import { LEVELS, type Level } from '../shared/config/vocabulary.js';
import type { Ancestors } from '../shared/domain/place.js';
import type { ServiceProvider } from '../shared/domain/request.js';
import { mulberry32 } from './random.js';

export interface DemoDistrict {
  nodes: HierarchyNode[];
  households: Household[];
  persons: Person[];
  /** The ten staff (十员) and volunteer teams the leaders can send (dispatch) to work on a request. */
  providers: ServiceProvider[];
}

/** Happy path: this household's unit has a 单元长, so a request goes to the unit leader first. */
/** The district the demo data belongs to (config/districts/lvyuan.json): the one the local run serves. */
export const DEMO_DISTRICT_ID = 'lvyuan';

export const DEMO_HOUSEHOLD_ID = 'hh-yinrong-1-3-2-502';
/** The unit whose 单元长 post is vacant. */
export const DEMO_VACANT_UNIT_ID = 'un-yinrong-1-1-2';
/** A household in the vacant unit: its requests skip the unit and go straight to the 楼栋长. */
export const DEMO_VACANT_UNIT_HOUSEHOLD_ID = 'hh-yinrong-1-1-2-302';
/** Exactly the nodes whose post is vacant, by design. */
export const DEMO_VACANT_NODE_IDS: readonly string[] = [
  'un-yinrong-1-1-2',
  'un-fenghe-2-1-1',
  'bd-xinyang-1-2',
  'gd-qingpu-2',
];
/** The unit and the building whose leader is the same person. */
export const DEMO_DUAL_POST_UNIT_ID = 'un-yinrong-1-1-1';
export const DEMO_DUAL_POST_BUILDING_ID = 'bd-yinrong-1-1';

/** 银融社区's 供水员 (water supply), serving its first grid. */
export const DEMO_WATER_STAFF_ID = 'sf-yinrong-1-water';
/** 银融社区's 供电员 (electricity), serving its first grid. */
export const DEMO_POWER_STAFF_ID = 'sf-yinrong-1-power';
/** 银融社区's 物业管理员 (property management), serving the whole community. */
export const DEMO_PROPERTY_STAFF_ID = 'sf-yinrong-property';
/** 楼栋牵手团: neighbours who fix pipes, drains and locks, for the whole community (3 members). */
export const DEMO_PLUMBING_TEAM_ID = 'tm-yinrong-plumbing';
/** 助老行动队: volunteers who look after the community's elderly (3 members; its contact is not the first). */
export const DEMO_ELDERLY_TEAM_ID = 'tm-yinrong-elderly';

/** Household tags the demo uses (a subset of what a real deployment may record). */
export const DEMO_HOUSEHOLD_TAGS = ['独居老人', '残疾', '低保', '重点关注'] as const;

interface StreetSpec {
  slug: string;
  name: string;
  community: {
    slug: string;
    name: string;
    /** Building numbers (栋) per grid; numbered across the community, as on the real estate plans. */
    buildingsByGrid: [number[], number[]];
  };
}

const STREETS: readonly StreetSpec[] = [
  {
    slug: 'qingnianlu',
    name: '青年路街道',
    community: {
      slug: 'yinrong',
      name: '银融社区',
      buildingsByGrid: [
        [1, 3],
        [2, 5],
      ],
    },
  },
  {
    slug: 'zhengyang',
    name: '正阳街道',
    community: {
      slug: 'fenghe',
      name: '丰和社区',
      buildingsByGrid: [
        [2, 4],
        [1, 3],
      ],
    },
  },
  {
    slug: 'puyang',
    name: '普阳街道',
    community: {
      slug: 'xinyang',
      name: '信阳社区',
      buildingsByGrid: [
        [1, 2],
        [3, 6],
      ],
    },
  },
  {
    slug: 'tiexi',
    name: '铁西街道',
    community: {
      slug: 'qingpu',
      name: '青浦社区',
      buildingsByGrid: [
        [1, 3],
        [2, 4],
      ],
    },
  },
];

const GRID_NAMES = ['第一网格', '第二网格'] as const;
const UNITS_PER_BUILDING = 2;

/**
 * Rooms (floor + door) of the three households in each unit, picked by the unit's position in
 * generation order (cycling). Pattern 3 lands on `un-yinrong-1-3-2` (→ DEMO_HOUSEHOLD_ID, room 502) and
 * pattern 1 on `un-yinrong-1-1-2` (→ DEMO_VACANT_UNIT_HOUSEHOLD_ID, room 302).
 */
const ROOM_PATTERNS: readonly (readonly [string, string, string])[] = [
  ['102', '201', '401'],
  ['101', '302', '601'],
  ['201', '402', '501'],
  ['101', '301', '502'],
  ['202', '301', '602'],
  ['102', '401', '502'],
  ['201', '302', '601'],
];

const SURNAMES = [...'王李张刘杨赵黄周吴徐孙胡朱高林何郭马罗梁宋谢韩唐冯于董程曹袁邓许沈彭吕姜'];

/** Given names typical of adults born 1950s–1980s in the Northeast. */
const ADULT_GIVEN_NAMES = (
  '建国 秀兰 桂英 淑珍 玉兰 志强 海燕 丽华 德明 文华 晓东 国庆 红霞 立新 ' +
  '淑芬 凤琴 宝山 永刚 雅琴 明辉 桂芝 玉珍 长海 振华 丽娟 春生 金凤 晓峰 ' +
  '爱民 秀英 淑华 建华 志远 国华 庆云 美玲 鹏飞 学军 凤霞 伟东 亚楠 文斌'
).split(' ');

/** Given names typical of children and young adults. */
const YOUNG_GIVEN_NAMES = (
  '子涵 浩然 欣怡 宇轩 梓萱 俊杰 思雨 佳怡 一鸣 雨桐 ' + '婷婷 博文 诗琪 天佑 可馨 子墨 若曦 明轩 嘉怡 皓宇'
).split(' ');

/** Independent PRNG streams: changing the name lists does not change household sizes or tags. */
const SEED_NAMES = 0x5a2c_1a4e;
const SEED_HOUSEHOLDS = 0x1b7e_0427;

function pick<T>(rng: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * The n-th demo phone (n ≥ 0): `+86100` + 8 digits. Multiplying by a constant coprime to 10^8 is a
 * bijection mod 10^8, so numbers are unique (for n < 10^8) yet do not look sequential.
 */
function demoPhone(n: number): string {
  const digits = (n * 7_368_787 + 20_200_415) % 100_000_000;
  return `+86100${String(digits).padStart(8, '0')}`;
}

/** Generates the whole demo district. Pure: every call returns fresh, deep-equal data. */
export function lvyuanDemoDistrict(): DemoDistrict {
  const nameRng = mulberry32(SEED_NAMES);
  const homeRng = mulberry32(SEED_HOUSEHOLDS);
  const nodes: HierarchyNode[] = [];
  const households: Household[] = [];
  const persons: Person[] = [];
  const usedNames = new Set<string>();
  const vacant = new Set(DEMO_VACANT_NODE_IDS);

  /** A unique full name; `surname` fixes the family name (e.g. a resident's child). */
  function uniqueName(givenNames: readonly string[], surname?: string): string {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const name = (surname ?? pick(nameRng, SURNAMES)) + pick(nameRng, givenNames);
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    throw new Error('demo name lists exhausted');
  }

  function newPerson(name: string): Person {
    const person: Person = {
      id: `p-${String(persons.length + 1).padStart(4, '0')}`,
      name,
      phone: demoPhone(persons.length),
    };
    persons.push(person);
    return person;
  }

  function postFor(person: Person): Post {
    return { holderId: person.id, holderName: person.name, holderPhone: person.phone };
  }

  function addNode(
    level: Level,
    id: string,
    name: string,
    parent: HierarchyNode | undefined,
    leader?: Person,
  ): HierarchyNode {
    const ancestors: Ancestors = { ...parent?.ancestors, [level]: id };
    const node: HierarchyNode = { id, type: level, name, ancestors };
    if (parent) node.parentId = parent.id;
    if (!vacant.has(id)) node.post = postFor(leader ?? newPerson(uniqueName(ADULT_GIVEN_NAMES)));
    nodes.push(node);
    return node;
  }

  function addResidents(): Resident[] {
    const roll = homeRng();
    const count = roll < 0.25 ? 1 : roll < 0.7 ? 2 : 3;
    const head = newPerson(uniqueName(ADULT_GIVEN_NAMES));
    const surname = head.name.slice(0, 1);
    const residents: Resident[] = [
      { personId: head.id, name: head.name, phone: head.phone, relation: '户主' },
    ];
    // Second member: usually a spouse, sometimes an adult child living with a parent.
    const relations: string[] = [];
    if (count >= 2) relations.push(homeRng() < 0.8 ? '配偶' : '子女');
    if (count >= 3) relations.push(homeRng() < 0.75 ? '子女' : '父母');
    for (const relation of relations) {
      const person =
        relation === '配偶'
          ? newPerson(uniqueName(ADULT_GIVEN_NAMES))
          : relation === '子女'
            ? newPerson(uniqueName(YOUNG_GIVEN_NAMES, surname))
            : newPerson(uniqueName(ADULT_GIVEN_NAMES, surname));
      residents.push({ personId: person.id, name: person.name, phone: person.phone, relation });
    }
    return residents;
  }

  function householdTags(residents: Resident[]): string[] {
    const tags: string[] = [];
    if (residents.length === 1 && homeRng() < 0.35) tags.push('独居老人');
    if (homeRng() < 0.06) tags.push('残疾');
    if (homeRng() < 0.06) tags.push('低保');
    if (homeRng() < 0.05 || (tags.length >= 2 && !tags.includes('重点关注'))) tags.push('重点关注');
    return tags;
  }

  let unitIndex = 0;
  for (const spec of STREETS) {
    const cm = spec.community;
    const street = addNode('street', `st-${spec.slug}`, spec.name, undefined);
    const community = addNode('community', `cm-${cm.slug}`, cm.name, street);
    cm.buildingsByGrid.forEach((buildingNumbers, g) => {
      const gridNo = g + 1;
      const gridName = GRID_NAMES[g] ?? `网格${gridNo}`;
      const grid = addNode('grid', `gd-${cm.slug}-${gridNo}`, gridName, community);
      for (const buildingNo of buildingNumbers) {
        const building = addNode(
          'building',
          `bd-${cm.slug}-${gridNo}-${buildingNo}`,
          `${buildingNo}栋`,
          grid,
        );
        for (let unitNo = 1; unitNo <= UNITS_PER_BUILDING; unitNo++) {
          const unitId = `un-${cm.slug}-${gridNo}-${buildingNo}-${unitNo}`;
          // The 楼栋长 of DEMO_DUAL_POST_BUILDING_ID also serves as 单元长 of its first unit.
          const sharedLeader =
            unitId === DEMO_DUAL_POST_UNIT_ID ? personOf(persons, building.post?.holderId) : undefined;
          const unit = addNode('unit', unitId, `${unitNo}单元`, building, sharedLeader);
          const rooms = ROOM_PATTERNS[unitIndex % ROOM_PATTERNS.length] ?? [];
          unitIndex++;
          for (const room of rooms) {
            const residents = addResidents();
            households.push(
              householdIn(
                unit,
                { community: cm.name, building: building.name, unit: unit.name },
                {
                  id: `hh-${cm.slug}-${gridNo}-${buildingNo}-${unitNo}-${room}`,
                  room,
                  residents,
                  tags: householdTags(residents),
                },
              ),
            );
          }
        }
      }
    });
  }

  /** A provider whose members are new persons (the contact the `contact`-th of them, default the first). */
  function addProvider(
    spec: Omit<ServiceProvider, 'contact' | 'memberIds'>,
    members: number,
    contact = 0,
  ): ServiceProvider {
    const people = Array.from({ length: members }, () => newPerson(uniqueName(ADULT_GIVEN_NAMES)));
    const contactPerson = people[contact] as Person;
    return {
      ...spec,
      contact: { personId: contactPerson.id, phone: contactPerson.phone },
      memberIds: people.map((person) => person.id),
    };
  }
  const providers: ServiceProvider[] = [
    addProvider(
      {
        kind: 'staff',
        id: DEMO_WATER_STAFF_ID,
        name: '第一网格供水员',
        specialities: ['repair', 'drainage'],
        scope: 'gd-yinrong-1',
      },
      1,
    ),
    addProvider(
      {
        kind: 'staff',
        id: DEMO_POWER_STAFF_ID,
        name: '第一网格供电员',
        specialities: ['repair', 'safety'],
        scope: 'gd-yinrong-1',
      },
      1,
    ),
    addProvider(
      {
        kind: 'staff',
        id: DEMO_PROPERTY_STAFF_ID,
        name: '银融社区物业管理员',
        specialities: ['repair', 'environment', 'safety'],
        scope: 'cm-yinrong',
      },
      1,
    ),
    addProvider(
      {
        kind: 'team',
        id: DEMO_PLUMBING_TEAM_ID,
        name: '楼栋牵手团',
        specialities: ['repair', 'drainage'],
        scope: 'cm-yinrong',
      },
      3,
    ),
    addProvider(
      {
        kind: 'team',
        id: DEMO_ELDERLY_TEAM_ID,
        name: '助老行动队',
        specialities: ['elderly-care'],
        scope: 'cm-yinrong',
      },
      3,
      1,
    ),
  ];
  return { nodes, households, persons, providers };
}

function personOf(persons: Person[], id: string | undefined): Person | undefined {
  return id === undefined ? undefined : persons.find((p) => p.id === id);
}

/** The provider (staff member or volunteer team) with this id, if any. */
export function demoProvider(district: DemoDistrict, providerId: string): ServiceProvider | undefined {
  return district.providers.find((provider) => provider.id === providerId);
}

/** The node (street … unit) with this id, if any. */
export function demoNode(district: DemoDistrict, nodeId: string): HierarchyNode | undefined {
  return district.nodes.find((n) => n.id === nodeId);
}

/** The household with this id, if any. */
export function demoHousehold(district: DemoDistrict, householdId: string): Household | undefined {
  return district.households.find((h) => h.id === householdId);
}

/** The person with this id, if any. */
export function demoPerson(district: DemoDistrict, personId: string): Person | undefined {
  return personOf(district.persons, personId);
}

/** The post at a node; undefined when the post is vacant or the node does not exist. */
export function demoLeaderOf(district: DemoDistrict, nodeId: string): Post | undefined {
  return demoNode(district, nodeId)?.post;
}

/** The nodes whose post this person holds (usually one; two for the dual-post leader). */
export function demoPostsHeldBy(district: DemoDistrict, personId: string): HierarchyNode[] {
  return district.nodes.filter((n) => n.post?.holderId === personId);
}

/** Households at or below a node (all households for a street, three for a unit). */
export function demoHouseholdsUnder(district: DemoDistrict, nodeId: string): Household[] {
  return district.households.filter((h) => Object.values(h.ancestors).includes(nodeId));
}

/**
 * A household's chain of leaders in escalation order (unit → building → grid → community → street).
 * Vacant levels are included with `post` absent; throws for an unknown household.
 */
export function demoChainOf(district: DemoDistrict, householdId: string): ChainLink[] {
  const household = demoHousehold(district, householdId);
  if (!household) throw new Error(`unknown demo household: ${householdId}`);
  return LEVELS.map((level) => {
    const node = demoNode(district, household.ancestors[level]);
    if (!node) throw new Error(`demo household ${householdId} has no ${level} node`);
    const link: ChainLink = { level, nodeId: node.id, nodeName: node.name };
    if (node.post) link.post = node.post;
    return link;
  });
}
