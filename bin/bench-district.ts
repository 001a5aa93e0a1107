import { parseArgs } from 'node:util';
import { loadDistrictConfigs, synthesizeDistrict } from '../infra/synthesize.js';
import { generateDistrict, lvyuanShape } from '../demo/generate-district.js';
import { STANDARD_HOUSEHOLD_TAGS } from '../shared/config/vocabulary.js';
import { districtCsv } from '../shared/services/import/district-csv.js';
import { importDistrict } from '../shared/services/import/import-district.js';
import { CapacityMeter } from '../local/capacity-meter.js';
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { percentile, USD_PER_MILLION_UNITS } from '../local/figures.js';
import { tableDefinitions } from '../local/synthesized-template.js';
import { createDocumentClient } from '../shared/store/document-client.js';
import { getChain, getHousehold } from '../shared/store/hierarchy-store.js';
import type { DistrictTable } from '../shared/store/table.js';
import { mulberry32 } from '../demo/random.js';

/**
 * `npm run bench:district -- [--scale 1] [--lookups 1000] [--concurrency 8] [--small-scale 0.01]`
 *
 * A district of Lüyuan's size (`--scale 1`: 600 grids, 6,000 buildings, 25,000 units, 300,000
 * households, about 20,000 leaders) generated, serialized to CSV and imported through
 * `importDistrict` (so the time includes parsing and validation) into DynamoDB Local with the
 * synthesized template's table; then the latency, read units and calls of reading a household's
 * chain of leaders (`getHousehold` + `getChain`, what the lifecycle does for every request), on this
 * district and on a small one (`--small-scale`) in the same DynamoDB Local, to show it does not grow
 * with the district. Long (minutes at scale 1); CI never runs it.
 */
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    'small-scale': { type: 'string', default: '0.01' },
    lookups: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
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

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('config/districts/lvyuan.json is missing');
const [definition] = tableDefinitions(synthesizeDistrict(config));
if (!definition) throw new Error('the synthesized template has no DynamoDB table');

const seconds = (since: number) => (performance.now() - since) / 1000;
const format = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Loaded {
  label: string;
  table: DistrictTable;
  householdIds: string[];
}

async function load(label: string, fraction: number, table: DistrictTable, meter: CapacityMeter) {
  let started = performance.now();
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
  started = performance.now();
  const files = districtCsv(district);
  const serialized = seconds(started);
  const megabytes = Object.values(files).reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
  const plural = (n: number, one: string, many: string) => `${format(n)} ${n === 1 ? one : many}`;
  console.log(
    `\n${label} (scale ${fraction}): ${plural(counts.streets, 'street', 'streets')}, ` +
      `${plural(counts.communities, 'community', 'communities')}, ${plural(counts.grids, 'grid', 'grids')}, ` +
      `${plural(counts.buildings, 'building', 'buildings')}, ${plural(counts.units, 'unit', 'units')}, ` +
      `${format(householdIds.length)} households; ${format(leaders)} leaders holding ` +
      `${format(district.nodes.length - vacant)} posts (${format(vacant)} vacant), ${format(district.persons.length)} persons in all.`,
  );
  console.log(
    `  generated in ${format(generated, 1)} s; CSV ${format(megabytes, 1)} MB written in ${format(serialized, 1)} s`,
  );
  meter.take();
  started = performance.now();
  let validated = NaN;
  let written = 0;
  const progress = setInterval(
    () => console.log(`  … ${format(seconds(started))} s: ${format(written)} items written`),
    60_000,
  ).unref();
  const summary = await importDistrict(table, files, {
    concurrency,
    tags: STANDARD_HOUSEHOLD_TAGS,
    onValidated: () => (validated = seconds(started)),
    onProgress: (items) => (written = items),
  }).finally(() => clearInterval(progress));
  const imported = seconds(started);
  const capacity = meter.take();
  console.log(
    `  import (parse + validate + write, ${concurrency} BatchWrites in flight): ${format(summary.items)} items in ` +
      `${format(imported, 1)} s (parse + validate ${format(validated, 1)} s) = ${format(summary.items / imported)} items/s`,
  );
  console.log(
    `  write units consumed: ${format(capacity.write)} in ${format(capacity.calls)} calls = ` +
      `${format(capacity.write / summary.households, 2)} per household, ${format(capacity.write / summary.items, 2)} per item ` +
      `(≈ US$${format((capacity.write / 1e6) * USD_PER_MILLION_UNITS.write, 2)} on demand at $${USD_PER_MILLION_UNITS.write}/M)`,
  );
  return { label, table, householdIds } satisfies Loaded;
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

console.log('Starting DynamoDB Local with the synthesized template’s table …');
const dynamoDb = await startDynamoDbLocal();
const smallName = `${definition.TableName}Small`;
await createTables(dynamoDb.endpoint, [definition, { ...definition, TableName: smallName }]);
const db = createDocumentClient({ endpoint: dynamoDb.endpoint });
const meter = new CapacityMeter(db);
try {
  const small = await load('Small district', smallScale, { db, name: smallName }, meter);
  const large = await load(
    scale === 1 ? 'Lüyuan-size district' : `District at ${scale} of Lüyuan's size`,
    scale,
    { db, name: definition.TableName },
    meter,
  );
  console.log('\nChain of leaders of a random household (getHousehold + getChain), both tables loaded:\n');
  console.table([await chainLatency(small, meter), await chainLatency(large, meter)]);
} finally {
  db.destroy();
  await dynamoDb.stop();
}
