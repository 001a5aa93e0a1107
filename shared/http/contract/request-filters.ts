import { LEVELS, PRIORITIES } from '../../config/vocabulary.js';
import * as z from '../../zod.js';

/** A category's code, as the district config writes it (`repair`); whether it is the district's, the service says. */
export const categoryCode = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a category code'));

/**
 * The board's filters on `GET /requests`, narrowing any listing (by area, assignee or household):
 * `overdue=true` keeps the late ones (flagged overdue, or their deadline passed while someone must act).
 */
export const requestFilterFields = {
  category: z.optional(categoryCode),
  priority: z.optional(z.enum(PRIORITIES)),
  level: z.optional(z.enum(LEVELS)),
  overdue: z.optional(z.stringbool({ truthy: ['true'], falsy: ['false'] })),
};
