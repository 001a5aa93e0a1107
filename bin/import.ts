import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadDistrictConfigs, synthesizeDistrict } from '../infra/synthesize.js';
import { STANDARD_HOUSEHOLD_TAGS } from '../shared/config/vocabulary.js';
import { AppError } from '../shared/errors.js';
import { parseDistrictCsv } from '../shared/services/import/district-csv.js';
import { importProblems, readDistrictDir, writeDistrict } from '../shared/services/import/import-district.js';
import { createTables } from '../local/dynamodb-local.js';
import { tableDefinitions } from '../local/synthesized-template.js';
import { createDocumentClient } from '../shared/store/document-client.js';

/**
 * `npm run import -- --dir examples/districts/lvyuan [--endpoint http://127.0.0.1:8000] [--table <name>]`
 *
 * Validates a district's CSV files and loads them into a table: DynamoDB Local at `--endpoint`
 * (the table is created from the synthesized template if it is missing, and named as there unless
 * `--table` says otherwise), or a deployed table (`--table`, the stack's TableName output, with the
 * AWS SDK's default credentials and region; `--region` overrides the region). `--district` names the
 * config (default lvyuan): its household tags are the ones accepted, and its request categories the
 * specialities a provider (providers.csv, optional) may have. Everything is checked before the
 * table is touched: every problem is printed as `file:line: reason`, nothing is written and the exit
 * code is 1. `--dry-run` only validates. Re-running the same import changes nothing.
 */
const USAGE =
  'usage: npm run import -- --dir <folder with nodes.csv, people.csv, posts.csv, households.csv, residents.csv\n' +
  '                                  and, optionally, providers.csv>\n' +
  '         [--endpoint http://127.0.0.1:8000] [--table <name>] [--region <region>] [--district lvyuan]\n' +
  '         [--concurrency 8] [--dry-run]';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    endpoint: { type: 'string' },
    table: { type: 'string' },
    district: { type: 'string', default: 'lvyuan' },
    region: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    'dry-run': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.dir) fail(`--dir is required\n${USAGE}`);
const dryRun = values['dry-run'];
if (!dryRun && !values.endpoint && !values.table) {
  fail(`say where to import: --endpoint (DynamoDB Local) or --table (a deployed table)\n${USAGE}`);
}
const concurrency = Number(values.concurrency);
if (!Number.isInteger(concurrency) || concurrency < 1) fail('--concurrency must be a whole number ≥ 1');

const dir = path.resolve(values.dir);
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function printProblems(problems: { field: string; message: string }[], summary: string): never {
  for (const problem of problems) console.error(`${problem.field}: ${problem.message}`);
  fail(`\n${summary}`);
}

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === values.district);
if (!config) fail(`no config/districts/${values.district}.json (--district names the district's config)`);
/** The tags the API accepts for this district: the standard four and the config's own. */
const tags = [...new Set([...STANDARD_HOUSEHOLD_TAGS, ...(config.householdTags ?? [])])];
/** The request categories of this district: a provider's specialities must be among them. */
const categories = config.categories.map((category) => category.code);

let started = performance.now();
let district;
try {
  const parsed = await parseDistrictCsv(readDistrictDir(dir), { tags, categories });
  if ('problems' in parsed) {
    const count = parsed.problems.length;
    printProblems(
      importProblems(parsed.problems),
      `${count} problem${count === 1 ? '' : 's'} in ${dir}; nothing was written.`,
    );
  }
  district = parsed.data;
} catch (error) {
  if (error instanceof AppError) printProblems(error.errors, error.detail);
  throw error;
}
const counts =
  `${district.nodes.length} nodes, ${district.households.length} households, ${district.persons.length} persons, ` +
  `${district.providers.length} providers`;
if (dryRun) {
  console.log(`${dir} is valid: ${counts} (checked in ${seconds(started)} s; --dry-run: nothing written).`);
  process.exit(0);
}

try {
  let tableName = values.table;
  if (values.endpoint && !tableName) {
    const tables = tableDefinitions(synthesizeDistrict(config));
    if (!tables[0]) fail('the synthesized template has no DynamoDB table');
    await createTables(values.endpoint, tables);
    tableName = tables[0].TableName;
  }
  if (values.region) process.env.AWS_REGION = values.region;
  const db = createDocumentClient(values.endpoint ? { endpoint: values.endpoint } : {});
  try {
    started = performance.now();
    let reported = performance.now();
    const summary = await writeDistrict({ db, name: tableName ?? '' }, district, {
      concurrency,
      onProgress: (written, total) => {
        if (performance.now() - reported < 10_000) return;
        reported = performance.now();
        console.log(`… ${written} of ${total} items written (${seconds(started)} s)`);
      },
    });
    console.log(
      `Imported ${dir} into ${tableName}${values.endpoint ? ` at ${values.endpoint}` : ''}: ${counts}; ` +
        `${summary.items} items written in ${seconds(started)} s.`,
    );
  } finally {
    db.destroy();
  }
} catch (error) {
  fail(
    `Import failed: ${String(error)}\n(What was written before the failure stays; re-running the import is safe.)`,
  );
}
