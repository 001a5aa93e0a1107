import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { DEMO_HOUSEHOLD_ID, DEMO_VACANT_UNIT_HOUSEHOLD_ID, demoNode } from '../../demo/lvyuan-district.js';
import type { ChainLink, HierarchyNode, Post } from '../../shared/domain/hierarchy.js';
import {
  actAsLeader,
  assignFirstLeader,
  attachHousehold,
  nextStep,
  submit,
} from '../../shared/domain/lifecycle.js';
import { SYSTEM, type Actor, type IntakeOrigin, type ServiceRequest } from '../../shared/domain/request.js';
import {
  dismissTriage,
  followCommunityPost,
  submitToTriage,
  triageOverdue,
  type TriageInput,
} from '../../shared/domain/triage.js';
import { ConflictError, ValidationError } from '../../shared/errors.js';
import { chainOf, config, district, household, shanghai } from '../support/fixtures.js';

const monday10 = shanghai('2026-11-23 10:00');
const at = (now: Date) => ({ config, now });
const minutesLater = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

const ID = 'R-TRIAGE-TEST01';
/** shortReference: the id's last six characters. */
const REF = 'TEST01';
const partner: Actor = { kind: 'partner', id: 'pt-property', name: '银融物业报修系统' };
const intake: IntakeOrigin = {
  partnerId: 'pt-property',
  channel: 'sanzhang',
  externalId: 'wo-1004',
  contactName: '李女士',
  addressGiven: '银融社区 99栋 9单元 909',
};

const yinrong = (): HierarchyNode => {
  const node = demoNode(district, 'cm-yinrong');
  if (!node?.post) throw new Error('the demo community 银融社区 should have a duty officer');
  return node;
};
const officer = (): Post => yinrong().post!;
const deputy: Post = { holderId: 'p-deputy', holderName: '代理值班员', holderPhone: '+8610000000077' };

function triageInput(overrides: Partial<TriageInput> = {}): TriageInput {
  return {
    id: ID,
    community: yinrong(),
    submittedBy: partner,
    category: 'repair',
    description: '小区门口路面塌陷',
    priority: 'normal',
    photos: [],
    contactPhone: '+8613912345678',
    intake,
    reason: 'no household matched',
    ...overrides,
  };
}

const triaged = (overrides: Partial<TriageInput> = {}, now = monday10) =>
  submitToTriage(triageInput(overrides), at(now));

/** A community staff member (the duty officer) who places requests, and when. */
const staff: Actor = { kind: 'staff', id: officer().holderId, name: officer().holderName };
const attachAt = minutesLater(monday10, 30);
/** 独居老人: the district's tag rules raise its requests to high. */
const ELDERLY_HOUSEHOLD_ID = 'hh-yinrong-2-2-2-102';

describe('submitToTriage: a request no household matched', () => {
  it('is stored in triage at the community level, with its community and street only', () => {
    const { request } = triaged();
    expect(request).toMatchObject({
      id: ID,
      status: 'triage',
      level: 'community',
      version: 1,
      ancestors: { street: 'st-qingnianlu', community: 'cm-yinrong' },
      address: '银融社区 99栋 9单元 909',
      residentPhone: '+8613912345678',
      intake,
      submittedBy: partner,
      category: 'repair',
      priority: 'normal',
      overdue: false,
      handlers: [],
      reopenCount: 0,
      createdAt: monday10.toISOString(),
      updatedAt: monday10.toISOString(),
      lastEvent: { event: 'triaged', actorId: partner.id },
    });
    expect(Object.keys(request.ancestors).sort()).toEqual(['community', 'street']);
    expect(request.householdId).toBeUndefined();
  });

  it('is held by the community’s duty officer', () => {
    expect(triaged().request.assignee).toEqual(officer());
  });

  it('is held by the deputy while the holder is away, or when the post is vacant', () => {
    const away = { ...yinrong(), post: { ...officer(), away: true }, deputy };
    expect(triaged({ community: away }).request.assignee).toEqual(deputy);
    const { post: _post, ...vacant } = { ...yinrong(), deputy };
    expect(triaged({ community: vacant }).request.assignee).toEqual(deputy);
  });

  it('is held by nobody when the post is vacant and there is no deputy, and the supervisors are texted at once', () => {
    const { post: _post, ...vacant } = yinrong();
    const { request, messages } = triaged({ community: vacant });
    expect(request.assignee).toBeUndefined();
    expect(messages).toEqual([
      expect.objectContaining({ to: { kind: 'supervisors' }, text: expect.stringContaining('未匹配到住户') }),
    ]);
  });

  it('has sla.triageMinutes on the service calendar to be placed', () => {
    expect(config.sla.triageMinutes).toBe(120);
    expect(triaged().request.deadline).toBe(shanghai('2026-11-23 12:00').toISOString());
    // Service hours end at 20:00: 30 minutes tonight, 90 tomorrow from 08:00.
    const evening = shanghai('2026-11-23 19:30');
    expect(triaged({}, evening).request.deadline).toBe(shanghai('2026-11-24 09:30').toISOString());
  });

  it('reads the triage time from the district config', () => {
    const quick = parseDistrictConfig(
      { ...lvyuan, sla: { ...lvyuan.sla, triageMinutes: 30 } },
      'quick triage',
    );
    const { request } = submitToTriage(triageInput(), { config: quick, now: monday10 });
    expect(request.deadline).toBe(shanghai('2026-11-23 10:30').toISOString());
  });

  it('runs an urgent request’s deadline on the wall clock, day and night', () => {
    const evening = shanghai('2026-11-23 19:30');
    const { request, messages } = triaged({ priority: 'urgent' }, evening);
    expect(request.deadline).toBe(shanghai('2026-11-23 21:30').toISOString());
    expect(messages[0]).toMatchObject({
      urgent: true,
      template: 'triageUrgent',
      params: ['紧急', REF, '维修', '11', '23', '21:30'],
    });
    expect(messages[0]!.text).toContain('[紧急]');
  });

  it('texts the holder with the triage template, naming the deadline', () => {
    const { messages } = triaged();
    expect(messages).toEqual([
      {
        key: `1#${officer().holderId}`,
        to: { kind: 'phone', phone: officer().holderPhone, personId: officer().holderId },
        template: 'triage',
        params: [REF, '维修', '11', '23', '12:00'],
        text: `【绿园三长】新诉求${REF}:维修,未匹配到住户,请于11月23日12:00前核实并分派。`,
        urgent: false,
        kind: 'triage',
        recipientRole: 'staff',
        place: { community: 'cm-yinrong', level: 'community' },
      },
    ]);
  });

  it('puts a “triaged” entry by the partner on the timeline, with the reason', () => {
    const { entry, awards } = triaged();
    expect(entry).toEqual({
      version: 1,
      at: monday10.toISOString(),
      event: 'triaged',
      actor: partner,
      level: 'community',
      assigneeId: officer().holderId,
      reason: 'no household matched',
    });
    expect(awards).toEqual([]);
  });

  it('keeps no phone or address when the form gave none', () => {
    const { contactPhone: _phone, ...withoutPhone } = triageInput();
    const { addressGiven: _address, ...bare } = intake;
    const { request } = submitToTriage({ ...withoutPhone, intake: bare }, at(monday10));
    expect(request.residentPhone).toBe('');
    expect(request.address).toBe('');
  });

  it('rejects a category the district does not have, naming the field', () => {
    let error: unknown;
    try {
      triaged({ category: 'ufo' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((problem) => problem.field)).toEqual(['category']);
  });

  it('waits for the staff until its deadline', () => {
    const { request } = triaged();
    expect(nextStep(request, monday10)).toEqual({ next: 'await-leader', version: 1, timeoutSeconds: 7200 });
    expect(nextStep(request, shanghai('2026-11-23 11:59')).timeoutSeconds).toBe(60);
    // Past the deadline: at least one second, as Step Functions needs.
    expect(nextStep(request, shanghai('2026-11-23 13:00')).timeoutSeconds).toBe(1);
  });
});

describe('triageOverdue: nobody placed it in time', () => {
  const deadline = shanghai('2026-11-23 12:00');

  it('flags it overdue, stays in triage with the same holder, and sets the next reminder', () => {
    const before = triaged().request;
    const { request } = triageOverdue(before, at(deadline));
    expect(request).toMatchObject({
      status: 'triage',
      level: 'community',
      overdue: true,
      assignee: officer(),
      version: 2,
      // Reminders run on the wall clock: overdueReminderMinutes (a day) later.
      deadline: shanghai('2026-11-24 12:00').toISOString(),
      lastEvent: before.lastEvent,
    });
    expect(nextStep(request, deadline)).toMatchObject({ next: 'await-leader', timeoutSeconds: 86_400 });
  });

  it('texts the supervisors, and records a “triage-overdue” entry by the system', () => {
    const { entry, messages } = triageOverdue(triaged().request, at(deadline));
    expect(entry).toMatchObject({
      version: 2,
      event: 'triage-overdue',
      actor: SYSTEM,
      level: 'community',
      reason: expect.stringMatching(/supervisors notified/),
    });
    expect(messages).toEqual([
      {
        key: '2#supervisors',
        to: { kind: 'supervisors' },
        template: 'triageOverdue',
        params: [REF, '维修'],
        text: `【绿园三长】诉求${REF}(维修)未匹配住户,社区超时未分派,请督办。`,
        urgent: true,
        kind: 'overdue',
        recipientRole: 'supervisors',
        place: { community: 'cm-yinrong', level: 'community' },
      },
    ]);
  });

  it('reminds again at the next deadline', () => {
    const first = triageOverdue(triaged().request, at(deadline)).request;
    const again = triageOverdue(first, at(new Date(first.deadline)));
    expect(again.request).toMatchObject({ status: 'triage', overdue: true, version: 3 });
    expect(again.messages[0]!.key).toBe('3#supervisors');
  });

  it('refuses a request that is not in triage', () => {
    const attached = attachHousehold(triaged().request, household(), chainOf(), staff, at(deadline)).request;
    expect(() => triageOverdue(attached, at(deadline))).toThrow(ConflictError);
    expect(() => triageOverdue(attached, at(deadline))).toThrow(/needs triage/);
  });
});

function attach(
  householdId = DEMO_HOUSEHOLD_ID,
  overrides: Partial<TriageInput> = {},
  chain: ChainLink[] = chainOf(householdId),
) {
  return attachHousehold(triaged(overrides).request, household(householdId), chain, staff, at(attachAt));
}

describe('dismissTriage: staff found it is none of the district’s', () => {
  it('closes it with their reason on the timeline and as its resolution, with no points and no SMS', () => {
    const before = triaged().request;
    const { request, entry, messages, awards } = dismissTriage(
      before,
      staff,
      '重复提交,已合并',
      at(monday10),
    );
    expect(request).toMatchObject({
      status: 'closed',
      closedBy: 'staff',
      resolution: { note: '重复提交,已合并', by: staff.id },
      lastEvent: { event: 'dismissed', actorId: staff.id },
    });
    expect(entry).toMatchObject({ event: 'dismissed', actor: staff, note: '重复提交,已合并' });
    expect(messages).toEqual([]);
    expect(awards).toEqual([]);
    expect(nextStep(request, monday10).next).toBe('closed');
  });

  it('refuses a request that is not in triage', () => {
    const attached = { ...triaged().request, status: 'assigned' as const };
    expect(() => dismissTriage(attached, staff, 'spam', at(monday10))).toThrow(ConflictError);
  });
});

describe('followCommunityPost: the community’s post changed hands', () => {
  const newOfficer: Post = {
    holderId: 'p-new-officer',
    holderName: '新值班员',
    holderPhone: '+8610000000088',
  };

  it('goes to whoever acts there now, with the same deadline, and texts them', () => {
    const before = triaged().request;
    const moved = followCommunityPost(before, { post: newOfficer }, 'the post changed hands', at(monday10));
    expect(moved?.request).toMatchObject({
      status: 'triage',
      assignee: newOfficer,
      deadline: before.deadline,
    });
    expect(moved?.entry).toMatchObject({ event: 'rerouted', reason: 'the post changed hands' });
    expect(moved?.messages).toEqual([
      expect.objectContaining({ to: expect.objectContaining({ personId: newOfficer.holderId }) }),
    ]);
  });

  it('goes to the deputy while the holder is away, and to the supervisors when nobody acts', () => {
    const before = triaged().request;
    const away = followCommunityPost(
      before,
      { post: { ...officer(), away: true }, deputy },
      'away',
      at(monday10),
    );
    expect(away?.request.assignee).toEqual(deputy);
    const nobody = followCommunityPost(before, {}, 'vacated', at(monday10));
    expect(nobody?.request.assignee).toBeUndefined();
    expect(nobody?.messages.map((message) => message.to)).toEqual([{ kind: 'supervisors' }]);
  });

  it('changes nothing when it is already with them, or no longer in triage', () => {
    const before = triaged().request;
    expect(followCommunityPost(before, yinrong(), 'same', at(monday10))).toBeUndefined();
    const attached = { ...before, status: 'assigned' as const };
    expect(followCommunityPost(attached, { post: newOfficer }, 'moved', at(monday10))).toBeUndefined();
  });
});

describe('attachHousehold: staff found whose request it is', () => {
  it('takes the household’s id, address and place, and goes to its unit leader', () => {
    const home = household();
    const unit = chainOf()[0]!.post!;
    const { request } = attach();
    expect(request).toMatchObject({
      householdId: DEMO_HOUSEHOLD_ID,
      address: home.address,
      ancestors: home.ancestors,
      status: 'assigned',
      level: 'unit',
      assignee: unit,
      overdue: false,
      version: 2,
      intake,
      lastEvent: { event: 'attached', actorId: staff.id },
    });
    expect(request.handlers).toEqual([
      { personId: unit.holderId, name: unit.holderName, level: 'unit', assignedAt: attachAt.toISOString() },
    ]);
  });

  it('starts fresh deadlines at the unit level from the moment it is attached', () => {
    const { request } = attach();
    expect(request.acknowledgeBy).toBe(shanghai('2026-11-23 12:30').toISOString());
    expect(request.deadline).toBe(request.acknowledgeBy);
    expect(request.resolveBy).toBe(shanghai('2026-11-25 10:30').toISOString());
    // The wait runs to the reminder at three quarters of the two hours, then to the deadline.
    expect(request.reminderAt).toBe(shanghai('2026-11-23 12:00').toISOString());
    expect(nextStep(request, attachAt)).toEqual({ next: 'await-leader', version: 2, timeoutSeconds: 5400 });
  });

  it('records an “attached” entry by the staff member and texts the unit leader', () => {
    const unit = chainOf()[0]!.post!;
    const { entry, messages } = attach();
    expect(entry).toMatchObject({
      version: 2,
      event: 'attached',
      actor: staff,
      level: 'unit',
      assigneeId: unit.holderId,
      reason: `attached to household ${DEMO_HOUSEHOLD_ID}`,
    });
    expect(messages).toEqual([
      {
        key: `2#${unit.holderId}`,
        to: { kind: 'phone', phone: unit.holderPhone, personId: unit.holderId },
        template: 'assigned',
        params: [REF, '维修', '11', '23', '12:30'],
        text: `【绿园三长】新诉求${REF}:维修,请于11月23日12:30前受理。`,
        urgent: false,
        kind: 'assignment',
        recipientRole: 'leader',
        place: { community: 'cm-yinrong', grid: 'gd-yinrong-1', building: 'bd-yinrong-1-3', level: 'unit' },
      },
    ]);
  });

  it('skips a vacant unit and goes to the building leader', () => {
    const { request, entry } = attach(DEMO_VACANT_UNIT_HOUSEHOLD_ID);
    expect(request.level).toBe('building');
    expect(request.assignee).toEqual(chainOf(DEMO_VACANT_UNIT_HOUSEHOLD_ID)[1]!.post);
    expect(entry.reason).toMatch(/skipped 1 vacant/);
  });

  it('raises the priority by the household’s tags (独居老人 → high), and the SLA with it', () => {
    expect(household(ELDERLY_HOUSEHOLD_ID).tags).toContain('独居老人');
    const { request, messages } = attach(ELDERLY_HOUSEHOLD_ID);
    expect(request.priority).toBe('high');
    // The high rule: an hour to acknowledge.
    expect(request.acknowledgeBy).toBe(shanghai('2026-11-23 11:30').toISOString());
    expect(messages[0]!.text).toContain('[较急]');
  });

  it('never lowers a priority the form gave', () => {
    expect(attach(ELDERLY_HOUSEHOLD_ID, { priority: 'urgent' }).request.priority).toBe('urgent');
    expect(attach(DEMO_HOUSEHOLD_ID, { priority: 'high' }).request.priority).toBe('high');
  });

  it('keeps the phone the form gave, else takes the household’s first resident’s', () => {
    expect(attach().request.residentPhone).toBe('+8613912345678');
    const { request } = attach(DEMO_HOUSEHOLD_ID, { contactPhone: undefined });
    expect(request.residentPhone).toBe(household().residents[0]!.phone);
  });

  it('clears the overdue flag of a triage that ran late', () => {
    const late = triageOverdue(triaged().request, at(shanghai('2026-11-23 12:00'))).request;
    const { request } = attachHousehold(
      late,
      household(),
      chainOf(),
      staff,
      at(shanghai('2026-11-23 13:00')),
    );
    expect(request).toMatchObject({ overdue: false, status: 'assigned', level: 'unit', version: 3 });
  });

  it('when every post up to the street is vacant: overdue at the street, nobody holds it, supervisors told', () => {
    const allVacant: ChainLink[] = chainOf().map(({ post: _post, ...link }) => link);
    const { request, entry, messages } = attach(DEMO_HOUSEHOLD_ID, {}, allVacant);
    expect(request).toMatchObject({
      householdId: DEMO_HOUSEHOLD_ID,
      ancestors: household().ancestors,
      status: 'assigned',
      level: 'street',
      overdue: true,
    });
    expect(request.assignee).toBeUndefined();
    // Recorded as the staff member's attach, so that their retry is answered as a repeat.
    expect(entry).toMatchObject({
      event: 'attached',
      actor: { kind: 'staff' },
      reason: expect.stringMatching(/no post is held/),
    });
    expect(request.lastEvent).toEqual({ event: 'attached', actorId: entry.actor.id });
    expect(messages.map((message) => message.to)).toEqual([{ kind: 'supervisors' }]);
  });

  it('then runs the usual lifecycle: the unit leader can acknowledge', () => {
    const { request } = attach();
    const unit: Actor = { kind: 'leader', id: request.assignee!.holderId };
    const acked = actAsLeader(request, unit, 'acknowledge', undefined, at(attachAt)).request;
    expect(acked.status).toBe('acknowledged');
  });

  it('refuses a request that is not in triage, even one attached already', () => {
    const once = attach().request;
    expect(() => attachHousehold(once, household(), chainOf(), staff, at(attachAt))).toThrow(ConflictError);
    const fromResident: ServiceRequest = assignFirstLeader(
      submit(
        {
          id: 'R-RESIDENT',
          household: household(),
          submittedBy: { kind: 'resident', id: household().residents[0]!.personId },
          category: 'repair',
          description: '单元门锁坏了',
          priority: 'normal',
          photos: [],
        },
        at(monday10),
      ).request,
      chainOf(),
      at(monday10),
    ).request;
    expect(() => attachHousehold(fromResident, household(), chainOf(), staff, at(attachAt))).toThrow(
      /Cannot attach request R-RESIDENT: it is assigned/,
    );
  });
});
