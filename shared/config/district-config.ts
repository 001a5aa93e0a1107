import { z } from '../zod.js';
import { LEVELS, PRIORITIES, STANDARD_HOUSEHOLD_TAGS } from './vocabulary.js';

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'));
const positiveMinutes = z.number().check(z.int(), z.positive());
const phone = z.string().check(z.regex(/^\+\d{8,15}$/, 'must be E.164, e.g. +8613800000000'));
const timeZone = z.string().check(
  z.refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Asia/Shanghai'),
);

const slaRule = z.strictObject({
  category: z.optional(z.string().check(z.minLength(1))),
  priority: z.optional(z.enum(PRIORITIES)),
  level: z.optional(z.enum(LEVELS)),
  acknowledgeMinutes: positiveMinutes,
  resolveMinutes: positiveMinutes,
});

export const districtConfigSchema = z
  .strictObject({
    district: z.strictObject({
      id: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and dashes')),
      name: z.string().check(z.minLength(1)),
      timeZone,
    }),
    deploy: z.optional(
      z.strictObject({
        account: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'))),
        region: z
          .string()
          .check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as ap-southeast-1')),
      }),
    ),
    serviceCalendar: z.strictObject({
      dailyHours: z.strictObject({ start: clockTime, end: clockTime }),
      workdays: z.array(z.number().check(z.int(), z.gte(1), z.lte(7))).check(z.minLength(1)),
      holidays: z.array(isoDate),
      extraWorkdays: z.array(isoDate),
    }),
    categories: z
      .array(z.strictObject({ code: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/)), name: z.string() }))
      .check(z.minLength(1)),
    /** Household tags this district records beyond the standard four (独居老人, 残疾, 低保, 重点关注). */
    householdTags: z.optional(z.array(z.string().check(z.trim(), z.minLength(1), z.maxLength(20)))),
    /** A household tag that raises its requests' priority (and so shortens their SLA): 独居老人 → high. */
    tagPriorities: z.optional(z.record(z.string().check(z.minLength(1)), z.enum(['high', 'urgent']))),
    sla: z.strictObject({
      rules: z.array(slaRule).check(z.minLength(1)),
      autoConfirmMinutes: positiveMinutes,
      /** How long a dispatched staff member or volunteer team has to finish, on the service calendar. */
      dispatchMinutes: positiveMinutes,
      /** How long community staff have to place a request no household matched, on the service calendar. */
      triageMinutes: z._default(positiveMinutes, 120),
      overdueReminderMinutes: positiveMinutes,
    }),
    points: z.strictObject({
      resolve: z.number().check(z.int(), z.gte(0)),
      acknowledgeWithinSla: z.number().check(z.int(), z.gte(0)),
      resolveWithinSla: z.number().check(z.int(), z.gte(0)),
      ratingBonus: z.partialRecord(z.enum(['1', '2', '3', '4', '5']), z.number().check(z.int(), z.gte(0))),
      /** Points per hour of volunteer work logged by community staff (rounded to whole points). */
      perVolunteerHour: z._default(z.number().check(z.int(), z.gte(0)), 0),
      /** Taken back from each leader who missed a deadline on a request, when it closes (0: none). */
      breachedSla: z._default(z.number().check(z.int(), z.gte(0)), 0),
      /** The most a one-off award by staff may give. */
      maxAward: z._default(z.number().check(z.int(), z.gte(1)), 100),
      /**
       * The most points one staff member gives in one-off awards in a month (the district's time
       * zone), all leaders together; volunteer hours do not count (they follow the hourly rate).
       */
      monthlyAwardCap: z._default(z.number().check(z.int(), z.gte(1)), 300),
      /** Paid at the monthly settlement to the leaders ranked so in their community (ties each get it). */
      monthlyBonus: z._default(
        z
          .array(
            z.strictObject({
              rank: z.number().check(z.int(), z.gte(1)),
              points: z.number().check(z.int(), z.gte(1)),
            }),
          )
          .check(
            z.refine(
              (rules) => new Set(rules.map((rule) => rule.rank)).size === rules.length,
              'each rank at most once',
            ),
          ),
        [],
      ),
    }),
    sms: z.strictObject({
      signature: z.string().check(z.regex(/^【.{2,12}】$/, 'must be a registered signature in 【】')),
      quietHours: z.strictObject({ start: clockTime, end: clockTime }),
    }),
    supervisors: z.array(z.strictObject({ name: z.string(), phone })).check(z.minLength(1)),
    alarmEmails: z.array(z.string().check(z.regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address'))),
  })
  .check(
    z.superRefine((config, ctx) => {
      const start = config.serviceCalendar.dailyHours.start;
      const end = config.serviceCalendar.dailyHours.end;
      if (start >= end) {
        ctx.issues.push({
          code: 'custom',
          input: config.serviceCalendar.dailyHours,
          path: ['serviceCalendar', 'dailyHours'],
          message: 'start must be before end',
        });
      }
      if (config.points.monthlyAwardCap < config.points.maxAward) {
        ctx.issues.push({
          code: 'custom',
          input: config.points.monthlyAwardCap,
          path: ['points', 'monthlyAwardCap'],
          message: `must be at least maxAward (${config.points.maxAward}): one award must fit in a month`,
        });
      }
      const codes = new Set(config.categories.map((category) => category.code));
      config.sla.rules.forEach((rule, index) => {
        if (rule.category !== undefined && !codes.has(rule.category)) {
          ctx.issues.push({
            code: 'custom',
            input: rule.category,
            path: ['sla', 'rules', index, 'category'],
            message: `unknown category "${rule.category}"; add it to categories`,
          });
        }
      });
      const tags = new Set([...STANDARD_HOUSEHOLD_TAGS, ...(config.householdTags ?? [])]);
      for (const tag of Object.keys(config.tagPriorities ?? {})) {
        if (!tags.has(tag)) {
          ctx.issues.push({
            code: 'custom',
            input: tag,
            path: ['tagPriorities', tag],
            message: `unknown household tag "${tag}"; add it to householdTags`,
          });
        }
      }
      const hasFallback = config.sla.rules.some(
        (rule) => rule.category === undefined && rule.priority === undefined && rule.level === undefined,
      );
      if (!hasFallback) {
        ctx.issues.push({
          code: 'custom',
          input: config.sla.rules,
          path: ['sla', 'rules'],
          message: 'needs a fallback rule with no category, priority or level',
        });
      }
    }),
  );

export type DistrictConfig = z.infer<typeof districtConfigSchema>;
export type SlaRule = z.infer<typeof slaRule>;
export type ServiceCalendar = DistrictConfig['serviceCalendar'];

export class DistrictConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`Invalid district config ${source}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DistrictConfigError';
  }
}

/** Validates a parsed config file; every problem names its field path. */
export function parseDistrictConfig(raw: unknown, source: string): DistrictConfig {
  const result = z.safeParse(districtConfigSchema, raw);
  if (result.success) return result.data;
  throw new DistrictConfigError(
    source,
    result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  );
}
