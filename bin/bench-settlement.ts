/**
 * `npm run bench:settlement [-- --scale 0.1]`: the monthly settlement at Lüyuan's size. Writes
 * 60 communities (6 streets), 20,000 leaders and 200,000 ledger entries of October 2026 straight
 * into DynamoDB Local with the real key scheme (`transferWrites`' leader entry items with their
 * month index, the balances, the people), runs the synthesized settlement state machine on the
 * local engine, and prints the time, the read and write units, and the ratio of the reads to the
 * minimum: reading the month's entries once. CI never runs it.
 *
 * Only what settlement reads is loaded: the leader side of each transfer. The transfer records and
 * the issuing account's debits (which settlement never reads) are left out to keep the load short.
 */
import { parseArgs } from 'node:util';
import { loadDistrictConfigs, synthesizeDistrict } from '../infra/synthesize.js';
import { OutboxNotifier } from '../shared/adapters/outbox-notifier.js';
import type { Workflow } from '../shared/adapters/workflow.js';
import { ManualClock } from '../shared/domain/clock.js';
import type { HierarchyNode } from '../shared/domain/hierarchy.js';
import { ISSUING_ACCOUNT, leaderAccount, type Transfer } from '../shared/domain/ledger.js';
import { CapacityMeter } from '../local/capacity-meter.js';
import { createTables, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { LocalSettlement } from '../local/local-settlement.js';
import {
  STATE_MACHINE_PREFIXES,
  stateMachineDefinition,
  stateMachineLogicalId,
  tableDefinitions,
} from '../local/synthesized-template.js';
import { mapLimited } from '../shared/runtime/concurrency.js';
import { useDependencies } from '../shared/runtime/dependencies.js';
import { createDocumentClient } from '../shared/store/document-client.js';
import { nodeItem } from '../shared/store/hierarchy-store.js';
import { keys } from '../shared/store/keys.js';
import { transferWrites } from '../shared/store/ledger-store.js';
import { monthEntries } from '../shared/store/settlement-store.js';
import { batchPut, type DistrictTable } from '../shared/store/table.js';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');

const STREETS = 6;
const COMMUNITIES = 60;
const LEADERS = Math.round(20_000 * scale);
const ENTRIES = Math.round(200_000 * scale);
const MONTH = '2026-10';

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('no config/districts/lvyuan.json');
const template = synthesizeDistrict(config);
const [definition] = tableDefinitions(template);
if (!definition) throw new Error('the template has no table');

// Deterministic pseudo-random numbers (mulberry32), so two runs load the same month.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

/** Puts the items 25 a BatchWrite, 16 BatchWrites in flight. */
async function load(table: DistrictTable, items: Record<string, unknown>[]) {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await mapLimited(chunks, 16, (chunk) => batchPut(table, chunk));
}

console.log(`Starting DynamoDB Local with the synthesized template's table (scale ${scale}) …`);
const dynamoDb = await startDynamoDbLocal();
await createTables(dynamoDb.endpoint, [definition]);
const db = createDocumentClient({ endpoint: dynamoDb.endpoint });
const table = { db, name: definition.TableName, timeZone: config.district.timeZone };
try {
  const loadStarted = performance.now();
  const nodes: HierarchyNode[] = [];
  for (let s = 0; s < STREETS; s++) {
    nodes.push({ id: `st-${s}`, type: 'street', name: `街道${s}`, parentId: 'district', ancestors: {} });
  }
  for (let c = 0; c < COMMUNITIES; c++) {
    const street = `st-${c % STREETS}`;
    nodes.push({
      id: `cm-${c}`,
      type: 'community',
      name: `社区${c}`,
      parentId: street,
      ancestors: { street },
    });
  }
  const people = Array.from({ length: LEADERS }, (_, i) => ({
    id: `p-${i}`,
    community: `cm-${i % COMMUNITIES}`,
  }));
  const balances = new Map<string, number>();
  const entryItems: Record<string, unknown>[] = [];
  const start = Date.parse('2026-09-30T16:00:00Z');
  const span = Date.parse('2026-10-31T16:00:00Z') - start;
  for (let i = 0; i < ENTRIES; i++) {
    const person = people[Math.floor(random() * people.length)]!;
    const rated = random() < 0.5;
    const amount = 2 + Math.floor(random() * 20);
    const transfer: Transfer = {
      id: `close:R${i}:${person.id}`,
      from: ISSUING_ACCOUNT,
      to: leaderAccount(person.id),
      amount,
      at: new Date(start + Math.floor(random() * span)).toISOString(),
      memo: {
        requestId: `R${i}`,
        reasons: rated ? ['resolved', 'rated-5'] : ['acknowledged-within-sla'],
        community: person.community,
        ...(rated ? { rating: 5 } : {}),
      },
    };
    // The leader's credit entry exactly as the one transfer-writing function builds it.
    const credit = transferWrites(table, transfer)[2]?.Put?.Item;
    if (!credit) throw new Error('transferWrites changed shape');
    entryItems.push(credit);
    balances.set(person.id, (balances.get(person.id) ?? 0) + amount);
  }
  const items = [
    ...nodes.map(nodeItem),
    ...people.map((person) => ({
      ...keys.person(person.id),
      id: person.id,
      name: `队长${person.id}`,
      phone: '+8613900000000',
    })),
    ...[...balances].map(([personId, balance]) => ({
      ...keys.account(leaderAccount(personId)),
      account: leaderAccount(personId),
      balance,
    })),
    ...entryItems,
  ];
  await load(table, items);
  console.log(
    `Loaded ${items.length.toLocaleString()} items in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s.`,
  );

  const meter = new CapacityMeter(db);
  const outbox = new OutboxNotifier();
  const noWorkflow: Workflow = {
    startLifecycle: async () => {},
    completeTask: async () => false,
  };
  useDependencies({
    config,
    clock: new ManualClock(new Date('2026-11-01T02:00:00+08:00')),
    table,
    notifier: outbox,
    workflow: noWorkflow,
  });
  const invocations: { state: string; ms: number }[] = [];
  const settlement = new LocalSettlement(
    stateMachineDefinition(template, {
      logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.settlement),
    }),
    undefined,
    (state, ms) => invocations.push({ state, ms }),
  );
  const started = performance.now();
  const output = (await settlement.settle({})) as { result?: { leaders?: number } };
  const seconds = (performance.now() - started) / 1000;
  const used = meter.take();

  // The minimum: one eventually consistent pass over the month's entries, per community.
  for (let c = 0; c < COMMUNITIES; c++) await monthEntries(table, MONTH, `cm-${c}`);
  const minimum = meter.take();

  console.table([
    {
      leaders: LEADERS,
      entries: ENTRIES,
      communities: COMMUNITIES,
      'settled leaders': output.result?.leaders,
      'SMS sent': outbox.sent.length,
      seconds: Number(seconds.toFixed(1)),
      'read units': Math.round(used.read),
      'write units': Math.round(used.write),
      'DynamoDB calls': used.calls,
      'minimum read units (entries once)': Math.round(minimum.read),
      'reads / minimum': Number((used.read / minimum.read).toFixed(2)),
      'Lambda invocations': invocations.length,
    },
  ]);
  console.log('Time per Task invocation (each would be one Lambda invocation):');
  const states = [...new Set(invocations.map((each) => each.state))];
  console.table(
    states.map((state) => {
      const times = invocations.filter((each) => each.state === state).map((each) => each.ms);
      return {
        state,
        invocations: times.length,
        'mean s': Number((times.reduce((a, b) => a + b, 0) / times.length / 1000).toFixed(2)),
        'max s': Number((Math.max(...times) / 1000).toFixed(2)),
      };
    }),
  );
} finally {
  useDependencies(undefined);
  db.destroy();
  await dynamoDb.stop();
}
