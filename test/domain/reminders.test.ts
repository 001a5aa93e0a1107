import { describe, expect, it } from 'vitest';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import { validateDistrictConfig } from '../../shared/config/district-config.js';
import {
  actAsLeader,
  assignFirstLeader,
  escalate,
  nextStep,
  remind,
  submit,
} from '../../shared/domain/lifecycle.js';
import { isReminderDue, reminderTime } from '../../shared/domain/reminders.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';

const monday10 = shanghai('2026-11-23 10:00');
const at = (now: Date) => ({ config, now });
const minutesLater = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

function assigned(priority: 'normal' | 'urgent' = 'normal', now = monday10): ServiceRequest {
  const resident = { kind: 'resident' as const, id: household().residents[0]!.personId };
  const request = submit(
    {
      id: 'R-REMIND-1',
      household: household(),
      submittedBy: resident,
      category: 'repair',
      description: '楼道灯不亮了',
      priority,
      photos: [],
    },
    at(now),
  ).request;
  return assignFirstLeader(request, chainOf(), at(now)).request;
}

const leader = (request: ServiceRequest) => ({ kind: 'leader' as const, id: request.assignee!.holderId });

describe('reminderTime: when the holder of a wait is reminded', () => {
  it('is the share of an urgent wait on the wall clock', () => {
    const deadline = minutesLater(monday10, 15);
    expect(reminderTime({ start: monday10, deadline, share: 0.5, priority: 'urgent', config })).toEqual(
      minutesLater(monday10, 7.5),
    );
  });

  it('is the share of the service time of a normal wait, so a wait across the night is not reminded in it', () => {
    // 30 minutes of service on Monday evening and 90 on Tuesday morning (08:00–20:00).
    const start = shanghai('2026-11-23 19:30');
    const deadline = shanghai('2026-11-24 09:30');
    expect(reminderTime({ start, deadline, share: 0.75, priority: 'normal', config })).toEqual(
      shanghai('2026-11-24 09:00'),
    );
    // On the wall clock three quarters of the 14 hours would be 06:00, in the night.
    expect(reminderTime({ start, deadline, share: 0.75, priority: 'urgent', config })).toEqual(
      shanghai('2026-11-24 06:00'),
    );
  });

  it('is none with a share of 0, within a minute of the deadline, or not after the start', () => {
    const deadline = minutesLater(monday10, 120);
    expect(reminderTime({ start: monday10, deadline, share: 0, priority: 'normal', config })).toBeUndefined();
    const soon = new Date(monday10.getTime() + 100_000);
    // Half of 100 seconds leaves 50 seconds: not worth a message before the escalation.
    expect(
      reminderTime({ start: monday10, deadline: soon, share: 0.5, priority: 'urgent', config }),
    ).toBeUndefined();
    expect(
      reminderTime({ start: monday10, deadline: monday10, share: 0.5, priority: 'urgent', config }),
    ).toBeUndefined();
    const twoMinutes = minutesLater(monday10, 2);
    expect(
      reminderTime({ start: monday10, deadline: twoMinutes, share: 0.5, priority: 'urgent', config }),
    ).toEqual(minutesLater(monday10, 1));
  });
});

describe('sla.reminders in the district config', () => {
  const withReminders = (reminders: unknown) =>
    validateDistrictConfig({ ...lvyuan, sla: { ...lvyuan.sla, reminders } });

  it('defaults every share to three quarters', () => {
    const { reminders: _demo, ...sla } = lvyuan.sla;
    const { config: parsed } = validateDistrictConfig({ ...lvyuan, sla });
    expect(parsed?.sla.reminders).toEqual({
      normal: { acknowledge: 0.75, resolve: 0.75 },
      high: { acknowledge: 0.75, resolve: 0.75 },
      urgent: { acknowledge: 0.75, resolve: 0.75 },
    });
    expect(withReminders({ urgent: { resolve: 0 } }).config?.sla.reminders.urgent).toEqual({
      acknowledge: 0.75,
      resolve: 0,
    });
  });

  it('refuses a share of 1 or more, or below 0, naming the field', () => {
    expect(withReminders({ normal: { acknowledge: 1 } }).problems).toEqual([
      expect.stringMatching(/^sla\.reminders\.normal\.acknowledge: /),
    ]);
    expect(withReminders({ high: { resolve: -0.1 } }).problems).toEqual([
      expect.stringMatching(/^sla\.reminders\.high\.resolve: /),
    ]);
    expect(withReminders({ low: { resolve: 0.5 } }).problems).toHaveLength(1);
  });
});

describe('the reminder of a wait, set by the change that starts it', () => {
  it('assignment: three quarters of the two hours to acknowledge (the demo’s normal share)', () => {
    const request = assigned();
    expect(request.reminderAt).toBe(shanghai('2026-11-23 11:30').toISOString());
    expect(nextStep(request, monday10).timeoutSeconds).toBe(90 * 60);
  });

  it('acknowledgement: the resolve share of the time left to resolve, on the service clock', () => {
    const acknowledgedAt = shanghai('2026-11-23 10:20');
    const { request } = actAsLeader(
      assigned(),
      leader(assigned()),
      'acknowledge',
      undefined,
      at(acknowledgedAt),
    );
    // 1,420 service minutes from 10:20 to Wednesday 10:00; 0.8 of them is Tuesday 17:16.
    expect(request.deadline).toBe(shanghai('2026-11-25 10:00').toISOString());
    expect(request.reminderAt).toBe(shanghai('2026-11-24 17:16').toISOString());
  });

  it('escalation: the new holder’s own window', () => {
    const escalatedAt = minutesLater(monday10, 121);
    const { request } = escalate(assigned(), chainOf(), at(escalatedAt));
    expect(request.level).toBe('building');
    expect(request.reminderAt).toBe(minutesLater(escalatedAt, 90).toISOString());
  });

  it('none for a wait nobody is reminded of: the resident’s, or a request the leader asked to escalate', () => {
    const request = assigned();
    const resolved = actAsLeader(
      request,
      leader(request),
      'resolve',
      '修好了',
      at(minutesLater(monday10, 5)),
    );
    expect(resolved.request).not.toHaveProperty('reminderAt');
    const escalating = actAsLeader(
      request,
      leader(request),
      'escalate',
      undefined,
      at(minutesLater(monday10, 5)),
    );
    expect(escalating.request).not.toHaveProperty('reminderAt');
  });
});

describe('remind', () => {
  const reminderAt = shanghai('2026-11-23 11:30');

  it('before the reminder time, or past the deadline, does nothing', () => {
    const request = assigned();
    expect(remind(request, at(minutesLater(reminderAt, -1)))).toBeUndefined();
    expect(isReminderDue(request, new Date(request.deadline))).toBe(false);
    expect(remind(request, at(new Date(request.deadline)))).toBeUndefined();
  });

  it('texts the holder once, on the timeline, and leaves the deadline where it was', () => {
    const before = assigned();
    const now = minutesLater(reminderAt, 0.5);
    const transition = remind(before, at(now))!;

    expect(transition.request).not.toHaveProperty('reminderAt');
    expect(transition.request).toMatchObject({
      version: before.version + 1,
      status: 'assigned',
      deadline: before.deadline,
      acknowledgeBy: before.acknowledgeBy,
    });
    expect(transition.entry).toMatchObject({ event: 'reminded', actor: { kind: 'system' }, level: 'unit' });
    expect(transition.messages).toEqual([
      expect.objectContaining({
        key: `${before.version + 1}#${before.assignee!.holderId}`,
        to: { kind: 'phone', phone: before.assignee!.holderPhone, personId: before.assignee!.holderId },
        template: 'reminder',
        urgent: false,
      }),
    ]);
    expect(transition.messages[0]!.text).toMatch(
      /^【绿园三长】诉求[A-Z0-9-]{6}\(维修\)将于11月23日12:00超时,请尽快处理。$/,
    );
    expect(remind(transition.request, at(now))).toBeUndefined();
    // The rest of the wait runs to the stored deadline.
    expect(nextStep(transition.request, now).timeoutSeconds).toBe(29 * 60 + 30);
  });

  it('marks an urgent request’s reminder, which quiet hours do not hold', () => {
    const before = assigned('urgent');
    // Urgent: 15 minutes to acknowledge, reminded at half of them (the demo's urgent share).
    expect(before.reminderAt).toBe(minutesLater(monday10, 7.5).toISOString());
    const [message] = remind(before, at(minutesLater(monday10, 8)))!.messages;
    expect(message).toMatchObject({
      template: 'reminderUrgent',
      urgent: true,
      params: ['紧急', expect.any(String), '维修', '11', '23', '10:15'],
    });
  });
});
