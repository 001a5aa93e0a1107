import { parseWith } from '../../http/parse.js';
import * as z from '../../zod.js';

const month = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'));

/** `{}` from the schedule (the month that just ended) or `{month}` from the API and the CLI. */
const start = z.object({ month: z.optional(z.string()) });
const monthStep = z.object({ month });
const communityStep = z.object({ month, communityId: z.string().check(z.minLength(1)) });

/** The payloads the settlement workflow sends its Task states (see infra/settlement-workflow.ts). */
export const parseSettlementStart = (event: unknown) => parseWith(start, event ?? {}, 'settlement input');
export const parseMonthStep = (event: unknown) => parseWith(monthStep, event, 'settlement input');
export const parseCommunityStep = (event: unknown) => parseWith(communityStep, event, 'settlement input');
