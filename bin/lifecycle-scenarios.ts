import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DistrictConfig } from '../shared/config/district-config.js';
import {
  DEMO_HOUSEHOLD_ID,
  demoChainOf,
  demoHousehold,
  lvyuanDemoDistrict,
} from '../demo/lvyuan-district.js';
import { smsSegments } from '../shared/domain/sms.js';
import { CapacityMeter } from '../local/capacity-meter.js';
import { scheduledHandler } from '../local/local-stack.js';
import { LocalSystem } from '../local/local-system.js';
import type { UsageMeter } from '../local/usage-meter.js';
import { addWork, NO_WORK, type Work } from './cost-model.js';
import { scheduledFunctions } from '../local/synthesized-template.js';
import { readersOf } from '../shared/store/notice-store.js';
import { demoGrid } from './busy-grid.js';
import { notificationsSettled } from './busy-grid-run.js';

/**
 * The request scenarios the benchmarks measure on the local system (DynamoDB Local, the
 * synthesized state machine, the topic and its queues): `npm run bench` prints their state
 * transitions, capacity units and SMS segments, and `npm run cost` turns the same runs, with a
 * usage meter, into a month's bill.
 */

export type ScenarioKey =
  | 'happyPath'
  | 'timeout'
  | 'reminder'
  | 'leader'
  | 'street'
  | 'autoConfirm'
  | 'view'
  | 'notice'
  | 'scheduled';

/** The grid the notice scenario posts to (the busy grid's). */
export const NOTICE_GRID = 'gd-yinrong-1';

export interface ScenarioRow {
  key: ScenarioKey;
  scenario: string;
  whole: Work;
  /** The part after the scenario's mark (after the submit: what one escalation or reminder adds), and before it. */
  afterMark?: Work;
  beforeMark?: Work;
}

/** How long each wait of the happy path's request lasts at most, from its deadlines (ms of wall time). */
export interface Windows {
  acknowledge: number;
  resolve: number;
  /** The resident's wait before the request confirms itself. */
  confirm: number;
}

const district = lvyuanDemoDistrict();
const household = demoHousehold(district, DEMO_HOUSEHOLD_ID);
const resident = household?.residents[0]?.personId ?? '';
const [unitLeader = ''] = demoChainOf(district, DEMO_HOUSEHOLD_ID).map((link) => link.post?.holderId ?? '');

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

/** How long from now until the request's current deadline (the clock stands still in the scenarios). */
async function untilDeadline(system: LocalSystem, id: string): Promise<number> {
  const { deadline } = await system.request(id);
  return Date.parse(String(deadline)) - system.clock.now().getTime();
}

export interface ScenarioResults {
  rows: ScenarioRow[];
  windows: Windows;
  /** Leaders the notice scenario's notice reached. */
  noticeRecipients: number;
  /** One run of each scheduled function on the idle system, by its logical id. */
  scheduledRuns: Map<string, Work>;
  /** The synthesized template the system ran. */
  template: Record<string, unknown>;
}

/** Runs every scenario on a fresh local system, each measured on its own. */
export async function runLifecycleScenarios(
  config: DistrictConfig,
  meter?: UsageMeter,
): Promise<ScenarioResults> {
  const system = await new LocalSystem(config, meter ? { meter } : {}).start();
  const capacity = new CapacityMeter(system.stack.deps.table.db);
  const windows: Windows = { acknowledge: NaN, resolve: NaN, confirm: NaN };
  let noticeRecipients = 0;

  async function figuresSince(
    from: { sent: number; transitions: number; archived: number; archiveBytes: number; bytes: number },
    id: string,
  ) {
    await notificationsSettled(system);
    return {
      transitions: system.workflow.transitionsOf(id) - from.transitions,
      capacity: capacity.take(),
      smsSegments: system.outbox
        .slice(from.sent)
        .reduce((sum, message) => sum + smsSegments(message.text), 0),
      archivePuts: system.stack.archive.documents.size - from.archived,
      archiveBytes: archiveBytes(system) - from.archiveBytes,
      storedBytes: (await tableBytes(system)) - from.bytes,
      usage: meter?.take() ?? NO_WORK.usage,
    } satisfies Work;
  }

  const point = async (id = '') => ({
    sent: system.outbox.length,
    transitions: id ? system.workflow.transitionsOf(id) : 0,
    archived: system.stack.archive.documents.size,
    archiveBytes: archiveBytes(system),
    bytes: await tableBytes(system),
  });

  async function measure(
    key: ScenarioKey,
    scenario: string,
    run: (mark: (id: string) => Promise<void>) => Promise<string>,
  ): Promise<ScenarioRow> {
    await notificationsSettled(system);
    capacity.take();
    meter?.take();
    const start = await point();
    let beforeMark: Work | undefined;
    let marked: Awaited<ReturnType<typeof point>> | undefined;
    const id = await run(async (requestId) => {
      beforeMark = await figuresSince(start, requestId);
      marked = await point(requestId);
    });
    const last = await figuresSince(marked ?? start, id);
    if (!beforeMark || !marked) return { key, scenario, whole: last };
    return { key, scenario, whole: addWork(beforeMark, last), afterMark: last, beforeMark };
  }

  try {
    const rows = [
      await measure('happyPath', 'happy path: submit → acknowledge → resolve → confirm', async () => {
        const id = await submit(system);
        windows.acknowledge = await untilDeadline(system, id);
        await act(system, id, 'acknowledge', unitLeader);
        await system.waitFor(id, 'AwaitLeader');
        windows.resolve = await untilDeadline(system, id);
        await act(system, id, 'resolve', unitLeader, { note: '已更换灯泡' });
        await system.waitFor(id, 'AwaitResident');
        windows.confirm = (system.workflow.waitingOn(id)?.timeoutSeconds ?? NaN) * 1000;
        await act(system, id, 'confirm', resident, { rating: 5 });
        await system.waitFor(id, 'Closed');
        return id;
      }),
      await measure('timeout', 'submit → one escalation by timeout (unit → building)', async (mark) => {
        const id = await submit(system);
        await mark(id);
        await system.passDeadline(id);
        await system.waitFor(id, 'AwaitLeader');
        return id;
      }),
      await measure('reminder', 'submit → reminder (the wait runs out at it)', async (mark) => {
        const id = await submit(system);
        await mark(id);
        await system.passReminder(id);
        await system.waitFor(id, 'AwaitLeader');
        return id;
      }),
      await measure('leader', 'submit → leader escalates explicitly (unit → building)', async (mark) => {
        const id = await submit(system);
        await mark(id);
        await act(system, id, 'escalate', unitLeader, { note: '需要物业协调' });
        await system.waitFor(id, 'AwaitLeader');
        return id;
      }),
      await measure('street', 'submit → timeouts to the street → overdue', async () => {
        const id = await submit(system, 'urgent');
        for (let level = 0; level < 5; level++) {
          await system.passDeadline(id);
          await system.waitFor(id, 'AwaitLeader');
        }
        return id;
      }),
      await measure('autoConfirm', 'submit → resolve → resident silent → auto-confirm', async () => {
        const id = await submit(system);
        await act(system, id, 'resolve', unitLeader, { note: '已处理' });
        await system.waitFor(id, 'AwaitResident');
        await system.passDeadline(id);
        await system.waitFor(id, 'Closed');
        return id;
      }),
      await measure('view', 'a leader opens a request (GET /requests/{id})', async (mark) => {
        const id = await submit(system);
        await mark(id);
        const { status } = await system.call('GET', `/requests/${id}`, { as: unitLeader });
        if (status !== 200) throw new Error(`view failed: ${status}`);
        return id;
      }),
      await measure('notice', 'a notice to a grid, then one leader reads it', async (mark) => {
        const [poster = '', reader = ''] = demoGrid(district, NOTICE_GRID).leaders;
        const { status, body } = await system.call('POST', '/notices', {
          as: poster,
          headers: { 'idempotency-key': `cost-${Date.now()}` },
          body: {
            place: NOTICE_GRID,
            title: '明日停水通知',
            body: '因管网维修,明日8:00至12:00本网格停水。',
            urgent: false,
          },
        });
        if (status !== 201) throw new Error(`notice failed: ${status} ${JSON.stringify(body)}`);
        const id = String(body.id);
        await mark(id);
        const read = await system.call('POST', `/notices/${id}/read`, { as: reader });
        if (read.status !== 200) throw new Error(`read failed: ${read.status}`);
        // Read by the driver's own client: not the system's work.
        noticeRecipients = (await readersOf(system.observer, id)).length;
        return id;
      }),
    ];
    const scheduledRuns = new Map<string, Work>();
    for (const { functionLogicalId } of scheduledFunctions(system.stack.template)) {
      const handler = scheduledHandler(functionLogicalId);
      // The scheduler's event carries nothing the handlers read.
      const run = () => handler({});
      const row = await measure('scheduled', functionLogicalId, async () => {
        await (meter ? meter.invoke(functionLogicalId, run) : run());
        return '';
      });
      scheduledRuns.set(functionLogicalId, row.whole);
    }
    return { rows, windows, noticeRecipients, scheduledRuns, template: system.stack.template };
  } finally {
    await system.stop();
  }
}

async function tableBytes(system: LocalSystem): Promise<number> {
  const { Table } = await system.observer.db.send(
    new DescribeTableCommand({ TableName: system.stack.deps.table.name }),
  );
  return Table?.TableSizeBytes ?? 0;
}

function archiveBytes(system: LocalSystem): number {
  return [...system.stack.archive.documents.values()].reduce((sum, text) => sum + Buffer.byteLength(text), 0);
}
