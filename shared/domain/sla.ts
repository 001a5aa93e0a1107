import type { DistrictConfig, SlaRule } from '../config/district-config.js';
import type { Level, Priority } from '../config/vocabulary.js';
import { addServiceMinutes } from './service-calendar.js';

const MINUTE_MS = 60_000;

export interface SlaKey {
  category: string;
  priority: Priority;
  level: Level;
}

/**
 * The rule that governs a request. A rule matches when every field it names equals the key's;
 * the match naming the most fields wins, and on a tie the later rule wins,
 * so a district lists general rules first and its overrides after.
 */
export function slaRuleFor(rules: readonly SlaRule[], key: SlaKey): SlaRule {
  let best: SlaRule | undefined;
  let bestSpecificity = -1;
  for (const rule of rules) {
    if (!matches(rule, key)) continue;
    const specificity = specificityOf(rule);
    if (specificity >= bestSpecificity) {
      best = rule;
      bestSpecificity = specificity;
    }
  }
  if (best === undefined) {
    throw new Error(
      `No SLA rule matches category "${key.category}", priority "${key.priority}", level "${key.level}"; ` +
        'the district config needs a fallback rule with no category, priority or level',
    );
  }
  return best;
}

/**
 * When an SLA of `minutes` started at `from` runs out. Urgent requests run on the wall clock, day and night;
 * normal and high pause outside the district's service hours, in the district's own time zone.
 */
export function slaDeadline(args: {
  from: Date;
  minutes: number;
  priority: Priority;
  config: DistrictConfig;
}): Date {
  const { from, minutes, priority, config } = args;
  if (priority === 'urgent') {
    if (!Number.isFinite(minutes) || minutes < 0) {
      throw new RangeError(`slaDeadline: minutes must be a non-negative number, got ${minutes}`);
    }
    return new Date(from.getTime() + minutes * MINUTE_MS);
  }
  return addServiceMinutes(from, minutes, config.serviceCalendar, config.district.timeZone);
}

/**
 * Whole seconds from now until the deadline, rounded up and at least 1:
 * Step Functions' TimeoutSecondsPath rejects zero, negatives and fractions.
 */
export function secondsUntil(deadline: Date, now: Date): number {
  const seconds = Math.ceil((deadline.getTime() - now.getTime()) / 1000);
  if (Number.isNaN(seconds)) throw new RangeError('secondsUntil: deadline or now is an Invalid Date');
  return Math.max(1, seconds);
}

function matches(rule: SlaRule, key: SlaKey): boolean {
  return (
    (rule.category === undefined || rule.category === key.category) &&
    (rule.priority === undefined || rule.priority === key.priority) &&
    (rule.level === undefined || rule.level === key.level)
  );
}

function specificityOf(rule: SlaRule): number {
  return [rule.category, rule.priority, rule.level].filter((field) => field !== undefined).length;
}
