import * as z from '../../zod.js';
import { component } from './common.js';
import { idField } from '../schemas.js';

/** A calendar day, `YYYY-MM-DD`, that exists (not 2026-02-30): one problem per field, whatever is wrong. */
export const isoDate = z.string().check(
  z.refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}$/.test(value) &&
      !Number.isNaN(Date.parse(value)) &&
      new Date(value).toISOString().startsWith(value),
    'must be a day of the calendar, YYYY-MM-DD',
  ),
  z.describe('YYYY-MM-DD, a day in the district’s time zone'),
);

/** `GET /stats/requests?from=&to=&node=`: a window of days (district time, both in) over a subtree. */
export const requestStatsQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  node: z.optional(
    z.union([z.literal('district'), idField]).check(z.describe('district, a street, a community or a grid')),
  ),
});

const count = z.number();
const share = z.nullable(z.number().check(z.describe('0..1; null when nothing closed')));

export const requestStatsResponse = component(
  z.strictObject({
    from: z.string(),
    to: z.string(),
    communities: z.array(z.string()),
    grid: z.optional(z.string()),
    totals: z.strictObject({
      raised: count,
      closed: count,
      closedHandled: count,
      acknowledgedOnTime: count,
      resolvedOnTime: count,
    }),
    slaByGrid: z.array(
      z.strictObject({
        communityId: z.string(),
        grid: z.nullable(z.string()),
        name: z.nullable(z.string()),
        raised: count,
        closed: count,
        acknowledgedOnTime: count,
        resolvedOnTime: count,
        acknowledgedOnTimeShare: share,
        resolvedOnTimeShare: share,
      }),
    ),
    timeToAcknowledge: z.array(
      z.strictObject({ bucket: z.string(), withinMinutes: z.nullable(z.number()), count }),
    ),
    categoriesByWeek: z.array(
      z.strictObject({ week: z.string(), total: count, counts: z.record(z.string(), count) }),
    ),
    escalationsByLevel: z.array(z.strictObject({ level: z.string(), count })),
  }),
  'RequestStats',
  'The statistics of a window: what the console charts.',
);
