import { describe, expect, it } from 'vitest';
import {
  actAsLeader,
  actAsResident,
  assignFirstLeader,
  escalate,
  submit,
  type Transition,
} from '../../shared/domain/lifecycle.js';
import type { Actor, ServiceRequest } from '../../shared/domain/request.js';
import { bucketOf, isoWeekOf, tallyOf } from '../../shared/domain/request-tally.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';

const ZONE = config.district.timeZone;
const monday10 = shanghai('2026-11-23 10:00');
const at = (now: Date) => ({ config, now });
const minutesLater = (minutes: number) => new Date(monday10.getTime() + minutes * 60_000);
const resident: Actor = { kind: 'resident', id: household().residents[0]!.personId };
const leaderOf = (request: ServiceRequest): Actor => ({ kind: 'leader', id: request.assignee!.holderId });
const countsOf = ({ request, entry }: Transition) => tallyOf(request, entry, ZONE)?.counts;

const raised = submit(
  {
    id: 'R1',
    household: household(),
    submittedBy: resident,
    category: 'repair',
    description: '单元门锁坏了',
    priority: 'normal',
    photos: [],
  },
  at(monday10),
);
const assigned = assignFirstLeader(raised.request, chainOf(), at(monday10));

describe('what a transition adds to the charts', () => {
  it('counts a raised request by its category, in its community and grid, on its day in the district', () => {
    expect(tallyOf(raised.request, raised.entry, ZONE)).toEqual({
      place: {
        communityId: household().ancestors.community,
        street: household().ancestors.street,
        grid: household().ancestors.grid,
        day: '2026-11-23',
      },
      counts: { raised: 1, 'raised:repair': 1 },
    });
  });

  it('counts nothing for a routing step', () => {
    expect(countsOf(assigned)).toBeUndefined();
  });

  it('counts the first acknowledgement in its wait bucket, and not a later one', () => {
    const acknowledged = actAsLeader(
      assigned.request,
      leaderOf(assigned.request),
      'acknowledge',
      undefined,
      at(minutesLater(20)),
    );
    expect(countsOf(acknowledged)).toEqual({ 'acknowledgedWithin:30': 1 });
    const resolved = actAsLeader(
      acknowledged.request,
      leaderOf(assigned.request),
      'resolve',
      '已修好',
      at(minutesLater(60)),
    );
    expect(countsOf(resolved)).toBeUndefined();
  });

  it('counts each climb by the level it reached', () => {
    const escalated = escalate(assigned.request, chainOf(), at(minutesLater(24 * 60)));
    expect(escalated.request.level).toBe('building');
    expect(countsOf(escalated)).toEqual({ 'escalatedTo:building': 1 });
  });

  it('counts a close, on time when every leader acknowledged and resolved within their deadlines', () => {
    const leader = leaderOf(assigned.request);
    const acknowledged = actAsLeader(
      assigned.request,
      leader,
      'acknowledge',
      undefined,
      at(minutesLater(10)),
    );
    const resolved = actAsLeader(acknowledged.request, leader, 'resolve', '已修好', at(minutesLater(30)));
    const served = new Set(resolved.request.handlers.map((handler) => handler.personId));
    const closed = actAsResident(
      resolved.request,
      resident,
      'confirm',
      { rating: 5 },
      at(minutesLater(40)),
      served,
    );
    expect(countsOf(closed)).toEqual({
      closed: 1,
      closedHandled: 1,
      acknowledgedOnTime: 1,
      resolvedOnTime: 1,
    });
  });

  it('counts a close as late when a leader let a deadline pass before anyone acknowledged', () => {
    const escalated = escalate(assigned.request, chainOf(), at(minutesLater(24 * 60)));
    const leader = leaderOf(escalated.request);
    const acknowledged = actAsLeader(
      escalated.request,
      leader,
      'acknowledge',
      undefined,
      at(minutesLater(24 * 60 + 5)),
    );
    const resolved = actAsLeader(
      acknowledged.request,
      leader,
      'resolve',
      '已修好',
      at(minutesLater(24 * 60 + 30)),
    );
    const served = new Set(resolved.request.handlers.map((handler) => handler.personId));
    const closed = actAsResident(
      resolved.request,
      resident,
      'confirm',
      { rating: 4 },
      at(minutesLater(24 * 60 + 40)),
      served,
    );
    expect(countsOf(closed)).toEqual({ closed: 1, closedHandled: 1 });
  });
});

describe('buckets and weeks', () => {
  it('puts a wait in the first bucket it is within, past a day in `later`', () => {
    expect([0, 15, 15.5, 60, 1440, 1441].map(bucketOf)).toEqual(['15', '15', '30', '60', '1440', 'later']);
  });

  it('names ISO weeks, across a year’s end', () => {
    expect(isoWeekOf('2026-11-23')).toBe('2026-W48');
    expect(isoWeekOf('2026-12-31')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
  });
});
