import * as z from '../../zod.js';
import { idField, text } from '../schemas.js';
import { page } from './common.js';
import { household } from './households.js';

/** `GET /households?node=&tag=&q=&limit=&cursor=`: households of a grid, building or unit the caller serves. */
export const householdSearchQuery = z.strictObject({
  node: idField,
  tag: z.optional(text(20)),
  q: z.optional(text(20).check(z.describe('a prefix of the room or of a resident’s name'))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
  cursor: z.optional(z.string().check(z.maxLength(512))),
});

/** One page of the households found, and how many matched in all. */
export const householdSearchPage = z.object({ ...page(household).shape, total: z.number() });
