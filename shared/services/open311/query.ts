import { ValidationError } from '../../errors.js';
import { parseWith } from '../../http/parse.js';
import * as z from '../../zod.js';
import { parseW3cDateTime } from './datetime.js';

export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

/** GET requests, read: either ids (which override every filter, as the spec says) or a search. */
export type Open311Query =
  | { kind: 'ids'; ids: string[]; extensions: boolean }
  | {
      kind: 'search';
      /** Empty: every service. */
      serviceCodes: string[];
      /** requested_datetime from start to end inclusive, ISO UTC; at most 90 days apart. */
      start: string;
      end: string;
      /** Never empty: both when not asked. */
      statuses: Open311Status[];
      /** From 1 (the page/page_size extension). */
      page: number;
      pageSize: number;
      /** The notes (timeline) of each request (the extensions=true extension). */
      extensions: boolean;
    };

const MAX_IDS = 50;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
const RANGE_MS = 90 * 24 * 3600_000;

/** A comma-delimited list (the spec's "declared multiple times"), deduplicated, each entry checked. */
function commaList(problemOf: (entry: string) => string | undefined, max = Infinity) {
  return z.pipe(
    z.string(),
    z.transform((value: string, ctx) => {
      const entries = [...new Set(value.split(',').map((entry) => entry.trim()))].filter(Boolean);
      const problems = entries.map(problemOf).filter((problem) => problem !== undefined);
      if (entries.length > max) problems.push(`at most ${max}, got ${entries.length}`);
      for (const message of problems) ctx.issues.push({ code: 'custom', input: value, message });
      return entries;
    }),
  );
}

const w3cDate = z.pipe(
  z.string(),
  z.transform((value: string, ctx) => {
    const date = parseW3cDateTime(value);
    if (date) return date;
    ctx.issues.push({
      code: 'custom',
      input: value,
      message: 'must be a W3C datetime with a time zone, e.g. 2010-01-01T00:00:00Z',
    });
    return z.NEVER;
  }),
);

const wholeNumber = (min: number, max: number) =>
  z.pipe(
    z.pipe(
      z.string().check(z.regex(/^\d{1,6}$/, `must be a whole number from ${min} to ${max}`)),
      z.transform(Number),
    ),
    z
      .number()
      .check(z.gte(min, `must be from ${min} to ${max}`), z.lte(max, `must be from ${min} to ${max}`)),
  );

function querySchema(serviceCodes: readonly string[]) {
  return z.object({
    service_request_id: z.optional(
      commaList(
        (id) => (/^[A-Za-z0-9_-]{1,100}$/.test(id) ? undefined : `"${id}" is not a request id`),
        MAX_IDS,
      ),
    ),
    service_code: z.optional(
      commaList((code) =>
        serviceCodes.includes(code)
          ? undefined
          : `"${code}" is not a service here; one of ${serviceCodes.join(', ')}`,
      ),
    ),
    status: z.optional(
      commaList((status) =>
        status === 'open' || status === 'closed' ? undefined : `"${status}" is not open or closed`,
      ),
    ),
    start_date: z.optional(w3cDate),
    end_date: z.optional(w3cDate),
    page: z.optional(wholeNumber(1, 100_000)),
    page_size: z.optional(wholeNumber(1, MAX_PAGE_SIZE)),
    extensions: z.optional(z.enum(['true', 'false'], 'must be true or false')),
  });
}

/**
 * GET requests' query string (API Gateway joins a repeated parameter with commas, which is the
 * spec's own list form). Empty parameters count as not given; jurisdiction_id and unknown
 * parameters are ignored. With neither date the range is the 90 days up to now; with one, the 90
 * days after start_date or before end_date; with both, start ≤ end and at most 90 days apart.
 */
export function parseQuery(
  query: Readonly<Record<string, string | undefined>> | undefined,
  serviceCodes: readonly string[],
  now: Date,
): Open311Query {
  const given = Object.fromEntries(
    Object.entries(query ?? {})
      .map(([name, value]) => [name, value?.trim()])
      .filter(([, value]) => value),
  );
  const parsed = parseWith(querySchema(serviceCodes), given, 'query');
  const extensions = parsed.extensions === 'true';
  if (parsed.service_request_id?.length) {
    return { kind: 'ids', ids: parsed.service_request_id, extensions };
  }
  const { start, end } = dateRange(parsed.start_date, parsed.end_date, now);
  const statuses = OPEN311_STATUSES.filter((status) => parsed.status?.includes(status) ?? true);
  return {
    kind: 'search',
    serviceCodes: parsed.service_code ?? [],
    start: start.toISOString(),
    end: end.toISOString(),
    statuses: statuses.length > 0 ? statuses : [...OPEN311_STATUSES],
    page: parsed.page ?? 1,
    pageSize: parsed.page_size ?? DEFAULT_PAGE_SIZE,
    extensions,
  };
}

function dateRange(start: Date | undefined, end: Date | undefined, now: Date): { start: Date; end: Date } {
  if (start && end) {
    if (start > end) {
      throw new ValidationError('start_date is after end_date.', [
        { field: 'end_date', message: 'must not be before start_date' },
      ]);
    }
    if (end.getTime() - start.getTime() > RANGE_MS) {
      throw new ValidationError('The date range spans more than 90 days. 时间范围不能超过 90 天。', [
        { field: 'end_date', message: 'at most 90 days after start_date (the spec’s limit)' },
      ]);
    }
    return { start, end };
  }
  if (start) return { start, end: new Date(start.getTime() + RANGE_MS) };
  if (end) return { start: new Date(end.getTime() - RANGE_MS), end };
  return { start: new Date(now.getTime() - RANGE_MS), end: now };
}
