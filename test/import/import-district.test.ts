import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { synthesizeDistrict } from '../../infra/synthesize.js';
import { DEMO_DISTRICT_DIR, importDemoDistrict } from '../../shared/demo/demo-import.js';
import {
  DEMO_HOUSEHOLD_ID,
  DEMO_VACANT_UNIT_HOUSEHOLD_ID,
  demoChainOf,
  lvyuanDemoDistrict,
} from '../../shared/demo/lvyuan-district.js';
import { UnprocessableError } from '../../shared/errors.js';
import { DISTRICT_FILES, type DistrictFiles } from '../../shared/import/district-csv.js';
import { importDistrict, readDistrictDir } from '../../shared/import/import-district.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../shared/local/dynamodb-local.js';
import { tableDefinitions } from '../../shared/local/synthesized-template.js';
import { createDocumentClient } from '../../shared/store/document-client.js';
import { getChain, getHousehold, putHierarchy } from '../../shared/store/hierarchy-store.js';
import type { DistrictTable } from '../../shared/store/table.js';
import { config } from '../support/fixtures.js';

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

const demoFiles = (): DistrictFiles => readDistrictDir(DEMO_DISTRICT_DIR);

describe('importDistrict on DynamoDB Local', () => {
  it('a district with problems writes nothing and throws every problem as <file>:<line>', async () => {
    const files = demoFiles();
    // Valid rows first (a writer that streamed would already have written them), bad rows last.
    files.people += 'p-9001,坏电话,12345\n';
    files.households += 'hh-extra-1,un-nowhere,101,\nhh-extra-2,un-nowhere,102,\n';
    files.residents +=
      'hh-extra-1,p-9002,张三,+8610000000001,户主\nhh-extra-2,p-9003,李四,+8610000000002,户主\n';
    const error = await importDistrict(table, files).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).status).toBe(422);
    expect((error as UnprocessableError).detail).toMatch(/3 problems; nothing was written/);
    expect((error as UnprocessableError).errors).toEqual([
      { field: 'people.csv:61', message: expect.stringMatching(/phone "12345"/) },
      { field: 'households.csv:98', message: expect.stringMatching(/unknown unit_id "un-nowhere"/) },
      { field: 'households.csv:99', message: expect.stringMatching(/unknown unit_id "un-nowhere"/) },
    ]);
    expect(await scan()).toEqual([]);
  });

  it('a good import writes every node, household and person; the same import again leaves the same items', async () => {
    const demo = lvyuanDemoDistrict();
    const summary = await importDistrict(table, demoFiles());
    const total = demo.nodes.length + demo.households.length + demo.persons.length;
    expect(summary).toEqual({
      nodes: demo.nodes.length,
      households: demo.households.length,
      persons: demo.persons.length,
      items: total,
    });
    const first = await scan();
    expect(first).toHaveLength(total);
    expect(await importDistrict(table, demoFiles())).toEqual(summary);
    expect(await scan()).toEqual(first);
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

  it('importDemoDistrict writes exactly the items putHierarchy(lvyuanDemoDistrict()) writes', async () => {
    await putHierarchy(table, lvyuanDemoDistrict());
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
      writeFileSync(path.join(dir, `${name}.csv`), files[name]);
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
});
