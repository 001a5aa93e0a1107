/**
 * Addresses as residents write them on third-party forms ("银融社区3栋2单元501", "3号楼2单元501室",
 * "绿园街道银融社区3-2-501"), read into parts and compared with the names of the district's nodes.
 * Pure: the store walks the tree (shared/services/intake/resolve-household.ts).
 */

/** An address read from text: each part as written, absent when the text does not say it unambiguously. */
export interface AddressParts {
  community?: string;
  building?: string;
  unit?: string;
  room?: string;
}

const NUMERAL_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/**
 * A number in Chinese numerals, as written in addresses: 三 → 3, 十二 → 12, 二十三 → 23, and digit by
 * digit without 十 (五〇一 → 501). Undefined for anything else.
 */
function chineseNumber(text: string): string | undefined {
  const digits = [...text].map((char) => NUMERAL_DIGITS[char]);
  const ten = text.indexOf('十');
  if (ten === -1) return digits.every((digit) => digit !== undefined) ? digits.join('') : undefined;
  const [tens, ones] = [text.slice(0, ten), text.slice(ten + 1)];
  if (tens.length > 1 || ones.length > 1) return undefined;
  const tensDigit = tens === '' ? 1 : NUMERAL_DIGITS[tens];
  const onesDigit = ones === '' ? 0 : NUMERAL_DIGITS[ones];
  if (tensDigit === undefined || onesDigit === undefined) return undefined;
  return String(tensDigit * 10 + onesDigit);
}

/** Full-width letters and digits to ASCII, no spaces, upper case. */
const plain = (text: string) => text.normalize('NFKC').replace(/\s+/gu, '').toUpperCase();

/** What residents put after a building, unit or room number; the longest first (号楼 before 号). */
const PLACE_SUFFIX = /(?:号楼|单元|栋|幢|座|楼|号|室|户)$/u;

/**
 * A building, unit or room name reduced to what identifies it: 3栋, 3号楼, 三幢 and 第3栋 are all "3";
 * 2单元 and 二单元 "2"; 501室 "501"; A座 "A".
 */
export function placeKey(name: string): string {
  const bare = plain(name).replace(/^第/u, '').replace(PLACE_SUFFIX, '');
  const key = chineseNumber(bare) ?? bare;
  return /^\d+$/u.test(key) ? key.replace(/^0+(?=\d)/u, '') : key;
}

export const samePlace = (a: string, b: string) => placeKey(a) === placeKey(b);

const COMMUNITY_SUFFIX = '社区';
const communityKey = (name: string) => plain(name).replace(new RegExp(`${COMMUNITY_SUFFIX}$`, 'u'), '');

/**
 * The communities a name or a text means: those whose name is the one given (with or without 社区),
 * else those whose name occurs in it ("青年路银融社区", "银融3栋2单元501" → 银融社区). The caller
 * decides what more than one means (for an address: nothing resolved).
 */
export function matchCommunities<T extends { name: string }>(wanted: string, communities: readonly T[]): T[] {
  const key = communityKey(wanted);
  const named = communities.filter((community) => communityKey(community.name) === key);
  if (named.length > 0) return named;
  return communities.filter((community) => {
    const name = communityKey(community.name);
    return name !== '' && key.includes(name);
  });
}

/** Administrative names before a community's, dropped from it: 长春市, 绿园区, 青年路街道. */
const ADMIN_SUFFIXES = ['街道', '省', '市', '区', '县', '镇', '乡'];

/**
 * The community named in a text ("…社区") and where it is, without the province, city, district or
 * street written before it. A marker counts only after a name of two characters or more and before
 * some of the community's own (城市花园社区 and 新区社区 keep their 市 and 区).
 */
function findCommunity(text: string): { name: string; start: number; end: number } | undefined {
  const match = /\p{Script=Han}*?社区/u.exec(text);
  if (!match) return undefined;
  const run = match[0].slice(0, -COMMUNITY_SUFFIX.length);
  let from = 0;
  for (let index = 0; index < run.length; index++) {
    const marker = ADMIN_SUFFIXES.find((suffix) => run.startsWith(suffix, index));
    const end = index + (marker?.length ?? 0);
    if (marker && index - from >= 2 && end < run.length) from = end;
  }
  return {
    name: `${run.slice(from)}${COMMUNITY_SUFFIX}`,
    start: match.index,
    end: match.index + match[0].length,
  };
}

const NUMBER = '(?:\\d+|[零〇一二两三四五六七八九十]+)';
const DASH = '\\s*[-—–]\\s*';
/**
 * The place tokens, tried in this order at each position: 3-2-501, 2-501 (after a building), a
 * building (号 only when a unit follows: 3号2单元; 5楼 after a unit is a floor), a unit, a number (a
 * room, once a building or unit was read: what comes before is a street number).
 */
const TOKEN = new RegExp(
  [
    `(?<triple>(?<tb>\\d+)${DASH}(?<tu>\\d+)${DASH}(?<tr>\\d+)\\s*(?:室|户|号)?)`,
    `(?<pair>(?<pu>\\d+)${DASH}(?<pr>\\d+)\\s*(?:室|户|号)?)`,
    `(?<building>第?\\s*(?:${NUMBER}|[A-Z])\\s*(?:号楼|栋|幢|座|(?<floor>楼)|号(?=\\s*第?\\s*${NUMBER}\\s*单元)))`,
    `(?<unit>第?\\s*${NUMBER}\\s*单元)`,
    `(?<room>${NUMBER}\\s*(?:室|户|号)?)`,
  ].join('|'),
  'gu',
);

type PlacePart = 'building' | 'unit' | 'room';

/**
 * Reads an address from free text: the community ("…社区", without the street or district before
 * it), the building, the unit and the room. A part the text gives twice, differently ("3栋 5栋"), is
 * left out: the caller cannot tell which is meant.
 */
export function parseAddress(text: string): AddressParts {
  const normalized = text.normalize('NFKC').toUpperCase();
  const community = findCommunity(normalized);
  const rest = community
    ? `${normalized.slice(0, community.start)} ${normalized.slice(community.end)}`
    : normalized;
  const found = new Map<PlacePart, string | null>();
  const add = (part: PlacePart, value: string) => {
    const written = value.replace(/\s+/gu, '');
    const before = found.get(part);
    if (before === undefined) found.set(part, written);
    else if (before !== null && !samePlace(before, written)) found.set(part, null);
  };
  for (const match of rest.matchAll(TOKEN)) {
    const groups = match.groups ?? {};
    const placed = found.has('building') || found.has('unit');
    if (groups.triple) {
      add('building', groups.tb!);
      add('unit', groups.tu!);
      add('room', groups.tr!);
    } else if (groups.pair && found.has('building')) {
      add('unit', groups.pu!);
      add('room', groups.pr!);
    } else if (groups.building) {
      if (!(groups.floor && found.has('unit'))) add('building', groups.building);
    } else if (groups.unit) add('unit', groups.unit);
    else if (groups.room && placed) add('room', groups.room);
  }
  const parts: AddressParts = community ? { community: community.name } : {};
  for (const [part, value] of found) if (value !== null) parts[part] = value;
  return parts;
}
