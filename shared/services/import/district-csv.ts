/**
 * A district as five CSV files (and an optional sixth, its service providers), and back (no AWS).
 * `parseDistrictCsv` checks everything before anything is written and reports every problem with
 * its file and line; `districtCsv` is its inverse (what a generator emits). The format is in
 * district-format.ts, each file's rows in <file>-rows.ts.
 */
import { buildDistrict } from './build-district.js';
import { toCsv } from './csv.js';
import { checkParents, checkPosts, checkResidentsOf } from './cross-references.js';
import {
  DISTRICT_COLUMNS,
  DISTRICT_FILES,
  fileName,
  TAG_SEPARATOR,
  type District,
  type DistrictFile,
  type DistrictFiles,
  type DistrictParseResult,
  type DistrictSources,
  type ImportProblem,
  type ParseOptions,
} from './district-format.js';
import type { Report } from './file-rows.js';
import { readHouseholds } from './household-rows.js';
import { readNodes } from './node-rows.js';
import { readPeople } from './people-rows.js';
import { readPosts } from './post-rows.js';
import { readProviders } from './provider-rows.js';
import { readResidents } from './resident-rows.js';

const fileOrder = (file: string) => DISTRICT_FILES.indexOf(file.replace(/\.csv$/, '') as DistrictFile);

/**
 * Parses and validates the files of a district (providers.csv may be absent), reading them one
 * after the other as streams, in DISTRICT_FILES' order: each row is checked against the files read
 * before its own, and what needs a later file is checked at the end. Returns the district (every
 * node's and household's `ancestors` filled, a unit's including itself; every post from posts.csv;
 * every provider with its contact's phone) or every problem found, each with its file and line. A
 * file whose header is wrong is reported at line 1 and nothing is checked against it; a row already
 * reported (wrong field count, empty field) still makes its id known, so one bad row does not cause
 * a cascade of "unknown id" problems elsewhere.
 */
export async function parseDistrictCsv(
  files: DistrictSources,
  options: ParseOptions = {},
): Promise<DistrictParseResult> {
  const problems: ImportProblem[] = [];
  const reporter =
    (file: DistrictFile): Report =>
    (line, reason) =>
      problems.push({ file: fileName(file), line, reason });
  const nodes = await readNodes(files.nodes, reporter('nodes'));
  const people = await readPeople(files.people, reporter('people'));
  const posts = await readPosts(files.posts, reporter('posts'));
  const tags = options.tags === undefined ? undefined : new Set(options.tags);
  const households = await readHouseholds(files.households, reporter('households'), nodes, tags);
  const residents = await readResidents(files.residents, reporter('residents'), households, people);
  const categories = options.categories === undefined ? undefined : new Set(options.categories);
  const context = { nodes, households, people, residents, categories };
  const providers = await readProviders(files.providers, reporter('providers'), context);
  checkParents(nodes, reporter('nodes'));
  checkPosts(posts, context, reporter('posts'));
  checkResidentsOf(households, residents, reporter('households'));
  if (problems.length > 0) {
    return { problems: problems.sort((a, b) => fileOrder(a.file) - fileOrder(b.file) || a.line - b.line) };
  }
  return { data: buildDistrict({ nodes, people, posts, households, residents, providers }) };
}

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
