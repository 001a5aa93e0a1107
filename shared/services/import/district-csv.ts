import type { Ancestors } from '../../domain/place.js';
import { householdIn, ID_PATTERN, ID_RULE, RESERVED_IDS } from '../../domain/hierarchy-rules.js';
/**
 * A district as five CSV files (and an optional sixth, its service providers), and back (pure: no
 * I/O, no AWS). The columns are documented in `examples/districts/README.md`; `parseDistrictCsv`
 * checks everything before anything is written and reports every problem with its file and line,
 * `districtCsv` is its inverse (what a generator emits).
 */
import type { HierarchyNode, Household, NodeType, Person, Post, Resident } from '../../domain/hierarchy.js';
import type { ServiceProvider } from '../../domain/request.js';
import { parseCsv, toCsv } from './csv.js';

/** Every file of a district, in the order problems are reported; see OPTIONAL_DISTRICT_FILES. */
export const DISTRICT_FILES = ['nodes', 'people', 'posts', 'households', 'residents', 'providers'] as const;
export type DistrictFile = (typeof DISTRICT_FILES)[number];
/** Files a district may leave out: without providers.csv it has no ten staff or volunteer teams. */
export const OPTIONAL_DISTRICT_FILES = ['providers'] as const satisfies readonly DistrictFile[];
export type OptionalDistrictFile = (typeof OPTIONAL_DISTRICT_FILES)[number];
/** The text of each file, by name without `.csv` (an optional file may be absent). */
export type DistrictFiles = Record<Exclude<DistrictFile, OptionalDistrictFile>, string> &
  Partial<Record<OptionalDistrictFile, string>>;

/** The columns of each file, in the order `districtCsv` writes them (a file may order them freely). */
export const DISTRICT_COLUMNS = {
  nodes: ['id', 'type', 'name', 'parent_id'],
  people: ['id', 'name', 'phone'],
  posts: ['node_id', 'person_id'],
  households: ['id', 'unit_id', 'room', 'tags'],
  residents: ['household_id', 'person_id', 'name', 'phone', 'relation'],
  providers: ['id', 'kind', 'name', 'scope', 'member_ids', 'contact_id', 'specialities'],
} as const satisfies Record<DistrictFile, readonly string[]>;

/** Columns that may be left empty (every other column is required). */
const OPTIONAL_COLUMNS: Partial<Record<DistrictFile, readonly string[]>> = {
  nodes: ['parent_id'],
  households: ['tags'],
  providers: ['contact_id'],
};

export interface District {
  nodes: HierarchyNode[];
  households: Household[];
  persons: Person[];
  /** The ten staff (十员) and volunteer teams, from providers.csv (none without it). */
  providers: ServiceProvider[];
}

export interface ImportProblem {
  /** The file's name, e.g. `households.csv`. */
  file: string;
  /** 1-based line of the file (the header is line 1); a record spanning lines is reported at its first. */
  line: number;
  reason: string;
}

export interface ParseOptions {
  /**
   * The household tags the district records (the standard four and its config's `householdTags`,
   * as the API accepts them); any other tag is a problem. Without it, any non-empty tag is accepted.
   */
  tags?: readonly string[];
  /**
   * The request category codes of the district (its config's `categories`): a provider's
   * specialities must be among them. Without it, any non-empty code is accepted.
   */
  categories?: readonly string[];
}

export type DistrictParseResult = { data: District } | { problems: ImportProblem[] };

type NodeLevel = HierarchyNode['type'];

/** The type a node's parent must have (a street has no parent). */
const PARENT_TYPE: Record<NodeLevel, NodeLevel | undefined> = {
  street: undefined,
  community: 'street',
  grid: 'community',
  building: 'grid',
  unit: 'building',
};
const NODE_LEVELS = Object.keys(PARENT_TYPE) as NodeLevel[];

export const MAX_TEXT_LENGTH = 100;
/** A mainland mobile number in E.164 (leaders and residents get SMS): `+86` and 11 digits from 1. */
export const PHONE_PATTERN = /^\+861\d{10}$/;
/** Household tags are separated by `;` inside the tags column (and so are members and specialities). */
export const TAG_SEPARATOR = ';';
/** What a provider may be: one of the ten staff (one person) or a volunteer team. */
export const PROVIDER_KINDS: readonly ServiceProvider['kind'][] = ['staff', 'team'];
/** Node types a provider may serve. */
const PROVIDER_SCOPES: readonly NodeLevel[] = ['grid', 'community'];
/**
 * The most members a provider may have: it is written in one transaction with a grant per
 * member, and a DynamoDB transaction holds at most 100 items.
 */
export const MAX_PROVIDER_MEMBERS = 99;

/** The distinct non-empty entries of a `;`-separated field, in their order. */
const listOf = (field: string): string[] => [
  ...new Set(
    field
      .split(TAG_SEPARATOR)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== ''),
  ),
];

const fileName = (file: DistrictFile) => `${file}.csv`;

interface Row {
  line: number;
  values: Record<string, string>;
  /** The row is already reported (field count, empty field): its ids count as known, it is not built. */
  broken: boolean;
}

interface FileRows {
  rows: Row[];
  /** False when the header is wrong: the rows are not read, and nothing is checked against the file. */
  usable: boolean;
}

/** Reads one file: CSV syntax, the header (every column once, no unknown one), field count, empty fields. */
function readRows(
  file: DistrictFile,
  text: string,
  report: (line: number, reason: string) => void,
): FileRows {
  const { records, problems } = parseCsv(text);
  for (const problem of problems) report(problem.line, problem.reason);
  const [header, ...body] = records;
  const expected: readonly string[] = DISTRICT_COLUMNS[file];
  if (!header) {
    if (problems.length === 0) report(1, `the file is empty: expected the header ${expected.join(',')}`);
    return { rows: [], usable: false };
  }
  // A header broken by a syntax problem: the first record read is not the header.
  if (problems.some((problem) => problem.line < header.line)) return { rows: [], usable: false };
  const columns = header.fields.map((name) => name.trim());
  let usable = true;
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) {
      report(header.line, `column "${column}" appears twice in the header`);
      usable = false;
    } else if (!expected.includes(column)) {
      report(header.line, `unknown column "${column}" (the columns are ${expected.join(',')})`);
      usable = false;
    }
    seen.add(column);
  }
  for (const column of expected) {
    if (!seen.has(column)) {
      report(header.line, `missing column "${column}" (the columns are ${expected.join(',')})`);
      usable = false;
    }
  }
  if (!usable) return { rows: [], usable };
  const rows = body.map((record): Row => {
    const values: Record<string, string> = {};
    columns.forEach((column, index) => (values[column] = (record.fields[index] ?? '').trim()));
    if (record.fields.length !== columns.length) {
      report(record.line, `${record.fields.length} fields where the header has ${columns.length}`);
      return { line: record.line, values, broken: true };
    }
    const empty = expected.filter((column) => !OPTIONAL_COLUMNS[file]?.includes(column) && !values[column]);
    if (empty.length > 0) report(record.line, `empty ${empty.map((column) => `"${column}"`).join(', ')}`);
    return { line: record.line, values, broken: empty.length > 0 };
  });
  return { rows, usable };
}

/** The API's id rule (what is imported can be edited there), and `district`, the root, is reserved. */
function idProblem(value: string): string | undefined {
  if (!ID_PATTERN.test(value)) return ID_RULE;
  if (RESERVED_IDS.includes(value)) return 'is reserved (it names the district itself)';
  return undefined;
}

const PHONE_PROBLEM = 'must be a mainland mobile number in E.164, e.g. +8613800000000';

/**
 * Parses and validates the files of a district (providers.csv may be absent). Returns the district
 * (every node's and household's `ancestors` filled, a unit's including itself; every post from
 * posts.csv; every provider with its contact's phone) or every problem found, each with its file
 * and line. A file whose header is wrong is reported at line 1 and nothing is checked against it; a
 * row already reported (wrong field count, empty field) still makes its id known, so one bad row
 * does not cause a cascade of "unknown id" problems elsewhere.
 */
export function parseDistrictCsv(files: DistrictFiles, options: ParseOptions = {}): DistrictParseResult {
  const allowedTags = options.tags === undefined ? undefined : new Set(options.tags);
  const allowedCategories = options.categories === undefined ? undefined : new Set(options.categories);
  const problems: ImportProblem[] = [];
  const reporter = (file: DistrictFile) => (line: number, reason: string) =>
    problems.push({ file: fileName(file), line, reason });
  const absent = (file: DistrictFile) =>
    (OPTIONAL_DISTRICT_FILES as readonly DistrictFile[]).includes(file) && files[file] === undefined;
  const read = Object.fromEntries(
    DISTRICT_FILES.map((file) => [
      file,
      absent(file) ? { rows: [], usable: true } : readRows(file, files[file] ?? '', reporter(file)),
    ]),
  ) as Record<DistrictFile, FileRows>;

  // nodes.csv: ids, types and names first, then parents (once every id is known).
  const reportNode = reporter('nodes');
  const nodeLines = new Map<string, number>();
  const nodeRows = new Map<string, Row & { type: NodeLevel }>();
  for (const row of read.nodes.rows) {
    const { id = '', type = '', name = '' } = row.values;
    if (row.broken) {
      if (id && !nodeLines.has(id)) nodeLines.set(id, row.line);
      continue;
    }
    let ok = true;
    const badId = idProblem(id);
    if (badId) {
      reportNode(row.line, `id "${id}" ${badId}`);
      ok = false;
    } else if (nodeLines.has(id)) {
      reportNode(row.line, `duplicate id "${id}" (first on line ${nodeLines.get(id)})`);
      continue;
    }
    nodeLines.set(id, row.line);
    if (!(NODE_LEVELS as string[]).includes(type)) {
      reportNode(row.line, `type "${type}" is not one of ${NODE_LEVELS.join(', ')}`);
      ok = false;
    }
    if (name.length > MAX_TEXT_LENGTH) {
      reportNode(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
      ok = false;
    }
    if (ok) nodeRows.set(id, { ...row, type: type as NodeLevel });
  }
  for (const row of nodeRows.values()) {
    const parentId = row.values.parent_id ?? '';
    const wanted = PARENT_TYPE[row.type];
    if (wanted === undefined) {
      if (parentId) reportNode(row.line, `a street has no parent, but parent_id is "${parentId}"`);
    } else if (!parentId) {
      reportNode(row.line, `empty "parent_id": a ${row.type} needs a parent ${wanted}`);
    } else if (!nodeLines.has(parentId)) {
      reportNode(row.line, `unknown parent_id "${parentId}" (not an id in nodes.csv)`);
    } else {
      const parent = nodeRows.get(parentId);
      if (parent && parent.type !== wanted) {
        reportNode(
          row.line,
          `parent "${parentId}" is a ${parent.type} (line ${parent.line}); the parent of a ${row.type} must be a ${wanted}`,
        );
      }
    }
  }

  // people.csv
  const reportPerson = reporter('people');
  const people = new Map<string, Person & { line: number }>();
  const personLines = new Map<string, number>();
  for (const row of read.people.rows) {
    const { id = '', name = '', phone = '' } = row.values;
    if (row.broken) {
      if (id && !personLines.has(id)) personLines.set(id, row.line);
      continue;
    }
    let ok = true;
    const badId = idProblem(id);
    if (badId) {
      reportPerson(row.line, `id "${id}" ${badId}`);
      ok = false;
    } else if (personLines.has(id)) {
      reportPerson(row.line, `duplicate id "${id}" (first on line ${personLines.get(id)})`);
      continue;
    }
    personLines.set(id, row.line);
    if (name.length > MAX_TEXT_LENGTH) {
      reportPerson(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
      ok = false;
    }
    if (!PHONE_PATTERN.test(phone)) {
      reportPerson(row.line, `phone "${phone}" ${PHONE_PROBLEM}`);
      ok = false;
    }
    if (ok) people.set(id, { id, name, phone, line: row.line });
  }

  // posts.csv
  const reportPost = reporter('posts');
  const householdIds = new Set(read.households.rows.map((row) => row.values.id));
  const posts = new Map<string, Post>();
  const postLines = new Map<string, number>();
  for (const row of read.posts.rows) {
    if (row.broken) continue;
    const { node_id: nodeId = '', person_id: personId = '' } = row.values;
    if (postLines.has(nodeId)) {
      reportPost(
        row.line,
        `node "${nodeId}" already has a post holder (line ${postLines.get(nodeId)}); a post has one holder`,
      );
      continue;
    }
    postLines.set(nodeId, row.line);
    if (read.nodes.usable && !nodeLines.has(nodeId)) {
      reportPost(
        row.line,
        householdIds.has(nodeId)
          ? `"${nodeId}" is a household; only streets, communities, grids, buildings and units have posts`
          : `unknown node_id "${nodeId}" (not an id in nodes.csv)`,
      );
    }
    const person = people.get(personId);
    if (read.people.usable && !personLines.has(personId)) {
      reportPost(row.line, `unknown person_id "${personId}" (not an id in people.csv)`);
    }
    if (person)
      posts.set(nodeId, { holderId: person.id, holderName: person.name, holderPhone: person.phone });
  }

  // households.csv
  const reportHousehold = reporter('households');
  const householdLines = new Map<string, number>();
  const householdRows: (Row & { tags: string[] })[] = [];
  const rooms = new Map<string, number>();
  for (const row of read.households.rows) {
    const { id = '', unit_id: unitId = '', room = '', tags = '' } = row.values;
    if (row.broken) {
      if (id && !householdLines.has(id)) householdLines.set(id, row.line);
      continue;
    }
    const badId = idProblem(id);
    if (badId) {
      reportHousehold(row.line, `id "${id}" ${badId}`);
    } else if (householdLines.has(id)) {
      reportHousehold(row.line, `duplicate id "${id}" (first on line ${householdLines.get(id)})`);
      continue;
    } else if (nodeLines.has(id)) {
      reportHousehold(
        row.line,
        `id "${id}" is already a node (nodes.csv line ${nodeLines.get(id)}); households and nodes share ids`,
      );
    }
    householdLines.set(id, row.line);
    const unit = nodeRows.get(unitId);
    if (read.nodes.usable && !nodeLines.has(unitId)) {
      reportHousehold(row.line, `unknown unit_id "${unitId}" (not an id in nodes.csv)`);
    } else if (unit && unit.type !== 'unit') {
      reportHousehold(
        row.line,
        `unit_id "${unitId}" is a ${unit.type} (nodes.csv line ${unit.line}), not a unit`,
      );
    }
    if (room.length > MAX_TEXT_LENGTH) {
      reportHousehold(row.line, `room is longer than ${MAX_TEXT_LENGTH} characters`);
    }
    const roomKey = `${unitId}\u0000${room}`;
    const sameRoom = rooms.get(roomKey);
    if (sameRoom !== undefined) {
      reportHousehold(
        row.line,
        `room "${room}" of unit "${unitId}" is already the household on line ${sameRoom}`,
      );
    } else {
      rooms.set(roomKey, row.line);
    }
    const tagList = tags === '' ? [] : [...new Set(tags.split(TAG_SEPARATOR).map((tag) => tag.trim()))];
    if (tagList.includes('')) tagList.splice(tagList.indexOf(''), 1);
    const longTag = tagList.find((tag) => tag.length > MAX_TEXT_LENGTH);
    if (longTag) reportHousehold(row.line, `a tag is longer than ${MAX_TEXT_LENGTH} characters`);
    const unknownTags = allowedTags ? tagList.filter((tag) => !allowedTags.has(tag)) : [];
    if (unknownTags.length > 0) {
      reportHousehold(
        row.line,
        `${unknownTags.map((tag) => `"${tag}"`).join(', ')} ${unknownTags.length === 1 ? 'is not a tag' : 'are not tags'} ` +
          `this district records (${[...(allowedTags ?? [])].join(', ')})`,
      );
    }
    householdRows.push({ ...row, tags: tagList });
  }

  // residents.csv
  const reportResident = reporter('residents');
  const residentsOf = new Map<string, Resident[]>();
  const residentPersons = new Map<string, Person & { line: number; householdId: string }>();
  for (const row of read.residents.rows) {
    const {
      household_id: householdId = '',
      person_id: personId = '',
      name = '',
      phone = '',
      relation = '',
    } = row.values;
    if (row.broken) {
      residentsOf.set(householdId, residentsOf.get(householdId) ?? []);
      continue;
    }
    if (read.households.usable && !householdLines.has(householdId)) {
      reportResident(row.line, `unknown household_id "${householdId}" (not an id in households.csv)`);
    }
    const badId = idProblem(personId);
    if (badId) reportResident(row.line, `person_id "${personId}" ${badId}`);
    if (name.length > MAX_TEXT_LENGTH) {
      reportResident(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
    }
    if (relation.length > MAX_TEXT_LENGTH) {
      reportResident(row.line, `relation is longer than ${MAX_TEXT_LENGTH} characters`);
    }
    if (!PHONE_PATTERN.test(phone)) reportResident(row.line, `phone "${phone}" ${PHONE_PROBLEM}`);
    const earlier = residentPersons.get(personId);
    if (earlier) {
      reportResident(
        row.line,
        earlier.householdId === householdId
          ? `person "${personId}" is already a resident of this household (line ${earlier.line})`
          : `person "${personId}" is already a resident of household "${earlier.householdId}" (line ${earlier.line}); a person lives in one household`,
      );
    } else {
      residentPersons.set(personId, { id: personId, name, phone, line: row.line, householdId });
    }
    const person = people.get(personId);
    if (person && (person.name !== name || person.phone !== phone)) {
      reportResident(
        row.line,
        `person "${personId}" has another ${person.name !== name ? 'name' : 'phone'} in people.csv (line ${person.line})`,
      );
    }
    const list = residentsOf.get(householdId) ?? [];
    list.push({ personId, name, phone, relation });
    residentsOf.set(householdId, list);
  }
  if (read.residents.usable) {
    for (const row of householdRows) {
      const id = row.values.id ?? '';
      if (!residentsOf.has(id)) {
        reportHousehold(
          row.line,
          `household "${id}" has no resident in residents.csv (at least one is needed)`,
        );
      }
    }
  }

  // providers.csv: one of the ten staff (exactly one member) or a volunteer team, serving a grid or
  // a community; its members are people of people.csv.
  const reportProvider = reporter('providers');
  const providerLines = new Map<string, number>();
  const providerRows: (Row & { memberIds: string[]; specialities: string[]; contactId: string })[] = [];
  for (const row of read.providers.rows) {
    const {
      id = '',
      kind = '',
      name = '',
      scope = '',
      member_ids: members = '',
      contact_id: contact = '',
      specialities: codes = '',
    } = row.values;
    if (row.broken) {
      if (id && !providerLines.has(id)) providerLines.set(id, row.line);
      continue;
    }
    const badId = idProblem(id);
    if (badId) {
      reportProvider(row.line, `id "${id}" ${badId}`);
    } else if (providerLines.has(id)) {
      reportProvider(row.line, `duplicate id "${id}" (first on line ${providerLines.get(id)})`);
      continue;
    }
    providerLines.set(id, row.line);
    if (!(PROVIDER_KINDS as string[]).includes(kind)) {
      reportProvider(row.line, `kind "${kind}" is not one of ${PROVIDER_KINDS.join(', ')}`);
    }
    if (name.length > MAX_TEXT_LENGTH) {
      reportProvider(row.line, `name is longer than ${MAX_TEXT_LENGTH} characters`);
    }
    const served = nodeRows.get(scope);
    if (read.nodes.usable && !nodeLines.has(scope)) {
      reportProvider(
        row.line,
        householdIds.has(scope)
          ? `scope "${scope}" is a household; a provider serves a grid or a community`
          : `unknown scope "${scope}" (not an id in nodes.csv)`,
      );
    } else if (served && !PROVIDER_SCOPES.includes(served.type)) {
      reportProvider(
        row.line,
        `scope "${scope}" is a ${served.type} (nodes.csv line ${served.line}); a provider serves a grid or a community`,
      );
    }
    const memberIds = listOf(members);
    if (memberIds.length === 0) {
      reportProvider(row.line, 'member_ids names nobody');
    } else if (kind === 'staff' && memberIds.length !== 1) {
      reportProvider(
        row.line,
        `a staff provider is exactly one person, but member_ids names ${memberIds.length}`,
      );
    } else if (memberIds.length > MAX_PROVIDER_MEMBERS) {
      reportProvider(
        row.line,
        `member_ids names ${memberIds.length} people; a provider has at most ${MAX_PROVIDER_MEMBERS}`,
      );
    }
    if (read.people.usable) {
      for (const memberId of memberIds.filter((member) => !personLines.has(member))) {
        reportProvider(
          row.line,
          residentPersons.has(memberId)
            ? `member "${memberId}" is a resident but not in people.csv (providers' members are people.csv's)`
            : `unknown member "${memberId}" (not an id in people.csv)`,
        );
      }
    }
    if (contact && memberIds.length > 0 && !memberIds.includes(contact)) {
      reportProvider(row.line, `contact_id "${contact}" is not one of member_ids (${memberIds.join(', ')})`);
    }
    const specialities = listOf(codes);
    if (specialities.length === 0) reportProvider(row.line, 'specialities names no request category');
    const unknownCodes = allowedCategories ? specialities.filter((code) => !allowedCategories.has(code)) : [];
    if (unknownCodes.length > 0) {
      reportProvider(
        row.line,
        `${unknownCodes.map((code) => `"${code}"`).join(', ')} ${unknownCodes.length === 1 ? 'is not a request category' : 'are not request categories'} ` +
          `of this district (${[...(allowedCategories ?? [])].join(', ')})`,
      );
    }
    providerRows.push({ ...row, memberIds, specialities, contactId: contact || (memberIds[0] ?? '') });
  }

  if (problems.length > 0) {
    return { problems: problems.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.line - b.line) };
  }

  // Everything is valid: build the district, in the files' order.
  const nodes = new Map<string, HierarchyNode>();
  for (const [id, row] of nodeRows) {
    const parentId = row.values.parent_id ?? '';
    const node: HierarchyNode = { id, type: row.type, name: row.values.name ?? '', ancestors: {} };
    if (parentId) node.parentId = parentId;
    const post = posts.get(id);
    if (post) node.post = post;
    nodes.set(id, node);
  }
  const done = new Set<string>();
  /** Fills a node's ancestors from its parent's (street first), whatever order the rows came in. */
  const fillAncestors = (node: HierarchyNode): Ancestors => {
    if (!done.has(node.id)) {
      const parent = node.parentId === undefined ? undefined : nodes.get(node.parentId);
      node.ancestors = { ...(parent ? fillAncestors(parent) : {}), [node.type]: node.id };
      done.add(node.id);
    }
    return node.ancestors;
  };
  for (const node of nodes.values()) fillAncestors(node);

  const households = householdRows.map((row): Household => {
    const unit = nodes.get(row.values.unit_id ?? '') as HierarchyNode;
    const building = nodes.get(unit.ancestors.building ?? '');
    const community = nodes.get(unit.ancestors.community ?? '');
    const room = row.values.room ?? '';
    return householdIn(
      unit,
      { community: community?.name ?? '', building: building?.name ?? '', unit: unit.name },
      {
        id: row.values.id ?? '',
        room,
        residents: residentsOf.get(row.values.id ?? '') ?? [],
        tags: row.tags,
      },
    );
  });

  const persons: Person[] = [...people.values()].map(({ id, name, phone }) => ({ id, name, phone }));
  for (const { id, name, phone } of residentPersons.values()) {
    if (!people.has(id)) persons.push({ id, name, phone });
  }
  const providers = providerRows.map((row): ServiceProvider => {
    const contact = people.get(row.contactId);
    return {
      kind: row.values.kind as ServiceProvider['kind'],
      id: row.values.id ?? '',
      name: row.values.name ?? '',
      contact: { personId: row.contactId, phone: contact?.phone ?? '' },
      memberIds: row.memberIds,
      specialities: row.specialities,
      scope: row.values.scope ?? '',
    };
  });
  return { data: { nodes: [...nodes.values()], households, persons, providers } };
}

const fileOrder = (file: string) => DISTRICT_FILES.indexOf(file.replace(/\.csv$/, '') as DistrictFile);

/**
 * The district as its files (the inverse of `parseDistrictCsv`): people.csv holds every person who
 * is not a resident of a household, every post holder and every provider's member; residents.csv
 * every resident; providers.csv, only when there are providers, each provider.
 */
export function districtCsv(data: District): DistrictFiles {
  const providers = data.providers;
  const residentIds = new Set(data.households.flatMap((h) => h.residents.map((r) => r.personId)));
  const holderIds = new Set([
    ...data.nodes.flatMap((node) => (node.post ? [node.post.holderId] : [])),
    ...providers.flatMap((provider) => provider.memberIds),
  ]);
  return {
    nodes: toCsv([
      DISTRICT_COLUMNS.nodes,
      ...data.nodes.map((node) => [node.id, node.type, node.name, node.parentId ?? '']),
    ]),
    people: toCsv([
      DISTRICT_COLUMNS.people,
      ...data.persons
        .filter((person) => holderIds.has(person.id) || !residentIds.has(person.id))
        .map((person) => [person.id, person.name, person.phone]),
    ]),
    posts: toCsv([
      DISTRICT_COLUMNS.posts,
      ...data.nodes.flatMap((node) => (node.post ? [[node.id, node.post.holderId]] : [])),
    ]),
    households: toCsv([
      DISTRICT_COLUMNS.households,
      ...data.households.map((h) => [h.id, h.parentId, h.room, h.tags.join(TAG_SEPARATOR)]),
    ]),
    residents: toCsv([
      DISTRICT_COLUMNS.residents,
      ...data.households.flatMap((h) =>
        h.residents.map((r) => [h.id, r.personId, r.name, r.phone, r.relation]),
      ),
    ]),
    ...(providers.length > 0
      ? {
          providers: toCsv([
            DISTRICT_COLUMNS.providers,
            ...providers.map((p) => [
              p.id,
              p.kind,
              p.name,
              p.scope,
              p.memberIds.join(TAG_SEPARATOR),
              p.contact.personId,
              p.specialities.join(TAG_SEPARATOR),
            ]),
          ]),
        }
      : {}),
  };
}

/** The type names a node may have in nodes.csv. */
export const NODE_TYPES_IN_CSV: readonly Exclude<NodeType, 'household'>[] = NODE_LEVELS;
