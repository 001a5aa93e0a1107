import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { bundlingOptionsFor, REPOSITORY_ROOT } from '../infra/sanzhang-function.js';
import { loadDistrictConfigs } from '../infra/synthesize.js';
import {
  DEMO_HOUSEHOLD_ID,
  demoChainOf,
  demoHousehold,
  lvyuanDemoDistrict,
} from '../demo/lvyuan-district.js';
import { smsSegments } from '../shared/domain/sms.js';
import { CapacityMeter, type Capacity } from '../local/capacity-meter.js';
import { LocalSystem } from '../local/local-system.js';
import { notificationsSettled } from './busy-grid-run.js';
import { printBusyGridDay, printSmsGoals } from './sms-figures.js';

/**
 * The figures a district's bill depends on, measured on the local stack: Step Functions state
 * transitions, DynamoDB capacity units (as DynamoDB Local reports them) and SMS segments per
 * scenario, and each Lambda bundle's size with the AWS SDK bundled in.
 */
const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('config/districts/lvyuan.json is missing');

const district = lvyuanDemoDistrict();
const household = demoHousehold(district, DEMO_HOUSEHOLD_ID);
const resident = household?.residents[0]?.personId ?? '';
const [unitLeader = ''] = demoChainOf(district, DEMO_HOUSEHOLD_ID).map((link) => link.post?.holderId ?? '');

interface Row {
  scenario: string;
  transitions: number;
  capacity: Capacity;
  smsSegments: number;
  /** The segments sent after the scenario marked a point (after the submit: what an escalation sends). */
  smsSegmentsAfterMark?: number;
}

/** The segments of the SMS sent since the outbox held `from`, once what the table's stream feeds has run. */
async function segmentsSince(system: LocalSystem, from: number): Promise<number> {
  await notificationsSettled(system);
  return system.outbox.slice(from).reduce((sum, message) => sum + smsSegments(message.text), 0);
}

async function measure(
  system: LocalSystem,
  meter: CapacityMeter,
  scenario: string,
  run: (mark: () => Promise<void>) => Promise<string>,
) {
  meter.take();
  const sentBefore = system.outbox.length;
  let marked: number | undefined;
  const id = await run(async () => {
    await notificationsSettled(system);
    marked = system.outbox.length;
  });
  return {
    scenario,
    transitions: system.workflow.transitionsOf(id),
    capacity: meter.take(),
    smsSegments: await segmentsSince(system, sentBefore),
    ...(marked === undefined ? {} : { smsSegmentsAfterMark: await segmentsSince(system, marked) }),
  } satisfies Row;
}

async function submit(system: LocalSystem, priority = 'normal'): Promise<string> {
  const { status, body } = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description: '楼道灯不亮了', priority },
  });
  if (status !== 201) throw new Error(`submit failed: ${status} ${JSON.stringify(body)}`);
  await system.waitFor(String(body.id), 'AwaitLeader');
  return String(body.id);
}

async function act(system: LocalSystem, id: string, action: string, as: string, body?: unknown) {
  const { status } = await system.call('POST', `/requests/${id}/${action}`, {
    as,
    ...(body ? { body } : {}),
  });
  if (status !== 200) throw new Error(`${action} failed: ${status}`);
}

/** The goal for a reminder: the wait's timeout runs `Escalate`, `NextStep`, then the wait again. */
const REMINDER_TRANSITIONS_GOAL = 3;

async function lifecycleFigures(): Promise<{ rows: Row[]; perReminder: number }> {
  const system = await new LocalSystem(config!).start();
  const meter = new CapacityMeter(system.stack.deps.table.db);
  let perReminder = Number.NaN;
  try {
    const rows = [
      await measure(system, meter, 'happy path: submit → acknowledge → resolve → confirm', async () => {
        const id = await submit(system);
        await act(system, id, 'acknowledge', unitLeader);
        await system.waitFor(id, 'AwaitLeader');
        await act(system, id, 'resolve', unitLeader, { note: '已更换灯泡' });
        await system.waitFor(id, 'AwaitResident');
        await act(system, id, 'confirm', resident, { rating: 5 });
        await system.waitFor(id, 'Closed');
        return id;
      }),
      await measure(system, meter, 'submit → one escalation by timeout (unit → building)', async (mark) => {
        const id = await submit(system);
        await mark();
        await system.passDeadline(id);
        await system.waitFor(id, 'AwaitLeader');
        return id;
      }),
      await measure(system, meter, 'submit → reminder (the wait runs out at it)', async () => {
        const id = await submit(system);
        const before = system.workflow.transitionsOf(id);
        await system.passReminder(id);
        await system.waitFor(id, 'AwaitLeader');
        perReminder = system.workflow.transitionsOf(id) - before;
        return id;
      }),
      await measure(system, meter, 'submit → leader escalates explicitly (unit → building)', async (mark) => {
        const id = await submit(system);
        await mark();
        await act(system, id, 'escalate', unitLeader, { note: '需要物业协调' });
        await system.waitFor(id, 'AwaitLeader');
        return id;
      }),
      await measure(system, meter, 'submit → timeouts to the street → overdue', async () => {
        const id = await submit(system, 'urgent');
        for (let level = 0; level < 5; level++) {
          await system.passDeadline(id);
          await system.waitFor(id, 'AwaitLeader');
        }
        return id;
      }),
      await measure(system, meter, 'submit → resolve → resident silent → auto-confirm', async () => {
        const id = await submit(system);
        await act(system, id, 'resolve', unitLeader, { note: '已处理' });
        await system.waitFor(id, 'AwaitResident');
        await system.passDeadline(id);
        await system.waitFor(id, 'Closed');
        return id;
      }),
    ];
    return { rows, perReminder };
  } finally {
    await system.stop();
  }
}

async function bundleSizes(): Promise<{ handler: string; bytes: number }[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sanzhang-bundles-'));
  const entries = ['api', 'workflow', 'intake', 'scheduled'].flatMap((folder) =>
    readdirSync(path.join(REPOSITORY_ROOT, 'functions', folder)).map((file) => `functions/${folder}/${file}`),
  );
  try {
    return await Promise.all(
      entries.map(async (entry) => {
        const out = path.join(outdir, `${entry.replaceAll('/', '_')}.mjs`);
        await build({
          ...bundlingOptionsFor(config!),
          entryPoints: [path.join(REPOSITORY_ROOT, entry)],
          outfile: out,
        });
        return { handler: entry, bytes: statSync(out).size };
      }),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const { rows, perReminder } = await lifecycleFigures();
console.log('\nPer request (measured on DynamoDB Local and the synthesized state machine):\n');
console.table(
  rows.map((row) => ({
    scenario: row.scenario,
    'state transitions': row.transitions,
    'read units': Number(row.capacity.read.toFixed(1)),
    'write units': Number(row.capacity.write.toFixed(1)),
    'DynamoDB calls': row.capacity.calls,
    'SMS segments': row.smsSegments,
  })),
);
const rowOf = (scenario: string) => rows.find((row) => row.scenario.startsWith(scenario));
printSmsGoals({
  happyPath: rowOf('happy path')?.smsSegments ?? NaN,
  escalationByTimeout: rowOf('submit → one escalation by timeout')?.smsSegmentsAfterMark,
  escalationByLeader: rowOf('submit → leader escalates explicitly')?.smsSegmentsAfterMark,
});
await printBusyGridDay(config);
console.log(
  `\nState transitions per reminder (from the wait's timeout at the reminder to the next wait): ` +
    `${perReminder} (goal ≤ ${REMINDER_TRANSITIONS_GOAL})`,
);
const sizes = await bundleSizes();
console.log('\nLambda bundles (esbuild, minified ESM, AWS SDK bundled, as deployed):\n');
console.table(sizes.map(({ handler, bytes }) => ({ handler, 'size (KB)': Math.round(bytes / 1024) })));
