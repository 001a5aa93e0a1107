import { describe, it, expect } from 'vitest';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import type { DistrictConfig, SlaRule } from '../../shared/config/district-config.js';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { secondsUntil, slaDeadline, slaRuleFor } from '../../shared/domain/sla.js';

const config = parseDistrictConfig(lvyuan, 'lvyuan.json');
const rules = config.sla.rules;

function shanghai(wallTime: string): Date {
  return new Date(`${wallTime.replace(' ', 'T')}:00+08:00`);
}

function inZone(timeZone: string): DistrictConfig {
  return { ...config, district: { ...config.district, timeZone } };
}

describe('slaRuleFor', () => {
  it('falls back to the rule that names nothing', () => {
    expect(slaRuleFor(rules, { category: 'repair', priority: 'normal', level: 'unit' })).toMatchObject({
      acknowledgeMinutes: 120,
      resolveMinutes: 1440,
    });
  });

  it('applies a rule whose only field matches', () => {
    expect(slaRuleFor(rules, { category: 'repair', priority: 'high', level: 'unit' })).toMatchObject({
      priority: 'high',
      resolveMinutes: 480,
    });
  });

  it('prefers the rule naming more matching fields, wherever it is listed', () => {
    // elderly-care + urgent (two fields) beats urgent alone and elderly-care-less rules.
    expect(slaRuleFor(rules, { category: 'elderly-care', priority: 'urgent', level: 'unit' })).toMatchObject({
      acknowledgeMinutes: 10,
      resolveMinutes: 60,
    });
    const specificFirst: SlaRule[] = [
      { category: 'drainage', priority: 'high', acknowledgeMinutes: 5, resolveMinutes: 50 },
      { priority: 'high', acknowledgeMinutes: 60, resolveMinutes: 480 },
      { acknowledgeMinutes: 120, resolveMinutes: 1440 },
    ];
    expect(
      slaRuleFor(specificFirst, { category: 'drainage', priority: 'high', level: 'grid' }),
    ).toMatchObject({
      resolveMinutes: 50,
    });
  });

  it('ignores a rule when any field it names differs', () => {
    // elderly-care + urgent does not apply to a high-priority elderly-care request.
    expect(slaRuleFor(rules, { category: 'elderly-care', priority: 'high', level: 'unit' })).toMatchObject({
      priority: 'high',
      resolveMinutes: 480,
    });
  });

  it('lets the later rule win a tie of equally specific matches', () => {
    // safety (category) and street (level) both name one field; street is listed later.
    expect(slaRuleFor(rules, { category: 'safety', priority: 'normal', level: 'street' })).toMatchObject({
      level: 'street',
      resolveMinutes: 2880,
    });
    // urgent (priority) is listed before safety (category), so safety wins.
    expect(slaRuleFor(rules, { category: 'safety', priority: 'urgent', level: 'unit' })).toMatchObject({
      category: 'safety',
      resolveMinutes: 240,
    });
  });

  it('throws when nothing matches, though a valid config always has a fallback', () => {
    const noFallback: SlaRule[] = [{ priority: 'urgent', acknowledgeMinutes: 15, resolveMinutes: 120 }];
    expect(() => slaRuleFor(noFallback, { category: 'repair', priority: 'normal', level: 'unit' })).toThrow(
      /No SLA rule matches category "repair", priority "normal", level "unit"/,
    );
  });
});

describe('slaDeadline', () => {
  it('pauses a normal request outside service hours: Friday 19:30 + 120 min lands Saturday 09:30', () => {
    expect(
      slaDeadline({ from: shanghai('2026-06-05 19:30'), minutes: 120, priority: 'normal', config }),
    ).toEqual(shanghai('2026-06-06 09:30'));
  });

  it('pauses a high-priority request over a holiday as well', () => {
    expect(
      slaDeadline({ from: shanghai('2026-09-30 19:00'), minutes: 120, priority: 'high', config }),
    ).toEqual(shanghai('2026-10-04 09:00'));
  });

  it('runs an urgent request on the wall clock, through nights and holidays', () => {
    expect(
      slaDeadline({ from: shanghai('2026-06-05 19:30'), minutes: 120, priority: 'urgent', config }),
    ).toEqual(shanghai('2026-06-05 21:30'));
    expect(
      slaDeadline({ from: shanghai('2026-09-30 23:00'), minutes: 120, priority: 'urgent', config }),
    ).toEqual(shanghai('2026-10-01 01:00'));
  });

  it('counts an urgent request in elapsed time even across a DST jump', () => {
    // 01:30 EST + 60 min is 03:30 EDT on the wall, one real hour later.
    const from = new Date('2026-03-08T06:30:00Z');
    const deadline = slaDeadline({
      from,
      minutes: 60,
      priority: 'urgent',
      config: inZone('America/New_York'),
    });
    expect(deadline.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it("uses the district's time zone: the same instant gives different deadlines in different zones", () => {
    const from = new Date('2026-06-05T11:30:00Z'); // 19:30 in Shanghai, 13:30 in Berlin
    const inShanghai = slaDeadline({ from, minutes: 120, priority: 'normal', config });
    const inBerlin = slaDeadline({ from, minutes: 120, priority: 'normal', config: inZone('Europe/Berlin') });
    expect(inShanghai.toISOString()).toBe('2026-06-06T01:30:00.000Z'); // Saturday 09:30 Shanghai
    expect(inBerlin.toISOString()).toBe('2026-06-05T13:30:00.000Z'); // Friday 15:30 Berlin
  });
});

describe('secondsUntil', () => {
  const now = new Date('2026-06-05T11:30:00.000Z');

  it('counts whole seconds', () => {
    expect(secondsUntil(new Date('2026-06-05T12:30:00.000Z'), now)).toBe(3600);
  });

  it('rounds a part second up', () => {
    expect(secondsUntil(new Date('2026-06-05T11:30:01.200Z'), now)).toBe(2);
  });

  it('is at least 1 for a deadline now or already past', () => {
    expect(secondsUntil(now, now)).toBe(1);
    expect(secondsUntil(new Date('2026-06-05T11:00:00.000Z'), now)).toBe(1);
  });
});
