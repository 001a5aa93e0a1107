import { describe, expect, it } from 'vitest';
import { actAsLeader, assignFirstLeader, escalate, remind, submit } from '../../shared/domain/lifecycle.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import {
  isLinkLive,
  leaderRequestUrl,
  linkExpiry,
  LINK_TOKEN_ALPHABET,
  LINK_TOKEN_LENGTH,
  LINK_TOKEN_PATTERN,
  linkUrl,
  newLinkToken,
} from '../../shared/domain/short-link.js';
import { smsSegments } from '../../shared/domain/sms.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';

const SITE = 'https://sq.lvyuan.gov.cn';
const monday10 = shanghai('2026-11-23 10:00');

/** The bytes a generator hands out, in turn. */
function bytesOf(...values: number[]) {
  let next = 0;
  return (size: number) => Uint8Array.from({ length: size }, () => values[next++ % values.length]!);
}

describe('a link token', () => {
  it('is 10 base62 characters, as the route accepts', () => {
    const token = newLinkToken(bytesOf(0, 61, 62, 123, 200, 247));
    expect(token).toHaveLength(LINK_TOKEN_LENGTH);
    expect(token).toMatch(LINK_TOKEN_PATTERN);
    // byte % 62: 0 → 0, 61 → z, 62 → 0, 123 → z, 200 → E (14), 247 → z.
    expect(token).toBe('0z0zEz0z0z');
    expect(LINK_TOKEN_ALPHABET).toHaveLength(62);
    expect(new Set(LINK_TOKEN_ALPHABET).size).toBe(62);
  });

  it('skips the bytes that would favour some characters (248 and above), drawing more', () => {
    expect(newLinkToken(bytesOf(248, 255, 5))).toBe('5555555555');
  });

  it('is a different token each time from real randomness', async () => {
    const { randomBytes } = await import('node:crypto');
    const tokens = new Set(Array.from({ length: 1000 }, () => newLinkToken(randomBytes)));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(token).toMatch(LINK_TOKEN_PATTERN);
  });

  it('makes a link of the site, /l/ and the token', () => {
    expect(linkUrl(SITE, 'Ab3dE9xYz1')).toBe('https://sq.lvyuan.gov.cn/l/Ab3dE9xYz1');
  });
});

describe('a link’s life', () => {
  it('lasts a day past the resolve deadline, and never more than 7 days after it was sent', () => {
    expect(linkExpiry('2026-11-24T10:00:00.000Z', '2026-11-23T10:00:00.000Z')).toBe(
      '2026-11-25T10:00:00.000Z',
    );
    expect(linkExpiry('2026-12-23T10:00:00.000Z', '2026-11-23T10:00:00.000Z')).toBe(
      '2026-11-30T10:00:00.000Z',
    );
  });

  it('is live until its expiry, not at it', () => {
    const link = { expiresAt: '2026-11-25T10:00:00.000Z' };
    expect(isLinkLive(link, new Date('2026-11-25T09:59:59.999Z'))).toBe(true);
    expect(isLinkLive(link, new Date('2026-11-25T10:00:00.000Z'))).toBe(false);
  });

  it('leads to the request on the leader page, by its file where no directory index is served', () => {
    expect(leaderRequestUrl(SITE, 'R1', 'aws')).toBe('https://sq.lvyuan.gov.cn/leader/#/requests/R1');
    expect(leaderRequestUrl(SITE, 'R1', 'aws-cn')).toBe(
      'https://sq.lvyuan.gov.cn/leader/index.html#/requests/R1',
    );
  });
});

describe('a leader’s message with its link', () => {
  const tokens = ['Tok0000001', 'Tok0000002', 'Tok0000003'];
  const links = () => {
    let next = 0;
    return { site: SITE, newToken: () => tokens[next++]! };
  };
  const submitted = (priority: 'normal' | 'urgent'): ServiceRequest =>
    submit(
      {
        id: 'R20261123ABC123',
        household: household(),
        submittedBy: { kind: 'resident', id: household().residents[0]!.personId },
        category: 'drainage',
        description: '下水道堵了',
        priority,
        photos: [],
      },
      { config, now: monday10 },
    ).request;

  it('uses the link template and stores one link for the assignee, expiring after the resolve deadline', () => {
    const {
      request,
      messages,
      links: stored,
    } = assignFirstLeader(submitted('normal'), chainOf(), {
      config,
      now: monday10,
      links: links(),
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      template: 'assignedLink',
      params: [expect.any(String), expect.any(String), expect.any(String), 'Tok0000001'],
    });
    expect(messages[0]!.text).toMatch(
      /^【绿园三长】新诉求ABC123,\d+日\d\d:\d\d前受理 https:\/\/sq\.lvyuan\.gov\.cn\/l\/Tok0000001$/,
    );
    expect(smsSegments(messages[0]!.text)).toBe(1);
    expect(stored).toEqual([
      {
        token: 'Tok0000001',
        requestId: request.id,
        personId: request.assignee!.holderId,
        expiresAt: linkExpiry(request.resolveBy!, monday10.toISOString()),
      },
    ]);
  });

  it('marks an urgent request, and links the escalation to the next leader with a new token', () => {
    const maker = links();
    const assigned = assignFirstLeader(submitted('urgent'), chainOf(), {
      config,
      now: monday10,
      links: maker,
    });
    expect(assigned.messages[0]).toMatchObject({
      template: 'assignedUrgentLink',
      params: ['紧急', 'ABC123', expect.any(String), expect.any(String), 'Tok0000001'],
    });
    const later = new Date(monday10.getTime() + 86_400_000);
    const timedOut = escalate(assigned.request, chainOf(), { config, now: later, links: maker });
    expect(timedOut.messages[0]).toMatchObject({ template: 'escalatedTimeoutUrgentLink' });
    expect(timedOut.links).toEqual([
      expect.objectContaining({ token: 'Tok0000002', personId: timedOut.request.assignee!.holderId }),
    ]);
    const leader = { kind: 'leader' as const, id: timedOut.request.assignee!.holderId };
    const asked = actAsLeader(timedOut.request, leader, 'escalate', '需要社区协调', {
      config,
      now: later,
      links: maker,
    });
    expect(asked.links).toBeUndefined();
    const unresolved = escalate(asked.request, chainOf(), { config, now: later, links: maker });
    expect(unresolved.messages[0]).toMatchObject({ template: 'escalatedUnresolvedUrgentLink' });
  });

  it('links the reminder to the holder with a new token, in one segment; none without a site', () => {
    const maker = links();
    const assigned = assignFirstLeader(submitted('normal'), chainOf(), {
      config,
      now: monday10,
      links: maker,
    });
    const due = new Date(assigned.request.reminderAt!);
    const reminded = remind(assigned.request, { config, now: due, links: maker })!;
    expect(reminded.messages[0]).toMatchObject({
      template: 'reminderLink',
      kind: 'reminder',
      params: ['ABC123', expect.any(String), expect.any(String), 'Tok0000002'],
    });
    expect(reminded.messages[0]!.text).toMatch(
      /^【绿园三长】催办ABC123,\d+日\d\d:\d\d前处理 https:\/\/sq\.lvyuan\.gov\.cn\/l\/Tok0000002$/,
    );
    expect(smsSegments(reminded.messages[0]!.text)).toBe(1);
    expect(reminded.links).toEqual([
      {
        token: 'Tok0000002',
        requestId: assigned.request.id,
        personId: assigned.request.assignee!.holderId,
        expiresAt: linkExpiry(assigned.request.resolveBy!, due.toISOString()),
      },
    ]);
    const urgent = assignFirstLeader(submitted('urgent'), chainOf(), { config, now: monday10, links: maker });
    const urgentReminder = remind(urgent.request, {
      config,
      now: new Date(urgent.request.reminderAt!),
      links: maker,
    });
    expect(urgentReminder?.messages[0]).toMatchObject({ template: 'reminderUrgentLink' });
    const unlinked = remind(assigned.request, { config, now: due })!;
    expect([unlinked.messages[0]?.template, unlinked.links]).toEqual(['reminder', undefined]);
  });

  it('has no link, and the full template, where the district has no site', () => {
    const { messages, links: stored } = assignFirstLeader(submitted('normal'), chainOf(), {
      config,
      now: monday10,
    });
    expect(messages[0]).toMatchObject({ template: 'assigned' });
    expect(messages[0]!.text).not.toContain('http');
    expect(stored).toBeUndefined();
  });
});
