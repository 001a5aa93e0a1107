import { describe, expect, it } from 'vitest';
import type { Access } from '../../shared/domain/access.js';
import {
  checkExpiry,
  DEFAULT_NOTICE_TIMINGS,
  isExpired,
  mayPostAt,
  noticeRecipients,
  senderRoleAt,
  unreadDeadlines,
  unreadStep,
} from '../../shared/domain/notice.js';
import type { Post } from '../../shared/domain/hierarchy.js';
import { ForbiddenError, ValidationError } from '../../shared/errors.js';

const grid = { id: 'gd-1', ancestors: { street: 'st-1', community: 'cm-1', grid: 'gd-1' } };
const unit = {
  id: 'un-1',
  ancestors: { street: 'st-1', community: 'cm-1', grid: 'gd-1', building: 'bd-1', unit: 'un-1' },
};
const otherGrid = { id: 'gd-2', ancestors: { street: 'st-1', community: 'cm-1', grid: 'gd-2' } };
const community = { id: 'cm-1', ancestors: { street: 'st-1', community: 'cm-1' } };
const street = { id: 'st-1', ancestors: { street: 'st-1' } };

const as = (role: Access['grants'][number]['role'], scope: string): Access => ({
  personId: 'p-1',
  grants: [{ role, scope }],
});

describe('who may post a notice where', () => {
  it('lets a grid leader post to their grid and what is under it, not to another grid or above', () => {
    const leader = as('grid_leader', 'gd-1');
    expect(mayPostAt(leader, grid)).toBe(true);
    expect(mayPostAt(leader, unit)).toBe(true);
    expect(mayPostAt(leader, otherGrid)).toBe(false);
    expect(mayPostAt(leader, community)).toBe(false);
  });

  it('lets community staff post anywhere in their community, street staff in their street, admins anywhere', () => {
    expect(mayPostAt(as('community_staff', 'cm-1'), community)).toBe(true);
    expect(mayPostAt(as('community_staff', 'cm-1'), otherGrid)).toBe(true);
    expect(mayPostAt(as('community_staff', 'cm-1'), street)).toBe(false);
    expect(mayPostAt(as('street_staff', 'st-1'), street)).toBe(true);
    expect(mayPostAt(as('district_admin', 'district'), street)).toBe(true);
  });

  it('lets building and unit leaders, residents and service staff post nowhere', () => {
    for (const role of ['unit_leader', 'building_leader', 'service_staff'] as const) {
      expect(mayPostAt(as(role, 'un-1'), unit)).toBe(false);
    }
    expect(mayPostAt(as('resident', 'hh-1'), unit)).toBe(false);
    expect(() => senderRoleAt(as('unit_leader', 'un-1'), unit)).toThrow(ForbiddenError);
  });

  it('posts as staff when a staff grant covers the place, else as a leader', () => {
    expect(senderRoleAt(as('grid_leader', 'gd-1'), unit)).toBe('leader');
    const both: Access = {
      personId: 'p-1',
      grants: [
        { role: 'grid_leader', scope: 'gd-1' },
        { role: 'community_staff', scope: 'cm-1' },
      ],
    };
    expect(senderRoleAt(both, unit)).toBe('staff');
  });
});

const post = (holderId: string): Post => ({
  holderId,
  holderName: `name ${holderId}`,
  holderPhone: `+86${holderId}`,
});

describe('the recipients of a notice', () => {
  it('is every holder and deputy once, however many posts they hold, without the sender', () => {
    const recipients = noticeRecipients(
      [
        { post: post('p-sender') },
        { post: post('p-b'), deputy: post('p-d') },
        { post: post('p-a') },
        { post: post('p-a') },
        {},
      ],
      'p-sender',
    );
    expect(recipients.map((recipient) => recipient.personId)).toEqual(['p-a', 'p-b', 'p-d']);
    expect(recipients[0]).toEqual({ personId: 'p-a', name: 'name p-a', phone: '+86p-a' });
  });
});

describe('the expiry of a notice', () => {
  const now = new Date('2026-12-01T02:00:00Z');

  it('is optional, in the future and at most 90 days ahead', () => {
    expect(() => checkExpiry(undefined, now)).not.toThrow();
    expect(() => checkExpiry('2026-12-31T00:00:00+08:00', now)).not.toThrow();
    expect(() => checkExpiry('2026-12-01T01:59:59Z', now)).toThrow(ValidationError);
    expect(() => checkExpiry('2027-03-02T02:00:01Z', now)).toThrow(ValidationError);
  });

  it('is past from the expiry on', () => {
    expect(isExpired({ expiresAt: '2026-12-01T02:00:00Z' }, now)).toBe(true);
    expect(isExpired({ expiresAt: '2026-12-01T02:00:01Z' }, now)).toBe(false);
    expect(isExpired({}, now)).toBe(false);
  });
});

describe('the unread steps of an urgent notice', () => {
  const createdAt = '2026-12-01T02:00:00.000Z';
  const at = (minutes: number) => new Date(Date.parse(createdAt) + minutes * 60_000);

  it('reminds after the configured minutes, then reports, then is done', () => {
    expect(unreadDeadlines(createdAt, DEFAULT_NOTICE_TIMINGS)).toEqual({
      remindAt: '2026-12-01T04:00:00.000Z',
      reportAt: '2026-12-01T06:00:00.000Z',
    });
    expect(unreadStep({ createdAt }, DEFAULT_NOTICE_TIMINGS, at(119))).toBe('wait');
    expect(unreadStep({ createdAt }, DEFAULT_NOTICE_TIMINGS, at(120))).toBe('remind');
    const reminded = { createdAt, remindedAt: at(120).toISOString() };
    expect(unreadStep(reminded, DEFAULT_NOTICE_TIMINGS, at(239))).toBe('wait');
    expect(unreadStep(reminded, DEFAULT_NOTICE_TIMINGS, at(240))).toBe('report');
    expect(
      unreadStep({ ...reminded, reportedAt: at(240).toISOString() }, DEFAULT_NOTICE_TIMINGS, at(300)),
    ).toBe('done');
  });
});
