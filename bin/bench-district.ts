import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadDistrictConfigs, synthesizeDistrict } from '../infra/synthesize.js';
import { generateDistrict, lvyuanShape } from '../demo/generate-district.js';
import { districtCsv } from '../shared/services/import/district-csv.js';
import type { District } from '../shared/services/import/district-format.js';
import { CapacityMeter } from '../local/capacity-meter.js';
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { percentile } from '../local/figures.js';
import { DYNAMODB_ON_DEMAND } from './prices.js';
import { tableDefinitions } from '../local/synthesized-template.js';
import { createDocumentClient } from '../shared/store/document-client.js';
import { getChain, getHousehold } from '../shared/store/hierarchy-store.js';
import type { DistrictTable } from '../shared/store/table.js';
import { mulberry32 } from '../demo/random.js';
import type { ImportFigures } from './bench-district-import.js';

/**
 * `npm run bench:district -- [--scale 1] [--lookups 1000] [--concurrency 8] [--small-scale 0.01] [--dry-run]`
 *
 * A district of Lüyuan's size (`--scale 1`: 600 grids, 6,000 buildings, 25,000 units, 300,000
 * households, about 20,000 leaders) generated, written as CSV files and imported from them through
 * `importDistrict` (so the time includes parsing and validation) into DynamoDB Local with the
 * synthesized template's table, in a process of its own whose peak memory is reported; then the
 * latency, read units and calls of reading a household's chain of leaders (`getHousehold` +
 * `getChain`, what the lifecycle does for every request), on this district and on a small one
 * (`--small-scale`) in the same DynamoDB Local, to show it does not grow with the district. Long (minutes at scale 1); CI never runs it. `--dry-run` only generates the
 * `--scale` district and parses and validates its files (as `npm run import -- --dry-run` does): the
 * import's own time and peak memory, without DynamoDB Local.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    'small-scale': { type: 'string', default: '0.01' },
    lookups: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const scale = Number(values.scale);
const smallScale = Number(values['small-scale']);
const lookups = Number(values.lookups);
const concurrency = Number(values.concurrency);
if (!(scale > 0) || !(smallScale > 0)) throw new Error('--scale and --small-scale must be positive numbers');
if (!Number.isInteger(lookups) || lookups < 1) throw new Error('--lookups must be a whole number ≥ 1');
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error('--concurrency must be a whole number ≥ 1');

const seconds = (since: number) => (performance.now() - since) / 1000;
const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Writes the district's CSV files to a new temporary folder: the folder, their size and the time taken. */
function writeDistrictCsv(district: District) {
  const started = performance.now();
  const files = districtCsv(district);
  const dir = mkdtempSync(path.join(tmpdir(), 'sanzhang-bench-district-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, `${name}.csv`), text);
  const megabytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  return { dir, megabytes, seconds: seconds(started) };
}

/** Where a district is imported: a table of DynamoDB Local. */
interface Target {
  endpoint: string;
  table: DistrictTable;
}

/**
 * Imports the files of `dir` into `target` (only validates them without one) in a process of its
 * own (`bench-district-import.ts`, with this process's Node and loader), so that the peak memory
 * measured is the import's, not the generator's.
 */
async function importInChildProcess(dir: string, target?: Target): Promise<ImportFigures> {
  const script = fileURLToPath(new URL('./bench-district-import.ts', import.meta.url));
  const into = target ? ['--endpoint', target.endpoint, '--table', target.table.name] : [];
  const child = spawn(
    process.execPath,
    [...process.execArgv, script, '--dir', dir, ...into, '--concurrency', String(concurrency)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the import process exited with ${code}`);
  return JSON.parse(output) as ImportFigures;
}

interface Loaded {
  label: string;
  table: DistrictTable;
  householdIds: string[];
}

const largeLabel = scale === 1 ? 'Lüyuan-size district' : `District at ${scale} of Lüyuan's size`;

/** Prints what the import process measured. */
function printImport(figures: ImportFigures) {
  const mib = (bytes: number) => `${format(bytes / 2 ** 20)} MiB`;
  const { written } = figures;
  if (!written) {
    console.log(`  import --dry-run (parse + validate): ${format(figures.validatedSeconds, 1)} s`);
  } else {
    console.log(
      `  import (parse + validate + write, ${concurrency} BatchWrites in flight): ${format(written.items)} items in ` +
        `${format(written.importedSeconds, 1)} s (parse + validate ${format(figures.validatedSeconds, 1)} s) = ` +
        `${format(written.items / written.importedSeconds)} items/s`,
    );
    console.log(
      `  write units consumed: ${format(written.writeUnits)} in ${format(written.calls)} calls = ` +
        `${format(written.writeUnits / figures.households, 2)} per household, ${format(written.writeUnits / written.items, 2)} per item ` +
        `(≈ US$${format((written.writeUnits / 1e6) * DYNAMODB_ON_DEMAND.perMillion.write, 2)} on demand at $${DYNAMODB_ON_DEMAND.perMillion.write}/M)`,
    );
  }
  console.log(
    `  the import's peak memory (a process of its own): RSS ${mib(figures.peakRssValidated)} when validated` +
      `${written ? `, ${mib(written.peakRss)} in all` : ''}; V8 heap ${mib(figures.peakHeap)}`,
  );
}

/** Generates a district, writes its CSV and imports it into `target` (only validates it without one). */
async function load(label: string, fraction: number, target?: Target): Promise<string[]> {
  const started = performance.now();
  const district = generateDistrict(lvyuanShape(fraction));
  const counts = {
    streets: 0,
    communities: 0,
    grids: 0,
    buildings: 0,
    units: 0,
  };
  for (const node of district.nodes) {
    const key = node.type === 'community' ? 'communities' : (`${node.type}s` as keyof typeof counts);
    counts[key]++;
  }
  const leaders = new Set(district.nodes.flatMap((node) => (node.post ? [node.post.holderId] : []))).size;
  const vacant = district.nodes.filter((node) => !node.post).length;
  const householdIds = district.households.map((household) => household.id);
  const generated = seconds(started);
  const csv = writeDistrictCsv(district);
  const plural = (n: number, one: string, many: string) => `${format(n)} ${n === 1 ? one : many}`;
  console.log(
    `\n${label} (scale ${fraction}): ${plural(counts.streets, 'street', 'streets')}, ` +
      `${plural(counts.communities, 'community', 'communities')}, ${plural(counts.grids, 'grid', 'grids')}, ` +
      `${plural(counts.buildings, 'building', 'buildings')}, ${plural(counts.units, 'unit', 'units')}, ` +
      `${format(householdIds.length)} households; ${format(leaders)} leaders holding ` +
      `${format(district.nodes.length - vacant)} posts (${format(vacant)} vacant), ${format(district.persons.length)} persons in all.`,
  );
  console.log(
    `  generated in ${format(generated, 1)} s; CSV ${format(csv.megabytes, 1)} MB written in ${format(csv.seconds, 1)} s`,
  );
  printImport(
    await importInChildProcess(csv.dir, target).finally(() =>
      rmSync(csv.dir, { recursive: true, force: true }),
    ),
  );
  return householdIds;
}

async function chainLatency(loaded: Loaded, meter: CapacityMeter) {
  const random = mulberry32(0xc4a1_0001);
  const sample = () => loaded.householdIds[Math.floor(random() * loaded.householdIds.length)] ?? '';
  const lookup = async (id: string) => {
    const household = await getHousehold(loaded.table, id);
    if (!household) throw new Error(`household ${id} was not imported`);
    const chain = await getChain(loaded.table, household);
    if (chain.length !== 5) throw new Error(`household ${id} has a chain of ${chain.length} levels, not 5`);
  };
  for (let i = 0; i < 100; i++) await lookup(sample()); // warm-up: JIT, connections
  meter.take();
  const times: number[] = [];
  for (let i = 0; i < lookups; i++) {
    const id = sample();
    const started = performance.now();
    await lookup(id);
    times.push(performance.now() - started);
  }
  const capacity = meter.take();
  times.sort((a, b) => a - b);
  return {
    district: loaded.label,
    households: format(loaded.householdIds.length),
    lookups,
    'p50 ms': Number(percentile(times, 50).toFixed(2)),
    'p95 ms': Number(percentile(times, 95).toFixed(2)),
    'p99 ms': Number(percentile(times, 99).toFixed(2)),
    'max ms': Number((times.at(-1) ?? NaN).toFixed(2)),
    'read units / lookup': Number((capacity.read / lookups).toFixed(2)),
    'DynamoDB calls / lookup': Number((capacity.calls / lookups).toFixed(2)),
  };
}

/** Both districts imported into DynamoDB Local, then the chain lookup on each. */
async function importAndLookUp() {
  const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
  if (!config) throw new Error('config/districts/lvyuan.json is missing');
  const [definition] = tableDefinitions(synthesizeDistrict(config));
  if (!definition) throw new Error('the synthesized template has no DynamoDB table');
  console.log('Starting DynamoDB Local with the synthesized template’s table …');
  const dynamoDb = await startDynamoDbLocal();
  const smallName = `${definition.TableName}Small`;
  await createTables(dynamoDb.endpoint, [definition, { ...definition, TableName: smallName }]);
  const db = createDocumentClient({ endpoint: dynamoDb.endpoint });
  const meter = new CapacityMeter(db);
  try {
    const loadInto = async (label: string, fraction: number, name: string): Promise<Loaded> => {
      const table = { db, name };
      return {
        label,
        table,
        householdIds: await load(label, fraction, { endpoint: dynamoDb.endpoint, table }),
      };
    };
    const small = await loadInto('Small district', smallScale, smallName);
    const large = await loadInto(largeLabel, scale, definition.TableName);
    console.log('\nChain of leaders of a random household (getHousehold + getChain), both tables loaded:\n');
    console.table([await chainLatency(small, meter), await chainLatency(large, meter)]);
  } finally {
    db.destroy();
    await dynamoDb.stop();
  }
}

if (values['dry-run']) await load(largeLabel, scale);
else await importAndLookUp();
