import { describe, expect, it } from 'vitest';
import { DEMO_VACANT_UNIT_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import {
  actAsLeader,
  actAsResident,
  assignFirstLeader,
  autoConfirm,
  escalate,
  nextStep,
  reroute,
  submit,
  type Transition,
} from '../../shared/domain/lifecycle.js';
import type { ChainLink } from '../../shared/domain/hierarchy.js';
import type { Actor, ServiceRequest } from '../../shared/domain/request.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';

const monday10 = shanghai('2026-11-23 10:00');
const at = (now: Date) => ({ config, now });
const resident: Actor = { kind: 'resident', id: household().residents[0]!.personId };

function submitted(householdId?: string, priority: 'normal' | 'urgent' = 'normal'): ServiceRequest {
  return submit(
    {
      id: 'R1',
      household: household(householdId),
      submittedBy: resident,
      category: 'repair',
      description: '单元门锁坏了',
      priority,
      photos: [],
    },
    at(monday10),
  ).request;
}

const leaderOf = (request: ServiceRequest): Actor => ({ kind: 'leader', id: request.assignee!.holderId });
const minutesLater = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);

describe('submission', () => {
  it('stores the request unrouted, at version 1, with a submitted entry', () => {
    const request = submitted();
    expect(request).toMatchObject({ status: 'submitted', version: 1, handlers: [], overdue: false });
    expect(nextStep(request, monday10).next).toBe('escalate');
  });

  it('rejects a category the district does not have, naming the field', () => {
    expect(() =>
      submit(
        {
          id: 'R',
          household: household(),
          submittedBy: resident,
          category: 'ufo',
          description: 'x',
          priority: 'normal',
          photos: [],
        },
        at(monday10),
      ),
    ).toThrow(ValidationError);
  });
});

describe('routing and escalation', () => {
  it('routes to the unit leader with the SLA deadline of the unit level and texts them', () => {
    const { request, entry, messages } = assignFirstLeader(submitted(), chainOf(), at(monday10));
    expect(request.status).toBe('assigned');
    expect(request.level).toBe('unit');
    expect(request.assignee?.holderId).toBe(chainOf()[0]!.post!.holderId);
    expect(request.deadline).toBe(shanghai('2026-11-23 12:00').toISOString());
    expect(entry).toMatchObject({ event: 'assigned', version: 2, level: 'unit' });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/^【绿园三长】新诉求/);
  });

  it('skips a vacant unit and says so on the timeline', () => {
    const chain = chainOf(DEMO_VACANT_UNIT_HOUSEHOLD_ID);
    const { request, entry } = assignFirstLeader(
      submitted(DEMO_VACANT_UNIT_HOUSEHOLD_ID),
      chain,
      at(monday10),
    );
    expect(request.level).toBe('building');
    expect(entry.reason).toMatch(/skipped 1 vacant/);
  });

  it('climbs unit → building → grid → community → street, then stays at the street, overdue', () => {
    let transition: Transition = assignFirstLeader(submitted(), chainOf(), at(monday10));
    const levels = [transition.request.level];
    let now = monday10;
    for (let step = 0; step < 4; step++) {
      now = new Date(transition.request.deadline);
      transition = escalate(transition.request, chainOf(), at(now));
      levels.push(transition.request.level);
      expect(transition.entry.event).toBe('escalated');
      expect(transition.entry.reason).toMatch(/missed the deadline/);
    }
    expect(levels).toEqual(['unit', 'building', 'grid', 'community', 'street']);
    const top = escalate(transition.request, chainOf(), at(new Date(transition.request.deadline)));
    expect(top.request).toMatchObject({ level: 'street', overdue: true, status: 'assigned' });
    expect(top.entry.event).toBe('overdue');
    expect(top.messages[0]!.to).toEqual({ kind: 'supervisors' });
    expect(nextStep(top.request, now).next).toBe('await-leader');
  });

  it('flags a request overdue at once when every post up to the street is vacant', () => {
    const allVacant: ChainLink[] = chainOf().map(({ post: _post, ...link }) => link);
    const { request, entry } = assignFirstLeader(submitted(), allVacant, at(monday10));
    expect(request).toMatchObject({ level: 'street', overdue: true });
    expect(request.assignee).toBeUndefined();
    expect(entry.reason).toMatch(/no post is held/);
  });

  it('puts a timed-out leader on record (for the breached-SLA deduction), but not one who asked to escalate', () => {
    const assigned = assignFirstLeader(submitted(), chainOf(), at(monday10)).request;
    const timedOut = escalate(assigned, chainOf(), at(new Date(assigned.deadline))).request;
    expect(timedOut.handlers[0]).toMatchObject({ level: 'unit', missedDeadline: true });
    const asked = actAsLeader(assigned, leaderOf(assigned), 'escalate', undefined, at(monday10)).request;
    expect(escalate(asked, chainOf(), at(monday10)).request.handlers[0]!.missedDeadline).toBeUndefined();
  });

  it('escalates on a leader’s request with the reason they gave', () => {
    const assigned = assignFirstLeader(submitted(), chainOf(), at(monday10)).request;
    const asked = actAsLeader(assigned, leaderOf(assigned), 'escalate', '需要物业协调', at(monday10)).request;
    expect(asked.status).toBe('escalating');
    expect(nextStep(asked, monday10).next).toBe('escalate');
    const { request, entry } = escalate(asked, chainOf(), at(monday10));
    expect(request.level).toBe('building');
    expect(entry.reason).toMatch(/asked to escalate/);
  });
});

describe('leader and resident actions', () => {
  const assigned = () => assignFirstLeader(submitted(), chainOf(), at(monday10)).request;

  it('acknowledging moves the deadline to the resolution deadline and records SLA compliance', () => {
    const request = assigned();
    const acked = actAsLeader(
      request,
      leaderOf(request),
      'acknowledge',
      undefined,
      at(minutesLater(monday10, 30)),
    ).request;
    expect(acked.status).toBe('acknowledged');
    expect(acked.deadline).toBe(request.resolveBy);
    expect(acked.handlers[0]!.acknowledgedWithinSla).toBe(true);
  });

  it('refuses a leader the request is not assigned to, and says "escalated" to one who held it before', () => {
    const request = assigned();
    expect(() =>
      actAsLeader(request, { kind: 'leader', id: 'p-9999' }, 'resolve', 'x', at(monday10)),
    ).toThrow(ForbiddenError);
    const escalated = escalate(request, chainOf(), at(new Date(request.deadline))).request;
    expect(() => actAsLeader(escalated, leaderOf(request), 'acknowledge', undefined, at(monday10))).toThrow(
      /escalated before your action/,
    );
  });

  it('refuses actions the state does not allow', () => {
    const request = assigned();
    const acked = actAsLeader(request, leaderOf(request), 'acknowledge', undefined, at(monday10)).request;
    expect(() => actAsLeader(acked, leaderOf(acked), 'acknowledge', undefined, at(monday10))).toThrow(
      ConflictError,
    );
    expect(() => actAsResident(acked, resident, 'confirm', { rating: 5 }, at(monday10), new Set())).toThrow(
      ConflictError,
    );
  });

  it('resolve → reject reopens with the same leader; resolve → confirm closes and awards points', () => {
    const request = assigned();
    const leader = leaderOf(request);
    const resolved = actAsLeader(request, leader, 'resolve', '已更换门锁', at(minutesLater(monday10, 60)));
    expect(resolved.request.status).toBe('resolved');
    expect(resolved.messages[0]!.to).toMatchObject({ kind: 'phone', personId: resident.id });
    expect(nextStep(resolved.request, monday10).next).toBe('await-resident');

    const rejected = actAsResident(
      resolved.request,
      resident,
      'reject',
      { note: '还是打不开' },
      at(minutesLater(monday10, 90)),
      new Set(),
    );
    expect(rejected.request).toMatchObject({ status: 'acknowledged', reopenCount: 1 });
    expect(rejected.request.assignee?.holderId).toBe(leader.id);
    expect(rejected.messages[0]!.to).toMatchObject({ personId: leader.id });

    const again = actAsLeader(rejected.request, leader, 'resolve', '已修好', at(minutesLater(monday10, 120)));
    const closed = actAsResident(
      again.request,
      resident,
      'confirm',
      { rating: 5 },
      at(minutesLater(monday10, 150)),
      new Set([resident.id]),
    );
    expect(closed.request).toMatchObject({ status: 'closed', closedBy: 'resident', rating: 5 });
    expect(nextStep(closed.request, monday10).next).toBe('closed');
    expect(closed.awards).toEqual([
      {
        personId: leader.id,
        name: request.assignee!.holderName,
        points: 10 + 3 + 5,
        reasons: ['resolved', 'resolved-within-sla', 'rated-5'],
      },
    ]);
  });

  it('auto-confirms a silent resident without a rating bonus', () => {
    const request = assigned();
    const resolved = actAsLeader(request, leaderOf(request), 'resolve', '已处理', at(monday10)).request;
    const closed = autoConfirm(resolved, at(new Date(resolved.deadline)), new Set([resident.id]));
    expect(closed.request).toMatchObject({ status: 'closed', closedBy: 'auto' });
    expect(closed.entry.event).toBe('auto-confirmed');
    expect(closed.awards[0]!.points).toBe(10 + 3);
  });

  it('pays no closing points to a leader the request serves (who raised it, or of its household)', () => {
    const request = assigned();
    const leader = leaderOf(request);
    const resolved = actAsLeader(request, leader, 'resolve', '已处理', at(monday10)).request;
    const own = actAsResident(
      resolved,
      resident,
      'confirm',
      { rating: 5 },
      at(monday10),
      new Set([leader.id]),
    );
    expect(own.request).toMatchObject({ status: 'closed', rating: 5 });
    expect(own.awards).toEqual([]);
    expect(autoConfirm(resolved, at(new Date(resolved.deadline)), new Set([leader.id])).awards).toEqual([]);
  });
});

describe('rerouting: the request follows its post and its household', () => {
  const assigned = () => assignFirstLeader(submitted(), chainOf(), at(monday10)).request;
  const later = minutesLater(monday10, 30);
  const newUnitLeader = { holderId: 'p-new', holderName: '新单元长', holderPhone: '+8610000000099' };
  const withUnitPost = (post?: typeof newUnitLeader): ChainLink[] =>
    chainOf().map((link) =>
      link.level !== 'unit'
        ? link
        : post
          ? { ...link, post }
          : { level: link.level, nodeId: link.nodeId, nodeName: link.nodeName },
    );

  it('goes to the new holder of its post, with a fresh deadline, a timeline entry and an SMS', () => {
    const request = assigned();
    const moved = reroute(
      request,
      request.ancestors,
      withUnitPost(newUnitLeader),
      'the unit has a new leader',
      at(later),
    );
    expect(moved?.request).toMatchObject({ level: 'unit', status: 'assigned', assignee: newUnitLeader });
    expect(moved?.request.deadline).toBe(shanghai('2026-11-23 12:30').toISOString());
    expect(moved?.entry).toMatchObject({ event: 'rerouted', reason: 'the unit has a new leader' });
    expect(moved?.messages[0]?.to).toMatchObject({ personId: 'p-new' });
  });

  it('goes up to the next held post when its post falls vacant', () => {
    const request = assigned();
    const moved = reroute(
      request,
      request.ancestors,
      withUnitPost(undefined),
      'the unit leader stepped down',
      at(later),
    );
    expect(moved?.request.level).toBe('building');
    expect(moved?.entry.reason).toMatch(/skipped 1 vacant/);
  });

  it('takes its household’s new place when the building moves to another grid, keeping its leader', () => {
    const request = assigned();
    const ancestors = { ...request.ancestors, grid: 'gd-yinrong-2' };
    const moved = reroute(request, ancestors, chainOf(), 'building moved to 第二网格', at(later));
    expect(moved?.request.ancestors.grid).toBe('gd-yinrong-2');
    expect(moved?.request.assignee).toEqual(request.assignee);
    expect(moved?.messages).toEqual([]);
  });

  it('changes nothing when neither its place nor its post changed', () => {
    const request = assigned();
    expect(reroute(request, request.ancestors, chainOf(), 'no change', at(later))).toBeUndefined();
  });

  it('leaves a resolved request with the leader who resolved it', () => {
    const request = assigned();
    const resolved = actAsLeader(request, leaderOf(request), 'resolve', '已处理', at(later)).request;
    expect(
      reroute(resolved, resolved.ancestors, withUnitPost(newUnitLeader), 'new leader', at(later)),
    ).toBeUndefined();
  });
});
