import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DISTRICT_DIR } from '../../../demo/demo-import.js';
import {
  districtSize,
  generateDistrict,
  LVYUAN_SHAPE,
  lvyuanShape,
} from '../../../demo/generate-district.js';
import { lvyuanDemoDistrict } from '../../../demo/lvyuan-district.js';
import { config } from '../../support/fixtures.js';
import { districtCsv, parseDistrictCsv } from '../../../shared/services/import/district-csv.js';
import {
  DISTRICT_FILES,
  type District,
  type DistrictFiles,
  type ImportProblem,
  type ParseOptions,
} from '../../../shared/services/import/district-format.js';

/** A tiny valid district: one of each level, a dual post (unit + building), a vacant street post. */
const VALID: DistrictFiles = {
  nodes: [
    'id,type,name,parent_id',
    'st-a,street,青年路街道,',
    'cm-a,community,银融社区,st-a',
    'gd-a,grid,第一网格,cm-a',
    'bd-a,building,3栋,gd-a',
    'un-a,unit,2单元,bd-a',
  ].join('\n'),
  people: ['id,name,phone', 'p-1,王建国,+8613800000001', 'p-2,李秀兰,+8613800000002'].join('\n'),
  posts: ['node_id,person_id', 'un-a,p-1', 'bd-a,p-1', 'gd-a,p-2'].join('\n'),
  households: ['id,unit_id,room,tags', 'hh-a-502,un-a,502,独居老人;低保'].join('\n'),
  residents: ['household_id,person_id,name,phone,relation', 'hh-a-502,r-1,张三,+8613900000001,户主'].join(
    '\n',
  ),
};

/** The valid district's people, with the members of two providers on a second grid of its community. */
const WITH_PROVIDERS: DistrictFiles = {
  ...VALID,
  nodes: `${VALID.nodes}\ngd-b,grid,第二网格,cm-a`,
  people: [
    VALID.people,
    'p-3,赵志强,+8613800000003',
    'p-4,钱海燕,+8613800000004',
    'p-5,孙德明,+8613800000005',
  ].join('\n'),
  providers: [
    'id,kind,name,scope,member_ids,contact_id,specialities',
    'sf-water,staff,供水员,gd-a,p-3,,repair',
    'tm-help,team,楼栋牵手团,cm-a, p-4 ;p-5;p-4 ,p-5,repair; drainage;',
  ].join('\n'),
};

/** The files with some lines appended to (or a whole file replaced in) the valid district. */
function withRows(
  extra: Partial<Record<keyof DistrictFiles, string[]>>,
  replace: Partial<DistrictFiles> = {},
  base: DistrictFiles = VALID,
) {
  const files = { ...base, ...replace };
  for (const [file, lines] of Object.entries(extra) as [keyof DistrictFiles, string[]][]) {
    files[file] = [files[file], ...lines].join('\n');
  }
  return files;
}

async function problemsOf(files: DistrictFiles, options?: ParseOptions): Promise<ImportProblem[]> {
  const result = await parseDistrictCsv(files, options);
  if (!('problems' in result)) throw new Error('expected problems, the files parsed');
  return result.problems;
}

async function dataOf(files: DistrictFiles, options?: ParseOptions): Promise<District> {
  const result = await parseDistrictCsv(files, options);
  if ('problems' in result) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.data;
}

const problem = (file: string, line: number, reason: RegExp) => ({
  file,
  line,
  reason: expect.stringMatching(reason),
});

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => a.id.localeCompare(b.id));

describe('parseDistrictCsv: a valid district', () => {
  it('builds nodes with ancestors (a unit’s including itself) and posts, households with derived addresses', async () => {
    const { nodes, households, persons } = await dataOf(VALID);
    const unit = nodes.find((node) => node.id === 'un-a');
    expect(unit).toEqual({
      id: 'un-a',
      type: 'unit',
      name: '2单元',
      parentId: 'bd-a',
      ancestors: { street: 'st-a', community: 'cm-a', grid: 'gd-a', building: 'bd-a', unit: 'un-a' },
      post: { holderId: 'p-1', holderName: '王建国', holderPhone: '+8613800000001' },
    });
    expect(nodes.find((node) => node.id === 'bd-a')?.post?.holderId).toBe('p-1');
    const street = nodes.find((node) => node.id === 'st-a');
    expect(street).toEqual({ id: 'st-a', type: 'street', name: '青年路街道', ancestors: { street: 'st-a' } });
    expect(households).toEqual([
      {
        id: 'hh-a-502',
        type: 'household',
        address: '银融社区 3栋 2单元 502',
        room: '502',
        parentId: 'un-a',
        ancestors: { street: 'st-a', community: 'cm-a', grid: 'gd-a', building: 'bd-a', unit: 'un-a' },
        residents: [{ personId: 'r-1', name: '张三', phone: '+8613900000001', relation: '户主' }],
        tags: ['独居老人', '低保'],
      },
    ]);
    expect(persons).toEqual([
      { id: 'p-1', name: '王建国', phone: '+8613800000001' },
      { id: 'p-2', name: '李秀兰', phone: '+8613800000002' },
      { id: 'r-1', name: '张三', phone: '+8613900000001' },
    ]);
  });

  it('takes columns in any order, rows in any order (children before parents), CRLF, a BOM, quotes and padding', async () => {
    const files: DistrictFiles = {
      ...VALID,
      nodes:
        '\uFEFFparent_id,name,id,type\r\nbd-a," 2单元 ",un-a,unit\r\ngd-a,3栋,bd-a,building\r\n' +
        'cm-a,第一网格,gd-a,grid\r\nst-a,银融社区,cm-a,community\r\n,青年路街道,st-a,street\r\n',
      households: 'id,unit_id,room,tags\nhh-a-502,un-a,502," 独居老人 ;;低保;独居老人;"\n',
    };
    const expected = await dataOf(VALID);
    const { nodes, households } = await dataOf(files);
    expect(byId(nodes)).toEqual(byId(expected.nodes));
    expect(households).toEqual(expected.households);
  });

  it('lets a resident also be a leader (in people.csv with the same name and phone) and counts the person once', async () => {
    const { persons } = await dataOf(withRows({ residents: ['hh-a-502,p-2,李秀兰,+8613800000002,配偶'] }));
    expect(persons.map((person) => person.id)).toEqual(['p-1', 'p-2', 'r-1']);
  });
});

describe('parseDistrictCsv: every problem, with file and line', () => {
  it('a missing, unknown or repeated column is reported on line 1, and nothing is checked against that file', async () => {
    expect(
      await problemsOf({ ...VALID, nodes: VALID.nodes.replace('id,type,name,parent_id', 'id,type,name') }),
    ).toEqual([problem('nodes.csv', 1, /missing column "parent_id"/)]);
    expect(
      await problemsOf({ ...VALID, people: VALID.people.replace('id,name,phone', 'id,name,phone,email') }),
    ).toEqual([problem('people.csv', 1, /unknown column "email"/)]);
    expect(
      await problemsOf({
        ...VALID,
        posts: VALID.posts.replace('node_id,person_id', 'node_id,person_id,node_id'),
      }),
    ).toEqual([problem('posts.csv', 1, /column "node_id" appears twice/)]);
  });

  it('an empty file', async () => {
    expect(await problemsOf({ ...VALID, posts: '' })).toEqual([problem('posts.csv', 1, /the file is empty/)]);
  });

  it('a CSV syntax error', async () => {
    expect(await problemsOf(withRows({ people: ['p-3,"王"五,+8613800000003'] }))).toEqual([
      problem('people.csv', 4, /text after the closing quote/),
    ]);
    // The rows around it are read as ever (the file is read ahead of the rows checked).
    expect(await problemsOf(withRows({ people: ['p-3,王"五,+8613800000003', 'p-4,钱七,123'] }))).toEqual([
      problem('people.csv', 4, /quote inside an unquoted field/),
      problem('people.csv', 5, /phone "123"/),
    ]);
  });

  it('a header with a syntax error is reported once, and the file is not read further', async () => {
    expect(await problemsOf({ ...VALID, posts: 'node_id,"person_id\nun-a,p-1\n' })).toEqual([
      problem('posts.csv', 1, /not closed/),
    ]);
    expect(await problemsOf({ ...VALID, posts: 'node_id,person_id"\nun-a,p-1\n' })).toEqual([
      problem('posts.csv', 1, /quote inside an unquoted field/),
    ]);
  });

  it('a row with too few or too many fields, and empty required fields (without a cascade)', async () => {
    expect(
      await problemsOf(
        withRows({
          nodes: ['un-b,unit,3单元', 'un-c,unit,4单元,bd-a,extra', 'un-d,unit,,bd-a'],
          households: ['hh-b-101,un-b,101,', 'hh-d-101,un-d,101,'],
          residents: ['hh-b-101,r-2,李四,+8613900000002,户主', 'hh-d-101,r-3,王五,+8613900000003,'],
        }),
      ),
    ).toEqual([
      problem('nodes.csv', 7, /3 fields where the header has 4/),
      problem('nodes.csv', 8, /5 fields where the header has 4/),
      problem('nodes.csv', 9, /empty "name"/),
      problem('residents.csv', 4, /empty "relation"/),
    ]);
  });

  it('bad ids: characters outside a-z 0-9 -, too long', async () => {
    expect(
      await problemsOf(
        withRows({
          nodes: ['UN-B,unit,3单元,bd-a', 'un_c,unit,4单元,bd-a', `${'u'.repeat(65)},unit,5单元,bd-a`],
          people: ['p 3,赵六,+8613800000003', 'p,钱七,+8613800000004', 'district,孙八,+8613800000005'],
        }),
      ),
    ).toEqual([
      problem('nodes.csv', 7, /id "UN-B" must be 2–64 lowercase letters, digits or dashes/),
      problem('nodes.csv', 8, /id "un_c" must be 2–64/),
      problem('nodes.csv', 9, /must be 2–64/),
      problem('people.csv', 4, /id "p 3" must be 2–64/),
      problem('people.csv', 5, /id "p" must be 2–64/),
      problem('people.csv', 6, /id "district" is reserved/),
    ]);
  });

  it('duplicate ids in a file, and a household id that is already a node id', async () => {
    expect(
      await problemsOf(
        withRows({
          nodes: ['un-a,unit,3单元,bd-a'],
          people: ['p-1,王建国,+8613800000001'],
          households: ['hh-a-502,un-a,601,', 'un-a,un-a,602,'],
          residents: ['un-a,r-9,孙七,+8613900000009,户主'],
        }),
      ),
    ).toEqual([
      problem('nodes.csv', 7, /duplicate id "un-a" \(first on line 6\)/),
      problem('people.csv', 4, /duplicate id "p-1" \(first on line 2\)/),
      problem('households.csv', 3, /duplicate id "hh-a-502" \(first on line 2\)/),
      problem('households.csv', 4, /id "un-a" is already a node \(nodes.csv line 6\)/),
    ]);
  });

  it('an unknown type, a street with a parent, a node without one, an unknown parent, a parent of the wrong type', async () => {
    expect(
      await problemsOf(
        withRows({
          nodes: [
            'xx-a,estate,花园小区,cm-a',
            'st-b,street,正阳街道,st-a',
            'cm-b,community,丰和社区,',
            'gd-b,grid,第二网格,cm-zz',
            'gd-c,grid,第三网格,st-a',
            'un-b,unit,3单元,gd-a',
          ],
        }),
      ),
    ).toEqual([
      problem('nodes.csv', 7, /type "estate" is not one of street, community, grid, building, unit/),
      problem('nodes.csv', 8, /a street has no parent, but parent_id is "st-a"/),
      problem('nodes.csv', 9, /empty "parent_id": a community needs a parent street/),
      problem('nodes.csv', 10, /unknown parent_id "cm-zz"/),
      problem(
        'nodes.csv',
        11,
        /parent "st-a" is a street \(line 2\); the parent of a grid must be a community/,
      ),
      problem('nodes.csv', 12, /parent "gd-a" is a grid \(line 4\); the parent of a unit must be a building/),
    ]);
  });

  it('bad phones in people.csv and residents.csv', async () => {
    expect(
      await problemsOf(
        withRows({
          people: ['p-3,赵六,13800000003', 'p-4,钱七,+86 138 0000 0004', 'p-5,孙八,+8602112345678'],
          residents: ['hh-a-502,r-2,李四,+861390000000,配偶'],
        }),
      ),
    ).toEqual([
      problem('people.csv', 4, /phone "13800000003" must be a mainland mobile number in E.164/),
      problem('people.csv', 5, /phone "\+86 138 0000 0004" must be/),
      problem('people.csv', 6, /phone "\+8602112345678" must be/),
      problem('residents.csv', 3, /phone "\+861390000000" must be/),
    ]);
  });

  it('posts: an unknown node, a household, an unknown person, a second holder for a node', async () => {
    expect(
      await problemsOf(withRows({ posts: ['un-zz,p-1', 'hh-a-502,p-1', 'cm-a,p-9', 'un-a,p-2'] })),
    ).toEqual([
      problem('posts.csv', 5, /unknown node_id "un-zz"/),
      problem(
        'posts.csv',
        6,
        /"hh-a-502" is a household; only streets, communities, grids, buildings and units/,
      ),
      problem('posts.csv', 7, /unknown person_id "p-9" \(not an id in people.csv\)/),
      problem('posts.csv', 8, /node "un-a" already has a post holder \(line 2\)/),
    ]);
  });

  it('households: an unknown unit, a unit_id that is not a unit, the same room twice in a unit, no residents', async () => {
    expect(
      await problemsOf(
        withRows({
          households: [
            'hh-b-101,un-zz,101,',
            'hh-c-101,bd-a,101,',
            'hh-d-502,un-a,502,',
            'hh-e-601,un-a,601,',
          ],
          residents: [
            'hh-b-101,r-2,李四,+8613900000002,户主',
            'hh-c-101,r-3,王五,+8613900000003,户主',
            'hh-d-502,r-4,赵六,+8613900000004,户主',
          ],
        }),
      ),
    ).toEqual([
      problem('households.csv', 3, /unknown unit_id "un-zz"/),
      problem('households.csv', 4, /unit_id "bd-a" is a building \(nodes.csv line 5\), not a unit/),
      problem('households.csv', 5, /room "502" of unit "un-a" is already the household on line 2/),
      problem('households.csv', 6, /household "hh-e-601" has no resident in residents.csv/),
    ]);
  });

  it('tags: any non-empty text by default; only the district’s tags when they are given', async () => {
    const files = withRows({
      households: ['hh-a-601,un-a,601,独居老人;养宠物', 'hh-a-602,un-a,602,空巢;养宠物'],
      residents: ['hh-a-601,r-2,李四,+8613900000002,户主', 'hh-a-602,r-3,王五,+8613900000003,户主'],
    });
    expect((await dataOf(files)).households.map((household) => household.tags)).toEqual([
      ['独居老人', '低保'],
      ['独居老人', '养宠物'],
      ['空巢', '养宠物'],
    ]);
    expect(await parseDistrictCsv(files, { tags: ['独居老人', '低保', '养宠物'] })).toEqual({
      problems: [
        problem('households.csv', 4, /"空巢" is not a tag this district records \(独居老人, 低保, 养宠物\)/),
      ],
    });
  });

  it('residents: an unknown household, a person in two households or twice in one, a leader with another name', async () => {
    expect(
      await problemsOf(
        withRows({
          households: ['hh-a-601,un-a,601,'],
          residents: [
            'hh-zz,r-2,李四,+8613900000002,户主',
            'hh-a-601,r-1,张三,+8613900000001,户主',
            'hh-a-502,r-1,张三,+8613900000001,户主',
            'hh-a-601,p-1,王建华,+8613800000001,户主',
            'hh-a-601,p-2,李秀兰,+8613800000009,户主',
          ],
        }),
      ),
    ).toEqual([
      problem('residents.csv', 3, /unknown household_id "hh-zz"/),
      problem('residents.csv', 4, /person "r-1" is already a resident of household "hh-a-502" \(line 2\)/),
      problem('residents.csv', 5, /person "r-1" is already a resident of this household \(line 2\)/),
      problem('residents.csv', 6, /person "p-1" has another name in people.csv \(line 2\)/),
      problem('residents.csv', 7, /person "p-2" has another phone in people.csv \(line 3\)/),
    ]);
  });

  it('reports every bad row of every file, sorted by file then line, not just the first', async () => {
    const problems = await problemsOf(
      withRows({
        nodes: ['gd-b,grid,第二网格,st-a', 'gd-c,grid,第三网格,st-a', 'gd-d,grid,第四网格,st-a'],
        people: ['p-3,赵六,123'],
        households: ['hh-b,un-zz,101,', 'hh-c,un-zz,102,'],
        residents: ['hh-b,r-2,李四,+8613900000002,户主', 'hh-c,r-3,王五,+8613900000003,户主'],
      }),
    );
    expect(problems.map((p) => `${p.file}:${p.line}`)).toEqual([
      'nodes.csv:7',
      'nodes.csv:8',
      'nodes.csv:9',
      'people.csv:4',
      'households.csv:3',
      'households.csv:4',
    ]);
  });
});

describe('parseDistrictCsv: providers.csv (the ten staff and volunteer teams)', () => {
  const categories = ['repair', 'drainage', 'elderly-care'];

  it('is optional: without it the district has no providers', async () => {
    expect((await dataOf(VALID)).providers).toEqual([]);
    const { providers: _providers, ...withoutFile } = WITH_PROVIDERS;
    expect((await dataOf(withoutFile)).providers).toEqual([]);
  });

  it('builds each provider: members and specialities split on ";" (trimmed, once each), the contact with their phone', async () => {
    expect((await dataOf(WITH_PROVIDERS, { categories })).providers).toEqual([
      {
        kind: 'staff',
        id: 'sf-water',
        name: '供水员',
        contact: { personId: 'p-3', phone: '+8613800000003' },
        memberIds: ['p-3'],
        specialities: ['repair'],
        scope: 'gd-a',
      },
      {
        kind: 'team',
        id: 'tm-help',
        name: '楼栋牵手团',
        contact: { personId: 'p-5', phone: '+8613800000005' },
        memberIds: ['p-4', 'p-5'],
        specialities: ['repair', 'drainage'],
        scope: 'cm-a',
      },
    ]);
  });

  it('a wrong header is reported on line 1 and the rows are not checked', async () => {
    expect(
      await problemsOf({
        ...WITH_PROVIDERS,
        providers: WITH_PROVIDERS.providers!.replace('contact_id,', '').replace(',,repair', ',repair'),
      }),
    ).toEqual([problem('providers.csv', 1, /missing column "contact_id"/)]);
  });

  it('scope: unknown, a household, a node that is not a grid or a community', async () => {
    expect(
      await problemsOf(
        withRows(
          {
            providers: [
              'sf-b,staff,供电员,gd-zz,p-3,,repair',
              'sf-c,staff,燃气员,hh-a-502,p-3,,repair',
              'sf-d,staff,供暖员,bd-a,p-3,,repair',
              'sf-e,staff,城管执法员,st-a,p-3,,repair',
            ],
          },
          {},
          WITH_PROVIDERS,
        ),
      ),
    ).toEqual([
      problem('providers.csv', 4, /unknown scope "gd-zz" \(not an id in nodes.csv\)/),
      problem('providers.csv', 5, /scope "hh-a-502" is a household; a provider serves a grid or a community/),
      problem(
        'providers.csv',
        6,
        /scope "bd-a" is a building \(nodes.csv line 5\); a provider serves a grid or a community/,
      ),
      problem('providers.csv', 7, /scope "st-a" is a street \(nodes.csv line 2\)/),
    ]);
  });

  it('members: unknown, a resident not in people.csv, a staff provider of two, a contact who is not a member', async () => {
    expect(
      await problemsOf(
        withRows(
          {
            providers: [
              'tm-b,team,助老行动队,cm-a,p-4;p-9,,elderly-care',
              'tm-c,team,助老行动队,cm-a,r-1,,elderly-care',
              'sf-b,staff,供电员,gd-a,p-3;p-4,,repair',
              'tm-d,team,楼栋牵手团,gd-b,p-4;p-5,p-3,repair',
              'tm-e,team,楼栋牵手团,gd-b,;,,repair',
            ],
          },
          {},
          WITH_PROVIDERS,
        ),
      ),
    ).toEqual([
      problem('providers.csv', 4, /unknown member "p-9" \(not an id in people.csv\)/),
      problem('providers.csv', 5, /member "r-1" is a resident but not in people.csv/),
      problem('providers.csv', 6, /a staff provider is exactly one person, but member_ids names 2/),
      problem('providers.csv', 7, /contact_id "p-3" is not one of member_ids \(p-4, p-5\)/),
      problem('providers.csv', 8, /member_ids names nobody/),
    ]);
  });

  it('specialities: any non-empty code by default; only the district’s categories when they are given', async () => {
    const files = withRows(
      { providers: ['tm-b,team,疏通队,cm-a,p-4,,plumbing;drainage', 'tm-c,team,空队,cm-a,p-4,, ; '] },
      {},
      WITH_PROVIDERS,
    );
    expect(await problemsOf(files)).toEqual([
      problem('providers.csv', 5, /specialities names no request category/),
    ]);
    expect(await problemsOf(files, { categories })).toEqual([
      problem(
        'providers.csv',
        4,
        /"plumbing" is not a request category of this district \(repair, drainage, elderly-care\)/,
      ),
      problem('providers.csv', 5, /specialities names no request category/),
    ]);
  });

  it('ids, kinds, duplicates and empty fields', async () => {
    expect(
      await problemsOf(
        withRows(
          {
            providers: [
              'SF-B,staff,供电员,gd-a,p-3,,repair',
              'sf-water,staff,供水员,gd-b,p-3,,repair',
              'sf-c,crew,供暖员,gd-a,p-3,,repair',
              'sf-d,staff,,gd-a,p-3,,repair',
            ],
          },
          {},
          WITH_PROVIDERS,
        ),
      ),
    ).toEqual([
      problem('providers.csv', 4, /id "SF-B" must be 2–64/),
      problem('providers.csv', 5, /duplicate id "sf-water" \(first on line 2\)/),
      problem('providers.csv', 6, /kind "crew" is not one of staff, team/),
      problem('providers.csv', 7, /empty "name"/),
    ]);
  });
});

describe('districtCsv: the inverse of parseDistrictCsv', () => {
  it('writes files that parse back to the same district', async () => {
    const district = await dataOf(VALID);
    const files = districtCsv(district);
    expect(await dataOf(files)).toEqual(district);
    expect(files.households).toBe('id,unit_id,room,tags\nhh-a-502,un-a,502,独居老人;低保\n');
    expect(files).not.toHaveProperty('providers');
  });

  it('writes providers.csv when there are providers, and keeps their members in people.csv', async () => {
    const district = await dataOf(WITH_PROVIDERS);
    const files = districtCsv(district);
    expect(await dataOf(files)).toEqual(district);
    expect(files.providers).toBe(
      'id,kind,name,scope,member_ids,contact_id,specialities\n' +
        'sf-water,staff,供水员,gd-a,p-3,p-3,repair\n' +
        'tm-help,team,楼栋牵手团,cm-a,p-4;p-5,p-5,repair;drainage\n',
    );
    // A member who is also a resident stays in people.csv (providers.csv names people.csv's ids).
    const resident = withRows({ residents: ['hh-a-502,p-4,钱海燕,+8613800000004,配偶'] }, {}, WITH_PROVIDERS);
    expect(await dataOf(districtCsv(await dataOf(resident)))).toEqual(await dataOf(resident));
  });
});

describe('the Lüyuan demo through the import path', () => {
  const lvyuanCategories = config.categories.map((category) => category.code);
  const files = Object.fromEntries(
    DISTRICT_FILES.map((name) => [name, readFileSync(path.join(DEMO_DISTRICT_DIR, `${name}.csv`), 'utf8')]),
  ) as DistrictFiles;

  it('the committed examples/districts/lvyuan/*.csv are exactly districtCsv(lvyuanDemoDistrict())', () => {
    // After a change to lvyuan-district.ts, regenerate them (see writeDemoDistrictCsv in demo-import.ts).
    expect(files).toEqual(districtCsv(lvyuanDemoDistrict()));
  });

  it('parse to exactly lvyuanDemoDistrict(): same nodes, households, persons and providers', async () => {
    const demo = lvyuanDemoDistrict();
    const parsed = await dataOf(files, { categories: lvyuanCategories });
    expect(parsed.nodes).toEqual(demo.nodes);
    expect(parsed.households).toEqual(demo.households);
    expect(byId(parsed.persons)).toEqual(byId(demo.persons));
    expect(parsed.providers).toEqual(demo.providers);
  });
});

describe('generateDistrict: the scale generator', () => {
  it('has Lüyuan’s size at scale 1 and shrinks every level with the scale', () => {
    expect(districtSize(LVYUAN_SHAPE)).toEqual({
      streets: 10,
      communities: 60,
      grids: 600,
      buildings: 6_000,
      units: 25_000,
      households: 300_000,
    });
    expect(districtSize(lvyuanShape(1))).toEqual(districtSize(LVYUAN_SHAPE));
    expect(districtSize(lvyuanShape(0.1))).toEqual({
      streets: 1,
      communities: 6,
      grids: 60,
      buildings: 600,
      units: 2_500,
      households: 30_000,
    });
  });

  it('is deterministic, makes what districtSize says, and its CSV imports back to the same district', async () => {
    const shape = lvyuanShape(0.01);
    const district = generateDistrict(shape);
    expect(generateDistrict(shape)).toEqual(district);
    const size = districtSize(shape);
    const count = (type: string) => district.nodes.filter((node) => node.type === type).length;
    expect([count('street'), count('community'), count('grid'), count('building'), count('unit')]).toEqual([
      size.streets,
      size.communities,
      size.grids,
      size.buildings,
      size.units,
    ]);
    expect(district.households).toHaveLength(size.households);
    expect(new Set(district.persons.map((person) => person.phone)).size).toBe(district.persons.length);
    expect(district.persons.every((person) => /^\+86100\d{8}$/.test(person.phone))).toBe(true);
    const parsed = await dataOf(districtCsv(district));
    expect(parsed.nodes).toEqual(district.nodes);
    expect(parsed.households).toEqual(district.households);
    expect(byId(parsed.persons)).toEqual(byId(district.persons));
  });

  it('leaves some posts vacant and gives some leaders two posts', () => {
    const district = generateDistrict(lvyuanShape(0.01));
    const posts = district.nodes.filter((node) => node.post);
    const holders = new Set(posts.map((node) => node.post?.holderId));
    expect(posts.length).toBeLessThan(district.nodes.length);
    expect(holders.size).toBeLessThan(posts.length);
  });
});
