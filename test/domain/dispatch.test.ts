import { describe, expect, it } from 'vitest';
import { completeDispatch, dispatchOverdue, dispatchTo } from '../../shared/domain/dispatch.js';
import { actAsLeader, assignFirstLeader, nextStep, submit } from '../../shared/domain/lifecycle.js';
import type { Actor, ServiceProvider, ServiceRequest } from '../../shared/domain/request.js';
import { ConflictError, ForbiddenError, UnprocessableError } from '../../shared/errors.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';

const monday10 = shanghai('2026-11-23 10:00');
const at = (now: Date) => ({ config, now });
const resident: Actor = { kind: 'resident', id: household().residents[0]!.personId };

function assigned(): ServiceRequest {
  const submitted = submit(
    {
      id: 'R1',
      household: household(),
      submittedBy: resident,
      category: 'drainage',
      description: '下水道堵了',
      priority: 'normal',
      photos: [],
    },
    at(monday10),
  ).request;
  return assignFirstLeader(submitted, chainOf(), at(monday10)).request;
}

const plumbers: ServiceProvider = {
  kind: 'team',
  id: 'team-plumbing',
  name: '楼栋牵手团(管道)',
  contact: { personId: 'p-plumber-lead', phone: '+8610000000011' },
  memberIds: ['p-plumber-lead', 'p-plumber-2'],
  specialities: ['drainage', 'repair'],
  scope: household().ancestors.grid,
};
const leaderOf = (request: ServiceRequest): Actor => ({ kind: 'leader', id: request.assignee!.holderId });

describe('dispatch to one of the ten staff or a volunteer team', () => {
  it('sends the matching team with the dispatch SLA, texts its contact, and counts as acknowledging', () => {
    const request = assigned();
    const {
      request: sent,
      entry,
      messages,
    } = dispatchTo(request, leaderOf(request), plumbers, '请带疏通机', at(monday10));
    expect(sent).toMatchObject({
      status: 'dispatched',
      dispatch: { provider: { id: 'team-plumbing' }, by: request.assignee!.holderId },
    });
    expect(sent.deadline).toBe(shanghai('2026-11-23 18:00').toISOString());
    expect(sent.handlers[0]!.acknowledgedWithinSla).toBe(true);
    expect(entry).toMatchObject({ event: 'dispatched', note: '请带疏通机' });
    expect(messages[0]).toMatchObject({ to: { personId: 'p-plumber-lead' } });
    expect(messages[0]!.text).toMatch(/^【绿园三长】派单/);
    expect(nextStep(sent, monday10).next).toBe('await-leader');
  });

  it('refuses a provider without the speciality or from another area, naming `to`', () => {
    const request = assigned();
    const electricians = { ...plumbers, specialities: ['repair'] };
    expect(() => dispatchTo(request, leaderOf(request), electricians, undefined, at(monday10))).toThrow(
      UnprocessableError,
    );
    const elsewhere = { ...plumbers, scope: 'gd-somewhere-else' };
    expect(() => dispatchTo(request, leaderOf(request), elsewhere, undefined, at(monday10))).toThrow(
      /another area|does not serve/,
    );
  });

  it('only the leader holding the request may dispatch it', () => {
    expect(() =>
      dispatchTo(assigned(), { kind: 'leader', id: 'p-other' }, plumbers, undefined, at(monday10)),
    ).toThrow(ForbiddenError);
  });

  it('a member reports the work done: back to the leader, who is texted to confirm and resolve', () => {
    const request = assigned();
    const sent = dispatchTo(request, leaderOf(request), plumbers, undefined, at(monday10)).request;
    const done = completeDispatch(
      sent,
      { kind: 'staff', id: 'p-plumber-2' },
      '已疏通',
      at(shanghai('2026-11-23 14:00')),
    );
    expect(done.request).toMatchObject({ status: 'acknowledged', deadline: request.resolveBy });
    expect(done.request.dispatch).toBeUndefined();
    expect(done.messages[0]).toMatchObject({ to: { personId: request.assignee!.holderId } });
    const resolved = actAsLeader(
      done.request,
      leaderOf(request),
      'resolve',
      '已确认疏通',
      at(shanghai('2026-11-23 15:00')),
    );
    expect(resolved.request.status).toBe('resolved');
  });

  it('only a member of the dispatched team may report it done, and only while dispatched', () => {
    const request = assigned();
    const sent = dispatchTo(request, leaderOf(request), plumbers, undefined, at(monday10)).request;
    expect(() => completeDispatch(sent, { kind: 'staff', id: 'p-stranger' }, '完成', at(monday10))).toThrow(
      ForbiddenError,
    );
    expect(() =>
      completeDispatch(request, { kind: 'staff', id: 'p-plumber-2' }, '完成', at(monday10)),
    ).toThrow(ConflictError);
  });

  it('a missed dispatch deadline sends the request back to the leader to follow up', () => {
    const request = assigned();
    const sent = dispatchTo(request, leaderOf(request), plumbers, undefined, at(monday10)).request;
    const back = dispatchOverdue(sent, at(new Date(sent.deadline)));
    expect(back.request).toMatchObject({ status: 'acknowledged', level: 'unit' });
    expect(back.entry).toMatchObject({ event: 'dispatch-overdue', actor: { kind: 'system' } });
    expect(back.messages[0]!.text).toMatch(/超时未完成/);
  });
});
