import * as z from '../../zod.js';
import { idField, text } from '../schemas.js';
import { component } from './common.js';

// ---- What the handlers validate ----

/** POST /providers. */
export const createProviderBody = z.strictObject({
  id: idField,
  kind: z.enum(['staff', 'team']),
  name: text(40),
  scope: idField,
  memberIds: z.array(idField).check(z.minLength(1), z.maxLength(50)),
  contactId: z.optional(idField),
  specialities: z
    .array(z.string().check(z.minLength(1), z.maxLength(40)))
    .check(z.minLength(1), z.maxLength(20)),
});

/** GET /providers. */
export const providersQuery = z.strictObject({ node: idField });

// ---- What they answer ----

const summaryShape = {
  id: z.string(),
  kind: z.enum(['staff', 'team']),
  name: z.string(),
  specialities: z.array(z.string()),
  scope: z.string(),
};

/** One of the ten staff (十员) or a volunteer team, as a dispatch target. */
export const provider = component(
  z.object({
    ...summaryShape,
    contact: z.object({ personId: z.string(), phone: z.string() }),
    memberIds: z.array(z.string()),
  }),
  'Provider',
);

/** GET /providers?node=: who serves the node and every level above it. */
export const providerList = z.object({
  items: z.array(component(z.object(summaryShape), 'ProviderSummary')),
});
