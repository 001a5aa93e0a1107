import { describe, expect, it } from 'vitest';
import { currentNewestFirst, isCurrent, leaderOrder } from '../../../web/src/common/notices';

const NOW = Date.parse('2026-12-02T08:00:00Z');
const at = (hours: number) => new Date(NOW + hours * 3_600_000).toISOString();
const notice = (id: string, createdHoursAgo: number, more: Record<string, unknown> = {}) => ({
  id,
  urgent: false,
  createdAt: at(-createdHoursAgo),
  ...more,
});

describe('notices on the phone pages', () => {
  it('are current until their expiry, by the clock given', () => {
    expect(isCurrent(notice('a', 1), NOW)).toBe(true);
    expect(isCurrent(notice('a', 1, { expiresAt: at(1) }), NOW)).toBe(true);
    expect(isCurrent(notice('a', 1, { expiresAt: at(0) }), NOW)).toBe(false);
  });

  it("are the resident's newest first, the expired left out", () => {
    const listed = currentNewestFirst(
      [notice('old', 5), notice('new', 1), notice('gone', 2, { expiresAt: at(-1) })],
      NOW,
    );
    expect(listed.map((item) => item.id)).toEqual(['new', 'old']);
  });

  it('put an unconfirmed urgent one first for a leader, then the rest newest first', () => {
    const listed = leaderOrder(
      [
        notice('new', 1),
        notice('urgent-read', 2, { urgent: true, readAt: at(-1) }),
        notice('urgent', 9, { urgent: true }),
        notice('read', 3, { readAt: at(-2) }),
      ],
      NOW,
    );
    expect(listed.map((item) => item.id)).toEqual(['urgent', 'new', 'urgent-read', 'read']);
  });
});
