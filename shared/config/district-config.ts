import * as z from '../zod.js';
import { districtPartition } from './partition.js';
import { checkWebSite, webSiteSchema } from './web-site.js';
import {
  LEVELS,
  PRIORITIES,
  SMS_TEMPLATE_NAMES,
  STANDARD_HOUSEHOLD_TAGS,
  unmappedSmsTemplates,
} from './vocabulary.js';

const clockTime = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)'));
const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD'));
const positiveMinutes = z.number().check(z.int(), z.positive());
const wholePoints = z.number().check(z.int(), z.gte(0));
const phone = z.string().check(z.regex(/^\+\d{8,15}$/, 'must be E.164, e.g. +8613800000000'));
/** Reminded at three quarters of a wait, unless the district says otherwise. */
const DEFAULT_REMINDER_SHARE = 0.75;
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

/** The SLA alarm judges an hour with at least this many deadlines: one miss in two is not a trend. */
export const SLA_ALARM_MINIMUM_DEADLINES = 5;

/** A route's throttle: API Gateway's token bucket, refilled at `ratePerSecond`, holding `burst`. */
const routeThrottle = (description: string, ratePerSecond: number, burst: number) =>
  z._default(
    z
      .strictObject({
        ratePerSecond: z
          .number()
          .check(z.int(), z.gte(1), z.describe('Steady requests per second; more are answered 429.')),
        burst: z
          .number()
          .check(z.int(), z.gte(1), z.describe('Requests absorbed at once above the steady rate.')),
      })
      .check(z.describe(description)),
    { ratePerSecond, burst },
  );

// The descriptions are the configuration reference: `npm run docs:config` writes docs/configuration.md from them.
const slaRule = z.strictObject({
  category: z.optional(
    z
      .string()
      .check(z.minLength(1), z.describe('Matches requests of this category (a code of `categories`).')),
  ),
  priority: z.optional(z.enum(PRIORITIES).check(z.describe('Matches requests of this priority.'))),
  level: z.optional(
    z.enum(LEVELS).check(z.describe('Matches while the request waits at this level of the hierarchy.')),
  ),
  acknowledgeMinutes: positiveMinutes.check(
    z.describe('How long the leader holding the request has to acknowledge it before it escalates.'),
  ),
  resolveMinutes: positiveMinutes.check(
    z.describe('How long the leader has to resolve it once acknowledged, before it escalates.'),
  ),
});

/** A share of a wait after which its holder is reminded; 0 turns the reminder off. */
const reminderShare = z._default(
  z
    .number()
    .check(
      z.gte(0),
      z.lt(1),
      z.describe('The share of the wait after which the holder is reminded, below 1; 0: no reminder.'),
    ),
  DEFAULT_REMINDER_SHARE,
);

// Absent objects are filled by their fields' defaults (prefault parses `{}`).
const windowReminders = z.prefault(
  z.strictObject({ acknowledge: reminderShare, resolve: reminderShare }),
  {},
);

export const SMS_PROVIDERS = ['sns', 'tencent'] as const;

const tencentSms = z
  .strictObject({
    sdkAppId: z
      .string()
      .check(
        z.regex(/^\d{6,12}$/, 'must be the SDK AppID (digits) of the SMS application'),
        z.describe("The SmsSdkAppId of the district's application in the Tencent Cloud SMS console."),
      ),
    region: z
      .string()
      .check(
        z.regex(/^ap-[a-z]+$/, 'must be a Tencent Cloud region such as ap-guangzhou'),
        z.describe(
          'The Tencent Cloud region the requests name (`ap-guangzhou`, `ap-beijing` or `ap-nanjing`).',
        ),
      ),
    templates: z
      .record(
        z.string().check(z.minLength(1)),
        z.string().check(z.regex(/^\d{1,12}$/, 'must be the registered template id (digits)')),
      )
      .check(
        z.describe(
          'Each message template by name, mapped to the id Tencent Cloud gave it when it was approved.',
        ),
      ),
  })
  .check(
    z.describe(
      'Tencent Cloud SMS; required when `provider` is `tencent`. The signature is `signature` without its 【】.',
    ),
  );

/** The SMS provider must exist where the district deploys: SNS sends no SMS from the China regions. */
function checkSmsProvider(
  config: {
    deploy?: { region: string } | undefined;
    sms: { provider: string; tencent?: { templates: Record<string, string> } | undefined };
    web?: { domain?: string | undefined } | undefined;
  },
  ctx: { issues: z.core.$ZodRawIssue[] },
): void {
  if (config.sms.provider === 'sns' && districtPartition(config) === 'aws-cn') {
    ctx.issues.push({
      code: 'custom',
      input: config.sms.provider,
      path: ['sms', 'provider'],
      message: `Amazon SNS sends no SMS from ${config.deploy?.region ?? 'the China regions'}; use "tencent" there`,
    });
  }
  if (config.sms.provider === 'tencent' && config.sms.tencent === undefined) {
    ctx.issues.push({
      code: 'custom',
      input: config.sms,
      path: ['sms', 'tencent'],
      message: 'is required when sms.provider is "tencent" (sdkAppId, region, templates)',
    });
  }
  const templates = config.sms.tencent?.templates;
  if (config.sms.provider !== 'tencent' || templates === undefined) return;
  for (const name of unmappedSmsTemplates(templates, { links: config.web?.domain !== undefined })) {
    ctx.issues.push({
      code: 'custom',
      input: templates,
      path: ['sms', 'tencent', 'templates', name],
      message: 'has no template id: register the template (docs/sms-templates.md) and map its id here',
    });
  }
  const known = new Set<string>(SMS_TEMPLATE_NAMES);
  for (const name of Object.keys(templates).filter((candidate) => !known.has(candidate))) {
    ctx.issues.push({
      code: 'custom',
      input: name,
      path: ['sms', 'tencent', 'templates', name],
      message: `is not a template the system sends (${SMS_TEMPLATE_NAMES.join(', ')})`,
    });
  }
}

export const districtConfigSchema = z
  .strictObject({
    district: z
      .strictObject({
        id: z
          .string()
          .check(
            z.regex(/^[a-z][a-z0-9-]{1,30}$/, 'must be lowercase letters, digits and dashes'),
            z.describe('The stack is `Sanzhang-<id>`.'),
          ),
        name: z.string().check(z.minLength(1), z.describe('The display name, e.g. 绿园区.')),
        timeZone: timeZone.check(
          z.describe('The IANA time zone every deadline, the service hours and the settlement month are in.'),
        ),
      })
      .check(z.describe('The district this file deploys.')),
    deploy: z.optional(
      z
        .strictObject({
          account: z.optional(
            z
              .string()
              .check(
                z.regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
                z.describe('The 12-digit AWS account id.'),
              ),
          ),
          region: z
            .string()
            .check(
              z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as ap-southeast-1'),
              z.describe(
                'The AWS region; the China regions (cn-north-1, cn-northwest-1) are the aws-cn partition, with their own deployment profile.',
              ),
            ),
        })
        .check(
          z.describe("Pins the stack's environment; without it the CDK CLI's account and region are used."),
        ),
    ),
    auth: z.prefault(
      z
        .strictObject({
          signIn: z._default(
            z
              .enum(['phone-code', 'cognito'])
              .check(
                z.describe(
                  '`phone-code`: a one-time SMS code for a phone the district knows, tokens signed by the ' +
                    'district\'s KMS key (docs/api.md, "Signing in"); `cognito`: an Amazon Cognito user pool ' +
                    '(not in the China regions).',
                ),
              ),
            'phone-code',
          ),
          accessTokenMinutes: z._default(
            z
              .number()
              .check(
                z.int(),
                z.gte(5),
                z.lte(60),
                z.describe('`phone-code`: how long an access token is accepted, in minutes.'),
              ),
            30,
          ),
          refreshTokenDays: z._default(
            z
              .number()
              .check(
                z.int(),
                z.gte(1),
                z.lte(90),
                z.describe(
                  '`phone-code`: how long a refresh token may go unused before it expires, in days ' +
                    '(each use replaces it).',
                ),
              ),
            30,
          ),
        })
        .check(z.describe('How residents, leaders and staff sign in.')),
      {},
    ),
    runtime: z._default(
      z
        .strictObject({
          nodejs: z._default(
            z
              .enum(['nodejs24.x', 'nodejs22.x'])
              .check(
                z.describe(
                  'The Lambda Node.js runtime (the bundles target the same Node version); 22 where a region lacks 24.',
                ),
              ),
            'nodejs24.x',
          ),
          architecture: z._default(
            z
              .enum(['arm64', 'x86_64'])
              .check(z.describe("The functions' processor architecture; x86_64 where a region lacks arm64.")),
            'arm64',
          ),
        })
        .check(z.describe('How the functions run: the Lambda runtime and architecture.')),
      { nodejs: 'nodejs24.x', architecture: 'arm64' },
    ),
    serviceCalendar: z
      .strictObject({
        dailyHours: z
          .strictObject({
            start: clockTime.check(z.describe('Service starts, `HH:MM`; before `end`.')),
            end: clockTime.check(z.describe('Service ends, `HH:MM`.')),
          })
          .check(z.describe('The service hours of a day with service.')),
        workdays: z
          .array(z.number().check(z.int(), z.gte(1), z.lte(7)))
          .check(z.minLength(1), z.describe('ISO weekdays with service (1 = Monday … 7 = Sunday).')),
        holidays: z.array(isoDate).check(z.describe('Dates without service (`YYYY-MM-DD`).')),
        extraWorkdays: z
          .array(isoDate)
          .check(z.describe('Dates with service even on a day that is not a workday (调休).')),
      })
      .check(
        z.describe("When the district serves: a normal or high request's deadlines count only service time."),
      ),
    categories: z
      .array(
        z.strictObject({
          code: z
            .string()
            .check(
              z.regex(/^[a-z][a-z0-9-]*$/),
              z.describe("The category's code in requests and in `sla.rules`."),
            ),
          name: z.string().check(z.describe('The name residents and leaders see.')),
        }),
      )
      .check(z.minLength(1), z.describe('What residents can ask for.')),
    householdTags: z.optional(
      z
        .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(20)))
        .check(
          z.describe(
            'Household tags this district records beyond the standard four (独居老人, 残疾, 低保, 重点关注).',
          ),
        ),
    ),
    tagPriorities: z.optional(
      z
        .record(z.string().check(z.minLength(1)), z.enum(['high', 'urgent']))
        .check(
          z.describe(
            'A household tag (standard or in `householdTags`) → the least priority its requests run at ' +
              '(独居老人 → high in the demo); the raise, and why, is on the timeline.',
          ),
        ),
    ),
    sla: z
      .strictObject({
        rules: z
          .array(slaRule)
          .check(
            z.minLength(1),
            z.describe(
              'The rule matching the most of category, priority and level wins; on a tie the later rule ' +
                'wins. One rule naming none of the three (the fallback) is required.',
            ),
          ),
        autoConfirmMinutes: positiveMinutes.check(
          z.describe(
            'How long (wall clock) a resident has to confirm a resolution before it confirms itself.',
          ),
        ),
        dispatchMinutes: positiveMinutes.check(
          z.describe(
            'How long a dispatched staff member or volunteer team has to finish, on the service calendar, ' +
              'before the request goes back to its leader.',
          ),
        ),
        triageMinutes: z._default(
          positiveMinutes.check(
            z.describe(
              'How long community staff have to place a request no household matched, on the service ' +
                'calendar, before the supervisors are told.',
            ),
          ),
          120,
        ),
        overdueReminderMinutes: positiveMinutes.check(
          z.describe(
            'How often (wall clock) the supervisors are reminded of a request overdue at the street.',
          ),
        ),
        reminders: z.prefault(
          z
            .strictObject({ normal: windowReminders, high: windowReminders, urgent: windowReminders })
            .check(
              z.describe(
                'By priority: when the leader holding a request is reminded of a deadline, as a share of ' +
                  'the wait on its clock; none within a minute of it.',
              ),
            ),
          {},
        ),
      })
      .check(
        z.describe('Deadlines. Urgent requests run on the wall clock, the others on the service calendar.'),
      ),
    points: z
      .strictObject({
        resolve: wholePoints.check(
          z.describe('Paid to each leader who resolved the request, when it closes.'),
        ),
        acknowledgeWithinSla: wholePoints.check(
          z.describe('Paid to each leader who acknowledged within the deadline, when the request closes.'),
        ),
        resolveWithinSla: wholePoints.check(
          z.describe('Paid to each leader who resolved within the deadline, when the request closes.'),
        ),
        ratingBonus: z
          .partialRecord(z.enum(['1', '2', '3', '4', '5']), wholePoints)
          .check(
            z.describe("The resident's rating → paid to the leaders who resolved, when the request closes."),
          ),
        perVolunteerHour: z._default(
          wholePoints.check(
            z.describe('Per hour of volunteer work logged by community staff (rounded; 0: none).'),
          ),
          0,
        ),
        breachedSla: z._default(
          wholePoints.check(
            z.describe(
              'Taken back from each leader who missed a deadline on a request, when it closes ' +
                '(0: none; never below zero).',
            ),
          ),
          0,
        ),
        maxAward: z._default(
          z.number().check(z.int(), z.gte(1), z.describe('The most a one-off award by staff may give.')),
          100,
        ),
        monthlyAwardCap: z._default(
          z
            .number()
            .check(
              z.int(),
              z.gte(1),
              z.describe(
                'The most points one staff member gives in one-off awards in a month (district time ' +
                  'zone), all leaders together; at least `maxAward`. Volunteer hours do not count.',
              ),
            ),
          300,
        ),
        monthlyBonus: z._default(
          z
            .array(
              z.strictObject({
                rank: z.number().check(z.int(), z.gte(1), z.describe("A rank in the community's month.")),
                points: z.number().check(z.int(), z.gte(1), z.describe('Paid to each leader at that rank.')),
              }),
            )
            .check(
              z.refine(
                (rules) => new Set(rules.map((rule) => rule.rank)).size === rules.length,
                'each rank at most once',
              ),
              z.describe(
                'Paid at the monthly settlement to the leaders ranked so in their community (ties each ' +
                  'get it; none for 0 points); each rank at most once.',
              ),
            ),
          [],
        ),
      })
      .check(z.describe('Service points paid to leaders, in the double-entry ledger.')),
    sms: z
      .strictObject({
        signature: z
          .string()
          .check(
            z.regex(/^【.{2,12}】$/, 'must be a registered signature in 【】'),
            z.describe('The registered 【signature】 every SMS begins with.'),
          ),
        quietHours: z
          .strictObject({
            start: clockTime.check(z.describe('From, `HH:MM`.')),
            end: clockTime.check(z.describe('Until, `HH:MM`; may be past midnight.')),
          })
          .check(
            z.describe(
              'Applied in the district zone: an SMS that is not urgent (urgent requests and notices, the supervisors) waits until the window ends.',
            ),
          ),
        digest: z._default(
          z
            .boolean()
            .check(
              z.describe(
                'When quiet hours end, a person’s two or more held SMS about requests and notices go as one (您有3件诉求、2条通知待处理…).',
              ),
            ),
          false,
        ),
        provider: z._default(
          z
            .enum(SMS_PROVIDERS)
            .check(
              z.describe(
                'Who delivers the SMS: `sns` (Amazon SNS, global regions only) or `tencent` (Tencent Cloud SMS, for the China regions, where SNS sends no SMS).',
              ),
            ),
          'sns',
        ),
        tencent: z.optional(tencentSms),
      })
      .check(z.describe('How the SMS go out.')),
    notices: z._default(
      z
        .strictObject({
          remindUnreadAfterMinutes: z._default(
            z
              .number()
              .check(
                z.int(),
                z.gte(1),
                z.describe(
                  'After how many minutes the leaders who have not confirmed reading an urgent notice are reminded (once).',
                ),
              ),
            120,
          ),
          reportUnreadAfterMinutes: z._default(
            z
              .number()
              .check(
                z.int(),
                z.gte(1),
                z.describe(
                  "After how many minutes an urgent notice's sender is told how many have still not read it; " +
                    'after `remindUnreadAfterMinutes`.',
                ),
              ),
            240,
          ),
        })
        .check(
          z.describe(
            'Notices to a place (通知公告). Title (20 characters: it goes in the SMS) and body (1000) limits are fixed.',
          ),
        ),
      { remindUnreadAfterMinutes: 120, reportUnreadAfterMinutes: 240 },
    ),
    supervisors: z
      .array(
        z.strictObject({
          name: z.string().check(z.describe('Who they are, e.g. the bureau duty office.')),
          phone: phone.check(z.describe('E.164, e.g. +8613800000000.')),
          email: z.optional(
            z
              .string()
              .check(
                z.regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address'),
                z.describe(
                  "Also told by e-mail: subscribed to the notifications topic, filtered to the supervisors' notifications.",
                ),
              ),
          ),
        }),
      )
      .check(
        z.minLength(1),
        z.describe(
          'Subscribed by SMS to the supervisors topic: overdue requests, unplaced partner requests.',
        ),
      ),
    email: z.optional(
      z
        .strictObject({
          from: z
            .string()
            .check(
              z.regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address'),
              z.describe(
                'The sender of staff e-mail, an address of a domain the stack registers with Amazon SES (its DKIM records go in that DNS zone: docs/notifications.md).',
              ),
            ),
        })
        .check(
          z.describe(
            'Staff e-mail, a third channel community, street and district staff may choose (PUT /me/preferences). Not available in the China regions (no Amazon SES there); absent: no e-mail is offered.',
          ),
        ),
    ),
    alarmEmails: z
      .array(z.string().check(z.regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address')))
      .check(z.describe("Operators' e-mail addresses for the CloudWatch alarms.")),
    operations: z.prefault(
      z
        .strictObject({
          slaBreachRatePercent: z._default(
            z
              .number()
              .check(
                z.gt(0),
                z.lte(100),
                z.describe(
                  'The SLA alarm goes off when more than this share of the deadlines that fell due in an ' +
                    'hour were missed (acknowledged or resolved late, or escalated by their timeout), in an ' +
                    `hour with at least ${SLA_ALARM_MINIMUM_DEADLINES} deadlines (docs/operations.md, "Runbook").`,
                ),
              ),
            20,
          ),
          throttling: z.prefault(
            z
              .strictObject({
                api: routeThrottle(
                  "The stage's default limits: every route without limits of its own (residents, leaders, staff).",
                  100,
                  200,
                ),
                intake: routeThrottle(
                  'Each partner webhook route (`/intake/…`), all partners together.',
                  10,
                  20,
                ),
                open311: routeThrottle('Each Open311 route (`/open311/…`), all clients together.', 10, 20),
              })
              .check(
                z.describe(
                  "The HTTP API's throttling: the partner routes have limits of their own, so a flooding partner " +
                    'is refused (429) there before it takes the capacity residents and leaders need.',
                ),
              ),
            {},
          ),
        })
        .check(z.describe("What the operators' dashboard and alarms watch for, and the API's limits.")),
      {},
    ),
    web: z.optional(webSiteSchema),
  })
  .check(
    z.superRefine((config, ctx) => {
      if (config.auth.signIn === 'cognito' && districtPartition(config) === 'aws-cn') {
        ctx.issues.push({
          code: 'custom',
          input: config.auth.signIn,
          path: ['auth', 'signIn'],
          message:
            'cognito is not available in the China regions (no Cognito user pools there); use phone-code',
        });
      }
      if (config.email && districtPartition(config) === 'aws-cn') {
        ctx.issues.push({
          code: 'custom',
          input: config.email,
          path: ['email'],
          message:
            'e-mail is not available in the China regions (no Amazon SES there); leave it out: staff get SMS and the app',
        });
      }
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
      if (config.notices.reportUnreadAfterMinutes <= config.notices.remindUnreadAfterMinutes) {
        ctx.issues.push({
          code: 'custom',
          input: config.notices.reportUnreadAfterMinutes,
          path: ['notices', 'reportUnreadAfterMinutes'],
          message: `must be after remindUnreadAfterMinutes (${config.notices.remindUnreadAfterMinutes})`,
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
    z.superRefine(checkSmsProvider),
    z.superRefine(checkWebSite),
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

/** A parsed config file's validation: the config, or every problem, each naming its field path. */
export function validateDistrictConfig(
  raw: unknown,
): { config: DistrictConfig; problems: [] } | { config?: undefined; problems: string[] } {
  const result = z.safeParse(districtConfigSchema, raw);
  if (result.success) return { config: result.data, problems: [] };
  return {
    problems: result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
  };
}

/** Validates a parsed config file; every problem names its field path. */
export function parseDistrictConfig(raw: unknown, source: string): DistrictConfig {
  const { config, problems } = validateDistrictConfig(raw);
  if (config) return config;
  throw new DistrictConfigError(source, problems);
}
