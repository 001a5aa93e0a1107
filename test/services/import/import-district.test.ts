import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import { DEMO_DISTRICT_DIR, importDemoDistrict } from '../../../demo/demo-import.js';
import {
  DEMO_ELDERLY_TEAM_ID,
  DEMO_HOUSEHOLD_ID,
  DEMO_PLUMBING_TEAM_ID,
  DEMO_VACANT_UNIT_HOUSEHOLD_ID,
  DEMO_WATER_STAFF_ID,
  demoChainOf,
  demoProvider,
  lvyuanDemoDistrict,
} from '../../../demo/lvyuan-district.js';
import { UnprocessableError } from '../../../shared/errors.js';
import { DISTRICT_FILES, type DistrictFiles } from '../../../shared/services/import/district-format.js';
import { importDistrict, readDistrictDir } from '../../../shared/services/import/import-district.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { getChain, getGrants, getHousehold, putHierarchy } from '../../../shared/store/hierarchy-store.js';
import { getProvider, listProviders, putProvider } from '../../../shared/store/provider-store.js';
import type { DistrictTable } from '../../../shared/store/table.js';
import { config } from '../../support/fixtures.js';

let dynamoDb: RunningDynamoDb;
let table: DistrictTable;
let tableNumber = 0;
const definition = tableDefinitions(synthesizeDistrict(config))[0]!;

beforeAll(async () => {
  dynamoDb = await startDynamoDbLocal();
});
afterAll(async () => {
  table?.db.destroy();
  await dynamoDb?.stop();
});
/** Every test gets a fresh, empty table with the synthesized definition (one DynamoDB Local for the file). */
beforeEach(async () => {
  table?.db.destroy();
  const name = `${definition.TableName}${++tableNumber}`;
  await createTables(dynamoDb.endpoint, [{ ...definition, TableName: name }]);
  table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name };
});

/** Every item in the table, in key order: tests only (an import must be checked whole). */
async function scan(from: DistrictTable = table): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await from.db.send(new ScanCommand({ TableName: from.name, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.sort((a, b) => `${a.PK}|${a.SK}`.localeCompare(`${b.PK}|${b.SK}`));
}

/** The demo district's files as text, to add rows to. */
const demoFiles = () =>
  Object.fromEntries(
    DISTRICT_FILES.map((name) => [name, readFileSync(path.join(DEMO_DISTRICT_DIR, `${name}.csv`), 'utf8')]),
  ) as DistrictFiles;

describe('importDistrict on DynamoDB Local', () => {
  it('a district with problems writes nothing and throws every problem as <file>:<line>', async () => {
    const files = demoFiles();
    // Valid rows first (a writer that streamed would already have written them), bad rows last.
    files.people += 'p-9001,坏电话,12345\n';
    files.households += 'hh-extra-1,un-nowhere,101,\nhh-extra-2,un-nowhere,102,\n';
    files.residents +=
      'hh-extra-1,p-9002,张三,+8610000000001,户主\nhh-extra-2,p-9003,李四,+8610000000002,户主\n';
    files.providers += 'tm-extra,team,新队,cm-yinrong,p-0001;p-nobody,,repair\n';
    const error = await importDistrict(table, files).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).status).toBe(422);
    expect((error as UnprocessableError).detail).toMatch(/4 problems; nothing was written/);
    expect((error as UnprocessableError).errors).toEqual([
      { field: 'people.csv:70', message: expect.stringMatching(/phone "12345"/) },
      { field: 'households.csv:98', message: expect.stringMatching(/unknown unit_id "un-nowhere"/) },
      { field: 'households.csv:99', message: expect.stringMatching(/unknown unit_id "un-nowhere"/) },
      { field: 'providers.csv:7', message: expect.stringMatching(/unknown member "p-nobody"/) },
    ]);
    expect(await scan()).toEqual([]);
  });

  it('a good import writes every node, household, person and provider; the same import again leaves the same items', async () => {
    const demo = lvyuanDemoDistrict();
    const summary = await importDistrict(table, demoFiles());
    // 5 providers: 3 staff (1 member each) and 2 teams of 3, each a provider item and a grant per member.
    const providerItems = 5 + 3 + 2 * 3;
    // The phone index: one item per resident (the demo's residents have phones of their own).
    const phoneItems = demo.households.reduce((sum, household) => sum + household.residents.length, 0);
    // Each person with their phone item (who a phone signs in as).
    const personItems = 2 * demo.persons.length;
    const total = demo.nodes.length + demo.households.length + phoneItems + personItems + providerItems;
    expect(summary).toEqual({
      nodes: demo.nodes.length,
      households: demo.households.length,
      persons: demo.persons.length,
      providers: 5,
      items: total,
    });
    const first = await scan();
    expect(first).toHaveLength(total);
    expect(await importDistrict(table, demoFiles())).toEqual(summary);
    expect(await scan()).toEqual(first);
  });

  it('writes the providers and a service_staff grant for each member, scoped to what the provider serves', async () => {
    const demo = lvyuanDemoDistrict();
    await importDistrict(table, demoFiles(), {
      categories: ['repair', 'drainage', 'safety', 'environment', 'elderly-care'],
    });
    for (const provider of demo.providers) expect(await getProvider(table, provider.id)).toEqual(provider);
    const plumbers = demoProvider(demo, DEMO_PLUMBING_TEAM_ID)!;
    expect(plumbers).toMatchObject({
      kind: 'team',
      name: '楼栋牵手团',
      scope: 'cm-yinrong',
      specialities: ['repair', 'drainage'],
    });
    expect(plumbers.memberIds).toHaveLength(3);
    for (const member of plumbers.memberIds) {
      expect(await getGrants(table, member)).toEqual([{ role: 'service_staff', scope: 'cm-yinrong' }]);
    }
    const water = demoProvider(demo, DEMO_WATER_STAFF_ID)!;
    expect(await getGrants(table, water.contact.personId)).toEqual([
      { role: 'service_staff', scope: 'gd-yinrong-1' },
    ]);
    const elderly = (await getProvider(table, DEMO_ELDERLY_TEAM_ID))!;
    expect(elderly.contact).toEqual({
      personId: elderly.memberIds[1],
      phone: demo.persons.find((person) => person.id === elderly.memberIds[1])?.phone,
    });
    expect((await listProviders(table, 'gd-yinrong-1')).map((provider) => provider.id).sort()).toEqual([
      'sf-yinrong-1-power',
      'sf-yinrong-1-water',
    ]);
  });

  it('an imported household’s chain of leaders (getChain) is the demo’s, vacancies included', async () => {
    await importDemoDistrict(table);
    for (const id of [DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID]) {
      const household = await getHousehold(table, id);
      expect(household).toBeDefined();
      expect(await getChain(table, household!)).toEqual(demoChainOf(lvyuanDemoDistrict(), id));
    }
    const vacant = await getChain(table, (await getHousehold(table, DEMO_VACANT_UNIT_HOUSEHOLD_ID))!);
    expect(vacant[0]).not.toHaveProperty('post');
  });

  it('importDemoDistrict writes exactly the items putHierarchy and putProvider of lvyuanDemoDistrict() write', async () => {
    const demo = lvyuanDemoDistrict();
    await putHierarchy(table, demo);
    for (const provider of demo.providers) await putProvider(table, provider);
    const seeded = await scan();
    const imported = { db: table.db, name: `${table.name}b` };
    await createTables(dynamoDb.endpoint, [{ ...definition, TableName: imported.name }]);
    await importDemoDistrict(imported);
    expect(await scan(imported)).toEqual(seeded);
  });
});

describe('readDistrictDir', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sanzhang-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names every missing file and every file that is not UTF-8, with the line of the first bad byte', () => {
    const files = demoFiles();
    for (const name of DISTRICT_FILES.filter((file) => file !== 'posts' && file !== 'people')) {
      writeFileSync(path.join(dir, `${name}.csv`), files[name] ?? '');
    }
    // 王 in GBK is 0xCD 0xF5: not UTF-8.
    writeFileSync(
      path.join(dir, 'people.csv'),
      Buffer.concat([
        Buffer.from('id,name,phone\np-1,'),
        Buffer.from([0xcd, 0xf5]),
        Buffer.from(',+8613800000001\n'),
      ]),
    );
    let error: unknown;
    try {
      readDistrictDir(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors).toEqual([
      { field: 'people.csv:2', message: expect.stringMatching(/not UTF-8/) },
      { field: 'posts.csv', message: expect.stringMatching(/no such file/) },
    ]);
  });

  it('finds a district without providers.csv (the file is optional), to stream each file from its path', () => {
    const files = demoFiles();
    const { providers: _providers, ...required } = files;
    const bare = mkdtempSync(path.join(tmpdir(), 'sanzhang-import-'));
    try {
      for (const [name, text] of Object.entries(required))
        writeFileSync(path.join(bare, `${name}.csv`), text);
      expect(readDistrictDir(bare)).toEqual(
        Object.fromEntries(
          Object.keys(required).map((name) => [name, { path: path.join(bare, `${name}.csv`) }]),
        ),
      );
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
