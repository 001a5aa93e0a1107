import { STANDARD_HOUSEHOLD_TAGS } from '../shared/config/vocabulary.js';
import { householdIn } from '../shared/domain/hierarchy-rules.js';
/**
 * A deterministic generator of districts of any size, for the scale benchmark (and any test that
 * needs a big district). Everything is fictional: names come from fixed lists, phones are `+86100`
 * followed by 8 digits (a prefix allocated to no mobile network), and a seeded PRNG (mulberry32)
 * makes every call with the same shape return deep-equal data.
 *
 * Counts per parent may be fractional averages: the children are spread so that the total of a
 * level is round(parents × average) and every parent gets floor or ceil of the average (at least one
 * when the average is ≥ 1). `LVYUAN_SHAPE` is the size of Lüyuan district: 10 streets, 60
 * communities, 600 grids, 6,000 buildings, 25,000 units and 300,000 households.
 *
 * Leaders, and how the generator lands near Lüyuan's 20,000 of them for 31,670 posts:
 * - every street and community post is held (by the duty officer of the office), by its own person;
 * - a grid, building or unit post is vacant with probability `vacancyRate` (default 3%);
 * - the first unit of a building is led by the building's 楼栋长 (one person, two posts), and
 *   any other unit, with probability `sharedUnitLeaderRate` (default 28%), by the leader of the
 *   unit before it in the same building (one person serving two stairwells).
 * At the Lüyuan size that gives about 20,000 leaders (the benchmark prints the exact count).
 * Residents (1–3 per household) are persons of their own, apart from the leaders.
 */
import type { District } from '../shared/services/import/district-format.js';
import {
  type HierarchyNode,
  type Household,
  type Person,
  type Post,
  type Resident,
} from '../shared/domain/hierarchy.js';
import { mulberry32 } from './random.js';

export interface DistrictShape {
  streets: number;
  /** Average per street (may be fractional, as every count below). */
  communitiesPerStreet: number;
  gridsPerCommunity: number;
  buildingsPerGrid: number;
  unitsPerBuilding: number;
  householdsPerUnit: number;
  /** Share of grid, building and unit posts left vacant; default 0.03. */
  vacancyRate?: number;
  /** Share of units (not a building's first) led by the leader of the unit before them; default 0.28. */
  sharedUnitLeaderRate?: number;
  /** PRNG seed; default a fixed constant. */
  seed?: number;
}

/** The size of Lüyuan district (2020): about 600 grids, 6,000 buildings, 25,000 units, 300,000 households. */
export const LVYUAN_SHAPE: DistrictShape = {
  streets: 10,
  communitiesPerStreet: 6,
  gridsPerCommunity: 10,
  buildingsPerGrid: 10,
  unitsPerBuilding: 25_000 / 6_000,
  householdsPerUnit: 12,
};

/**
 * A fraction of Lüyuan: every level's total is scaled by `scale` (0.1 → 60 grids, 30,000
 * households), keeping at least one node per level and the same average units and households.
 */
export function lvyuanShape(scale = 1): DistrictShape {
  if (!(scale > 0)) throw new Error('scale must be a positive number');
  const streets = Math.max(1, Math.round(LVYUAN_SHAPE.streets * scale));
  const communitiesPerStreet = Math.max(1, (60 * scale) / streets);
  const communities = Math.round(streets * communitiesPerStreet);
  const gridsPerCommunity = Math.max(1, (600 * scale) / communities);
  const grids = Math.round(communities * gridsPerCommunity);
  const buildingsPerGrid = Math.max(1, (6_000 * scale) / grids);
  return { ...LVYUAN_SHAPE, streets, communitiesPerStreet, gridsPerCommunity, buildingsPerGrid };
}

export interface DistrictSize {
  streets: number;
  communities: number;
  grids: number;
  buildings: number;
  units: number;
  households: number;
}

/** How many nodes of each level and households `generateDistrict(shape)` makes, without making them. */
export function districtSize(shape: DistrictShape): DistrictSize {
  const total = (parents: number, average: number) => Math.round(parents * average);
  const communities = total(shape.streets, shape.communitiesPerStreet);
  const grids = total(communities, shape.gridsPerCommunity);
  const buildings = total(grids, shape.buildingsPerGrid);
  const units = total(buildings, shape.unitsPerBuilding);
  return {
    streets: shape.streets,
    communities,
    grids,
    buildings,
    units,
    households: total(units, shape.householdsPerUnit),
  };
}

/** How many children parent number `index` gets when parents average `average` children. */
function childCount(index: number, average: number): number {
  return Math.round((index + 1) * average) - Math.round(index * average);
}

const STREET_NAMES = ['青年路', '正阳', '普阳', '铁西', '林园', '同心', '春城', '西新', '城西', '锦程'];
const COMMUNITY_NAMES = (
  '银融 丰和 信阳 青浦 春光 长青 和顺 新民 康乐 安居 兴华 繁荣 宏达 瑞祥 福民 ' +
  '惠民 光明 永安 平安 文化 建设 胜利 团结 友谊 幸福 朝阳 和平 民丰 嘉园 景阳'
).split(' ');
const SURNAMES = [...'王李张刘杨赵黄周吴徐孙胡朱高林何郭马罗梁宋谢韩唐冯于董程曹袁邓许沈彭吕姜'];
const ADULT_GIVEN_NAMES = (
  '建国 秀兰 桂英 淑珍 玉兰 志强 海燕 丽华 德明 文华 晓东 国庆 红霞 立新 淑芬 凤琴 宝山 永刚 ' +
  '雅琴 明辉 桂芝 玉珍 长海 振华 丽娟 春生 金凤 晓峰 爱民 秀英 淑华 建华 志远 国华 庆云 美玲'
).split(' ');
const YOUNG_GIVEN_NAMES = '子涵 浩然 欣怡 宇轩 梓萱 俊杰 思雨 佳怡 一鸣 雨桐 婷婷 博文 诗琪 天佑 可馨'.split(
  ' ',
);
const DIGITS = [...'零一二三四五六七八九'];

/** 1 → 一, 10 → 十, 12 → 十二, 35 → 三十五, 100+ → arabic digits. */
export function chineseNumber(n: number): string {
  if (n < 10) return DIGITS[n] ?? String(n);
  if (n < 20) return `十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 === 0 ? '' : DIGITS[n % 10]}`;
  return String(n);
}

/** The n-th phone (n < 10^8): `+86100` + 8 digits, unique, not sequential-looking. */
function phoneOf(n: number): string {
  const digits = (n * 7_368_787 + 31_415_926) % 100_000_000;
  return `+86100${String(digits).padStart(8, '0')}`;
}

const cycled = (names: readonly string[], index: number, suffix: string) =>
  `${names[index % names.length]}${index >= names.length ? chineseNumber(Math.floor(index / names.length) + 1) : ''}${suffix}`;

/** Generates a whole district of the given shape. Pure and deterministic. */
export function generateDistrict(shape: DistrictShape): District {
  const vacancyRate = shape.vacancyRate ?? 0.03;
  const sharedRate = shape.sharedUnitLeaderRate ?? 0.28;
  const seed = shape.seed ?? 0x1a2b_3c4d;
  const postRng = mulberry32(seed);
  const homeRng = mulberry32(seed ^ 0x5bd1_e995);
  const nameRng = mulberry32(seed ^ 0x27d4_eb2f);
  const nodes: HierarchyNode[] = [];
  const households: Household[] = [];
  const persons: Person[] = [];
  let leaderCount = 0;
  let residentCount = 0;

  const pick = (list: readonly string[]) => list[Math.floor(nameRng() * list.length)] ?? '';
  const newPerson = (id: string, name: string): Person => {
    const person = { id, name, phone: phoneOf(persons.length) };
    persons.push(person);
    return person;
  };
  const newLeader = () =>
    newPerson(`ld-${String(++leaderCount).padStart(6, '0')}`, pick(SURNAMES) + pick(ADULT_GIVEN_NAMES));
  const postOf = (person: Person): Post => ({
    holderId: person.id,
    holderName: person.name,
    holderPhone: person.phone,
  });
  const addNode = (
    type: HierarchyNode['type'],
    id: string,
    name: string,
    parent: HierarchyNode | undefined,
    holder: Person | undefined,
  ): HierarchyNode => {
    const node: HierarchyNode = { id, type, name, ancestors: { ...parent?.ancestors, [type]: id } };
    if (parent) node.parentId = parent.id;
    if (holder) node.post = postOf(holder);
    nodes.push(node);
    return node;
  };
  /** A new leader, or none (vacant) with probability vacancyRate. */
  const maybeLeader = () => (postRng() < vacancyRate ? undefined : newLeader());

  const residentsOfHousehold = (): Resident[] => {
    const roll = homeRng();
    const count = roll < 0.25 ? 1 : roll < 0.7 ? 2 : 3;
    const surname = pick(SURNAMES);
    const relations = ['户主'];
    if (count >= 2) relations.push(homeRng() < 0.8 ? '配偶' : '子女');
    if (count >= 3) relations.push(homeRng() < 0.75 ? '子女' : '父母');
    return relations.map((relation) => {
      const name =
        relation === '配偶'
          ? pick(SURNAMES) + pick(ADULT_GIVEN_NAMES)
          : surname + pick(relation === '子女' ? YOUNG_GIVEN_NAMES : ADULT_GIVEN_NAMES);
      const person = newPerson(`rs-${String(++residentCount).padStart(7, '0')}`, name);
      return { personId: person.id, name: person.name, phone: person.phone, relation };
    });
  };
  const tagsOf = (residents: Resident[]): string[] => {
    const tags: string[] = [];
    const [alone, disabled, lowIncome, watch] = STANDARD_HOUSEHOLD_TAGS;
    if (residents.length === 1 && homeRng() < 0.35) tags.push(alone);
    if (homeRng() < 0.06) tags.push(disabled);
    if (homeRng() < 0.06) tags.push(lowIncome);
    if (homeRng() < 0.05 || tags.length >= 2) tags.push(watch);
    return tags;
  };

  let communityIndex = 0;
  let gridIndex = 0;
  let buildingIndex = 0;
  let unitIndex = 0;
  for (let s = 0; s < shape.streets; s++) {
    const streetNo = s + 1;
    const street = addNode(
      'street',
      `st-${streetNo}`,
      cycled(STREET_NAMES, s, '街道'),
      undefined,
      newLeader(),
    );
    const communities = childCount(s, shape.communitiesPerStreet);
    for (let c = 1; c <= communities; c++) {
      const community = addNode(
        'community',
        `cm-${streetNo}-${c}`,
        cycled(COMMUNITY_NAMES, communityIndex, '社区'),
        street,
        newLeader(),
      );
      const grids = childCount(communityIndex++, shape.gridsPerCommunity);
      for (let g = 1; g <= grids; g++) {
        const grid = addNode(
          'grid',
          `gd-${streetNo}-${c}-${g}`,
          `第${chineseNumber(g)}网格`,
          community,
          maybeLeader(),
        );
        const buildings = childCount(gridIndex++, shape.buildingsPerGrid);
        for (let b = 1; b <= buildings; b++) {
          const buildingLeader = maybeLeader();
          const building = addNode(
            'building',
            `${grid.id.replace('gd-', 'bd-')}-${b}`,
            `${b}栋`,
            grid,
            buildingLeader,
          );
          const units = childCount(buildingIndex++, shape.unitsPerBuilding);
          let previous: Person | undefined;
          for (let u = 1; u <= units; u++) {
            let leader: Person | undefined;
            if (u === 1 && buildingLeader) leader = buildingLeader;
            else if (postRng() < vacancyRate) leader = undefined;
            else if (previous && u > 1 && postRng() < sharedRate) leader = previous;
            else leader = newLeader();
            previous = leader;
            const unit = addNode(
              'unit',
              `${building.id.replace('bd-', 'un-')}-${u}`,
              `${u}单元`,
              building,
              leader,
            );
            const count = childCount(unitIndex++, shape.householdsPerUnit);
            for (let h = 0; h < count; h++) {
              const room = `${Math.floor(h / 2) + 1}0${(h % 2) + 1}`;
              const residents = residentsOfHousehold();
              households.push(
                householdIn(
                  unit,
                  { community: community.name, building: building.name, unit: unit.name },
                  {
                    id: `${unit.id.replace('un-', 'hh-')}-${room}`,
                    room,
                    residents,
                    tags: tagsOf(residents),
                  },
                ),
              );
            }
          }
        }
      }
    }
  }
  return { nodes, households, persons, providers: [] };
}
