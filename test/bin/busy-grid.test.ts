import { describe, expect, it } from 'vitest';
import {
  dayFigures,
  demoGrid,
  leaderActsAt,
  planBusyGridDay,
  wakingTime,
  type BusyGridInput,
} from '../../bin/busy-grid.js';
import { lvyuanDemoDistrict } from '../../demo/lvyuan-district.js';
import { zonedParts } from '../../shared/domain/time-zone.js';

const ZONE = 'Asia/Shanghai';
const NIGHT = { start: '21:00', end: '07:30' };
const shanghai = (wallTime: string) => new Date(`${wallTime.replace(' ', 'T')}:00+08:00`);
const localMinutes = (at: Date) => {
  const { hour, minute } = zonedParts(at, ZONE);
  return hour * 60 + minute;
};
const atNight = (at: Date) => localMinutes(at) >= 21 * 60 || localMinutes(at) < 7 * 60 + 30;

const input: BusyGridInput = {
  seed: 13,
  day: '2026-11-24',
  timeZone: ZONE,
  night: NIGHT,
  ...demoGrid(lvyuanDemoDistrict(), 'gd-yinrong-1'),
  categories: ['repair', 'drainage', 'dispute', 'elderly-care', 'safety', 'environment'],
  requests: 40,
  notices: 3,
};

describe('demoGrid', () => {
  it('has the households of the grid and the leaders of its posts, the grid leader first, each once', () => {
    const grid = demoGrid(lvyuanDemoDistrict(), 'gd-yinrong-1');
    expect(grid.households).toHaveLength(12);
    expect(grid.households.every((household) => household.residentIds.length > 0)).toBe(true);
    // p-0004 holds two posts (a unit and its building); the vacant unit has nobody.
    expect(grid.leaders).toEqual(['p-0003', 'p-0004', 'p-0016', 'p-0017', 'p-0025']);
  });
});

describe('planBusyGridDay', () => {
  const plan = planBusyGridDay(input);

  it('is the same plan for the same seed, and another for another seed', () => {
    expect(planBusyGridDay(input)).toEqual(plan);
    expect(planBusyGridDay({ ...input, seed: 14 })).not.toEqual(plan);
  });

  it('raises the requests within the day, in time order, in the grid, by its residents', () => {
    const dayStart = shanghai('2026-11-24 00:00').getTime();
    const times = plan.requests.map((request) => request.at.getTime());
    expect(plan.requests).toHaveLength(40);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((time) => time >= dayStart && time < dayStart + 86_400_000)).toBe(true);
    for (const request of plan.requests) {
      const household = input.households.find((candidate) => candidate.householdId === request.householdId);
      expect(household?.residentIds).toContain(request.residentId);
      expect(input.categories).toContain(request.category);
    }
  });

  it('puts some requests at night, more often urgent and left to time out than in the day', () => {
    const night = plan.requests.filter((request) => atNight(request.at));
    const day = plan.requests.filter((request) => !atNight(request.at));
    const share = (requests: typeof night, test: (request: (typeof night)[number]) => boolean) =>
      requests.filter(test).length / requests.length;
    expect(night.length).toBeGreaterThanOrEqual(4);
    expect(night.some((request) => request.priority === 'urgent' && request.ignoredBy > 0)).toBe(true);
    expect(share(night, (request) => request.ignoredBy > 0)).toBeGreaterThan(
      share(day, (request) => request.ignoredBy > 0),
    );
    // Most are acted on by their first holder.
    expect(plan.requests.filter((request) => request.ignoredBy === 0).length).toBeGreaterThan(20);
  });

  it('posts the notices from the grid leader, one urgent, one in the evening inside the night', () => {
    expect(plan.notices).toHaveLength(3);
    expect(plan.notices.filter((notice) => notice.urgent)).toHaveLength(1);
    expect(plan.notices.some((notice) => !notice.urgent && atNight(notice.at))).toBe(true);
    for (const notice of plan.notices) {
      expect(notice.from).toBe('p-0003');
      expect(notice.reads.map((read) => read.personId)).not.toContain('p-0003');
    }
  });
});

describe('leaderActsAt', () => {
  const base = { share: 0.5, night: NIGHT, timeZone: ZONE };

  it('acts at the share of the time left, in the day', () => {
    expect(
      leaderActsAt({
        ...base,
        now: shanghai('2026-11-24 10:00'),
        due: shanghai('2026-11-24 12:00'),
        urgent: false,
      }),
    ).toEqual(shanghai('2026-11-24 11:00'));
  });

  it('waits for the morning when the request is not urgent, and still acts before the deadline', () => {
    const now = shanghai('2026-11-24 22:00');
    expect(leaderActsAt({ ...base, now, due: shanghai('2026-11-25 09:30'), urgent: false })).toEqual(
      shanghai('2026-11-25 08:30'),
    );
    const tight = leaderActsAt({ ...base, share: 1, now, due: shanghai('2026-11-25 08:00'), urgent: false });
    expect(tight.getTime()).toBeLessThan(shanghai('2026-11-25 08:00').getTime());
  });

  it('acts at night on an urgent request (its SMS wakes the holder)', () => {
    expect(
      leaderActsAt({
        ...base,
        now: shanghai('2026-11-24 23:00'),
        due: shanghai('2026-11-24 23:20'),
        urgent: true,
      }),
    ).toEqual(shanghai('2026-11-24 23:10'));
  });
});

describe('wakingTime', () => {
  it('is the end of the night, the same morning after midnight or the next one before it', () => {
    expect(wakingTime(shanghai('2026-11-24 03:00'), NIGHT, ZONE)).toEqual(shanghai('2026-11-24 07:30'));
    expect(wakingTime(shanghai('2026-11-24 21:00'), NIGHT, ZONE)).toEqual(shanghai('2026-11-25 07:30'));
    expect(wakingTime(shanghai('2026-11-24 07:30'), NIGHT, ZONE)).toEqual(shanghai('2026-11-24 07:30'));
    expect(wakingTime(shanghai('2026-11-24 15:00'), NIGHT, ZONE)).toEqual(shanghai('2026-11-24 15:00'));
  });
});

describe('dayFigures', () => {
  const leaders = [
    { personId: 'p-1', phone: '+8610000000001' },
    { personId: 'p-2', phone: '+8610000000002' },
  ];
  const sms = (to: string, template: string, at: string, segments = 1) => ({
    to,
    template,
    segments,
    at: shanghai(at),
  });

  it('adds the segments per leader of the grid, in all, and those sent at night', () => {
    const figures = dayFigures(
      [
        sms('+8610000000001', 'assigned', '2026-11-24 10:00'),
        sms('+8610000000001', 'escalatedTimeoutUrgent', '2026-11-24 23:00'),
        sms('+8610000000002', 'assigned', '2026-11-24 07:30', 2),
        sms('+8610000000009', 'resolved', '2026-11-24 12:00'),
      ],
      { leaders, night: NIGHT, timeZone: ZONE },
    );
    expect(figures.perLeader).toEqual([
      { personId: 'p-1', segments: 2 },
      { personId: 'p-2', segments: 2 },
    ]);
    expect(figures).toMatchObject({ meanPerLeader: 2, maxPerLeader: 2, total: 5, sentAtNight: 1 });
    expect(figures).toMatchObject({ requestSegments: 5, noticeSegments: 0 });
  });

  it('counts notices, their reminders and reports as notices, the rest as requests', () => {
    const figures = dayFigures(
      [
        sms('+8610000000001', 'noticeUrgent', '2026-11-24 10:00'),
        sms('+8610000000002', 'noticeReminder', '2026-11-24 12:00'),
        sms('+8610000000001', 'reminder', '2026-11-24 13:00'),
      ],
      { leaders, night: NIGHT, timeZone: ZONE },
    );
    expect(figures).toMatchObject({ noticeSegments: 2, requestSegments: 1 });
  });

  it('shares a digest between requests and notices by what it merged', () => {
    const digest = {
      ...sms('+8610000000001', 'digest', '2026-11-24 07:30'),
      merged: { notices: 1, others: 3 },
    };
    const figures = dayFigures([digest], { leaders, night: NIGHT, timeZone: ZONE });
    expect(figures.noticeSegments).toBeCloseTo(0.25);
    expect(figures.requestSegments).toBeCloseTo(0.75);
  });
});
