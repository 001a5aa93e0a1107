import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { Dependencies } from '../shared/runtime/dependencies.js';
import type { ServiceRequest } from '../shared/domain/request.js';
import { smsSegments } from '../shared/domain/sms.js';
import { getRequest } from '../shared/store/request-store.js';
import { LocalSystem } from '../local/local-system.js';
import {
  isNoticeTemplate,
  leaderActsAt,
  wakingTime,
  type BusyGridPlan,
  type PlannedRequest,
  type SentSms,
} from './busy-grid.js';

/**
 * Plays a planned day of a busy grid (bin/busy-grid.ts) on the local system in virtual time: the
 * clock jumps from one event to the next (a request raised, a leader acting, a wait running out, a
 * notice posted or read, a sweep), waits expire when the clock passes them as in Step Functions,
 * and every SMS is recorded with the virtual time it went out. It follows the day's requests until
 * they are done or the horizon is reached.
 */

export interface BusyGridRunOptions {
  /** When people sleep (the plan's night): leaders act on non-urgent requests after it. */
  night: { start: string; end: string };
  /** Nothing after this is played. */
  horizon: Date;
  /** What runs on a schedule in the deployment (the release of held messages, the notices' sweep), every `sweepMinutes`. */
  sweeps: readonly ((deps: Dependencies) => Promise<unknown>)[];
  sweepMinutes: number;
}

interface Tracked {
  plan: PlannedRequest;
  id: string;
  token?: string;
  /** Bumped whenever what the request waits for changes: events planned before are stale. */
  generation: number;
  /** What the planned action answers (status, level, holder): it is planned once per such state. */
  actionFor?: string;
  /** The levels that have held it, in order: the first `ignoredBy` let their wait time out. */
  levels: string[];
}

interface Event {
  at: number;
  order: number;
  /**
   * Whether it is the day's work (a request, an action, a notice, a leader's wait running out);
   * once none is left, the scheduled sweeps run one more day (a release of what the night held) and the run ends.
   */
  work: boolean;
  run: () => Promise<void>;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * Waits until what was written so far has gone all the way: the table's stream (new messages are
 * published), the topic's queues (the SMS are sent), and the stream once more for what those wrote
 * (a digest is a new message).
 */
export async function notificationsSettled(system: LocalSystem): Promise<void> {
  for (let pass = 0; pass < 2; pass++) {
    await system.streamHandled();
    await system.stack.notifications.drained();
  }
}

export async function runBusyGridDay(
  config: DistrictConfig,
  plan: BusyGridPlan,
  options: BusyGridRunOptions,
): Promise<{ sent: SentSms[]; noticeRecipients: number }> {
  const system = await new LocalSystem(config).start();
  const timeZone = config.district.timeZone;
  const sent: SentSms[] = [];
  const events: Event[] = [];
  const noticeIds: { id: string; from: string }[] = [];
  let order = 0;
  const schedule = (at: number, run: () => Promise<void>, work = true) =>
    events.push({ at, order: order++, work, run });
  const now = () => system.clock.now().getTime();

  // The demo district's own notices, posted the day before the system starts, have SMS due at once
  // and reminders to come: released here and left out, so the figures are the day's alone.
  for (const sweep of options.sweeps) await sweep(system.stack.deps);
  await notificationsSettled(system);
  let seen = system.outbox.length;
  const titles = plan.notices.map((notice) => notice.title);
  const ofTheDay = (message: { template: string; text: string }) =>
    !isNoticeTemplate(message.template) || titles.some((title) => message.text.includes(title));

  /** Everything the last event set going has run: the table's stream and the notifications it feeds. */
  async function settled(): Promise<void> {
    await notificationsSettled(system);
    const fresh = system.outbox.slice(seen);
    seen += fresh.length;
    for (const message of fresh.filter(ofTheDay)) {
      const [requests = '0', notices = '0'] = message.params;
      sent.push({
        to: message.to,
        template: message.template,
        segments: smsSegments(message.text),
        at: message.at,
        // The digest's parameters are how many requests and notices it stands for.
        ...(message.template === 'digest'
          ? { merged: { others: Number(requests), notices: Number(notices) } }
          : {}),
      });
    }
  }

  /** Waits until the request waits on something new (or its execution ended), then plans what follows. */
  async function advance(request: Tracked): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const waiting = system.workflow.waitingOn(request.id);
      if (waiting && waiting.token !== request.token) {
        const stored = await getRequest(system.observer, request.id);
        if (stored?.taskToken === waiting.token) {
          request.token = waiting.token;
          request.generation += 1;
          planNext(request, waiting, stored.request);
          return;
        }
      }
      if (!waiting) {
        const done = await Promise.race([
          system.workflow.finished(request.id).then(() => true),
          sleep(25).then(() => false),
        ]);
        if (done) return;
      }
      if (system.failures.length > 0)
        throw new Error(`workflow failed: ${String(system.failures[0]?.error)}`);
      if (attempt > 400) throw new Error(`request ${request.id} never waited again`);
      await sleep(25);
    }
  }

  /** The request's next events: its wait running out, and what the plan has its holder or resident do. */
  function planNext(
    request: Tracked,
    waiting: { state: string; timeoutSeconds?: number },
    stored: ServiceRequest,
  ): void {
    const generation = request.generation;
    /** The wait's timeout holds while the request waits on this wait. */
    const current = (run: () => Promise<void>) => async () => {
      if (request.generation === generation) await run();
    };
    if (waiting.timeoutSeconds !== undefined) {
      schedule(
        now() + waiting.timeoutSeconds * 1000,
        current(async () => {
          if (!system.workflow.expireWait(request.id))
            throw new Error(`request ${request.id} is not waiting`);
          await advance(request);
        }),
        // The resident's silence auto-confirms days later and texts nobody: not the day's work.
        waiting.state !== 'AwaitResident',
      );
    }
    const { status, level } = stored;
    const holder = stored.assignee?.holderId;
    const actionFor = `${status}:${level}:${holder ?? ''}`;
    if (actionFor === request.actionFor) return;
    request.actionFor = actionFor;
    /** An action holds while the request is in the state it answers (a reminder between changes nothing). */
    const still = (run: () => Promise<void>) => async () => {
      if (request.actionFor === actionFor) await run();
    };
    const due = new Date(stored.deadline);
    const urgent = stored.priority === 'urgent';
    if (waiting.state === 'AwaitLeader' && holder && (status === 'assigned' || status === 'acknowledged')) {
      if (!request.levels.includes(level)) request.levels.push(level);
      if (request.levels.length <= request.plan.ignoredBy) return;
      const acknowledge = status === 'assigned';
      const share = acknowledge ? request.plan.acknowledgeShare : request.plan.resolveShare;
      const at = leaderActsAt({
        now: system.clock.now(),
        due,
        share,
        urgent,
        night: options.night,
        timeZone,
      });
      schedule(
        at.getTime(),
        still(async () => {
          await act(
            request,
            acknowledge ? 'acknowledge' : 'resolve',
            holder,
            acknowledge ? {} : { note: '已处理' },
          );
        }),
      );
    } else if (waiting.state === 'AwaitResident' && request.plan.confirmAfterMinutes !== undefined) {
      const at = wakingTime(
        new Date(now() + request.plan.confirmAfterMinutes * MINUTE_MS),
        options.night,
        timeZone,
      );
      schedule(
        at.getTime(),
        still(() => act(request, 'confirm', request.plan.residentId, { rating: 5 })),
      );
    }
  }

  async function act(request: Tracked, action: string, as: string, body: unknown): Promise<void> {
    const { status, body: answer } = await system.call('POST', `/requests/${request.id}/${action}`, {
      as,
      body,
    });
    if (status !== 200)
      throw new Error(`${action} of ${request.id} by ${as}: ${status} ${JSON.stringify(answer)}`);
    await advance(request);
  }

  try {
    for (const planned of plan.requests) {
      schedule(planned.at.getTime(), async () => {
        const { status, body } = await system.call('POST', '/requests', {
          as: planned.residentId,
          body: { category: planned.category, description: planned.description, priority: planned.priority },
        });
        if (status !== 201) throw new Error(`submit failed: ${status} ${JSON.stringify(body)}`);
        await notificationsSettled(system);
        await advance({ plan: planned, id: String(body.id), generation: 0, levels: [] });
      });
    }
    for (const notice of plan.notices) {
      schedule(notice.at.getTime(), async () => {
        const { status, body } = await system.call('POST', '/notices', {
          as: notice.from,
          headers: { 'idempotency-key': randomUUID() },
          body: { place: notice.place, title: notice.title, body: notice.body, urgent: notice.urgent },
        });
        if (status !== 201) throw new Error(`notice failed: ${status} ${JSON.stringify(body)}`);
        noticeIds.push({ id: String(body.id), from: notice.from });
        for (const read of notice.reads) {
          schedule(now() + read.afterMinutes * MINUTE_MS, async () => {
            const answer = await system.call('POST', `/notices/${String(body.id)}/read`, {
              as: read.personId,
            });
            if (answer.status !== 200)
              throw new Error(`read failed: ${answer.status} ${JSON.stringify(answer.body)}`);
          });
        }
      });
    }
    const first = Math.min(...events.map((event) => event.at));
    for (let at = first; at <= options.horizon.getTime(); at += options.sweepMinutes * MINUTE_MS) {
      schedule(
        at,
        async () => {
          for (const sweep of options.sweeps) await sweep(system.stack.deps);
        },
        false,
      );
    }
    let lastWork = now();
    for (;;) {
      events.sort((a, b) => a.at - b.at || a.order - b.order);
      const next = events.shift();
      if (!next || next.at > options.horizon.getTime()) break;
      if (!next.work && !events.some((event) => event.work) && next.at > lastWork + DAY_MS) break;
      if (next.at > now()) system.clock.set(new Date(next.at));
      if (next.work) lastWork = next.at;
      await next.run();
      await settled();
    }
    let noticeRecipients = 0;
    for (const { id, from } of noticeIds) {
      const { body } = await system.call('GET', `/notices/${id}`, { as: from });
      noticeRecipients += Number(body.recipientCount ?? 0);
    }
    return { sent, noticeRecipients };
  } finally {
    await system.stop();
  }
}
