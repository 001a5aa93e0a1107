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
import { printBundleFigures } from './bundle-figures.js';

/**
 * The figures a district's bill depends on, measured on the local stack: Step Functions state
 * transitions, DynamoDB capacity units (as DynamoDB Local reports them) and SMS segments per
 * scenario; and each deployed Lambda bundle against its floor (bin/bundle-figures.ts).
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
}

async function measure(
  system: LocalSystem,
  meter: CapacityMeter,
  scenario: string,
  run: () => Promise<string>,
) {
  meter.take();
  const sentBefore = system.outbox.length;
  const id = await run();
  // SMS go out through the table's stream and the notifications topic, after the call that caused them.
  await system.streamHandled();
  return {
    scenario,
    transitions: system.workflow.transitionsOf(id),
    capacity: meter.take(),
    smsSegments: system.outbox.slice(sentBefore).reduce((sum, message) => sum + smsSegments(message.text), 0),
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
      await measure(system, meter, 'submit → one escalation by timeout (unit → building)', async () => {
        const id = await submit(system);
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
      await measure(system, meter, 'submit → leader escalates explicitly (unit → building)', async () => {
        const id = await submit(system);
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

async function printLifecycleFigures() {
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
  console.log(
    `\nState transitions per reminder (from the wait's timeout at the reminder to the next wait): ` +
      `${perReminder} (goal ≤ ${REMINDER_TRANSITIONS_GOAL})`,
  );
}

// `npm run bench -- --bundles`: the bundle figures alone.
if (!process.argv.includes('--bundles')) await printLifecycleFigures();
await printBundleFigures(config);
