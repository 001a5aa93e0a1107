import * as z from '../../zod.js';
import { idField, notEmpty, phoneField, text } from '../schemas.js';
import { component, householdAncestors } from './common.js';

// ---- What the handlers validate ----

const resident = z.strictObject({
  personId: idField,
  name: text(40),
  phone: phoneField,
  relation: text(20),
});
const need = z.strictObject({ what: text(40), note: z.optional(text(200)) });
const file = {
  room: text(20),
  address: z.optional(text(100)),
  residents: z.array(resident).check(z.minLength(1), z.maxLength(20)),
  tags: z.array(text(20)).check(z.maxLength(20)),
  needs: z.array(need).check(z.maxLength(20)),
};

/** POST /households. */
export const createHouseholdBody = z.strictObject({
  id: idField,
  unitId: idField,
  ...file,
  tags: z._default(file.tags, []),
  needs: z._default(file.needs, []),
});

/** PATCH /households/{id}. */
export const patchHouseholdBody = z
  .strictObject({
    room: z.optional(file.room),
    address: z.optional(file.address),
    residents: z.optional(file.residents),
    tags: z.optional(file.tags),
    needs: z.optional(file.needs),
  })
  .check(notEmpty);

// ---- What they answer ----

/** A household's file (一户一档); residents' phones as the phone rule says. */
export const household = component(
  z.object({
    id: z.string(),
    type: z.literal('household'),
    address: z.string(),
    room: z.string(),
    parentId: z.string(),
    ancestors: householdAncestors,
    residents: z.array(
      z.object({ personId: z.string(), name: z.string(), phone: z.string(), relation: z.string() }),
    ),
    tags: z.array(z.string()),
    needs: z.optional(z.array(z.object({ what: z.string(), note: z.optional(z.string()) }))),
    revision: z.optional(z.number()),
  }),
  'Household',
);
