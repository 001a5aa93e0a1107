import * as z from '../../zod.js';
import { component } from './common.js';

const coded = z.strictObject({ code: z.string(), name: z.string() });
const clockSpan = z.strictObject({ start: z.string(), end: z.string() });

/** `GET /district`: what the pages label and choose with (no query, no body). */
export const districtResponse = component(
  z.strictObject({
    id: z.string(),
    name: z.string(),
    timeZone: z
      .string()
      .check(z.describe('IANA: every deadline, service hour and day of the charts is in it.')),
    categories: z.array(coded),
    priorities: z.array(coded),
    levels: z.array(z.extend(coded, { postName: z.string() })),
    householdTags: z.array(z.string()),
    tagPriorities: z.record(z.string(), z.string()),
    serviceCalendar: z.strictObject({ dailyHours: clockSpan, workdays: z.array(z.number()) }),
    quietHours: clockSpan,
    points: z.strictObject({
      resolve: z.number(),
      acknowledgeWithinSla: z.number(),
      resolveWithinSla: z.number(),
      ratingBonus: z.record(z.string(), z.number()),
      perVolunteerHour: z.number(),
      breachedSla: z.number(),
      maxAward: z.number(),
    }),
    stats: z.strictObject({ maxDays: z.number(), timeToAcknowledgeBuckets: z.array(z.number()) }),
  }),
  'District',
  'The district profile: its names, vocabulary and hours.',
);
