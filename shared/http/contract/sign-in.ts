import * as z from '../../zod.js';
import { idField, phoneField } from '../schemas.js';
import { component } from './common.js';

// ---- What the handlers validate ----

const codeField = z.string().check(z.regex(/^\d{6}$/, 'must be the 6 digits of the SMS'));
const refreshField = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be a refresh token this API issued'));

/** POST /auth/codes. */
export const codesBody = z.strictObject({ phone: phoneField });

/** POST /auth/sign-out. */
export const signOutBody = z.strictObject({ refreshToken: refreshField });

/** POST /auth/tokens: either a phone and its code (and, optionally, whom to sign in as) or a refresh token: one grant, never both. */
export const tokensBody = z
  .strictObject({
    phone: z.optional(phoneField),
    code: z.optional(codeField),
    personId: z.optional(idField),
    householdId: z.optional(idField),
    refreshToken: z.optional(refreshField),
  })
  .check(
    z.superRefine((body, ctx) => {
      const problem = (field: string, message: string) =>
        ctx.issues.push({ code: 'custom', input: body, path: [field], message });
      if (body.refreshToken !== undefined) {
        for (const field of ['phone', 'code', 'personId', 'householdId'] as const)
          if (body[field] !== undefined)
            problem(field, 'not with refreshToken: send a code or a refresh token');
        return;
      }
      if (body.phone === undefined) problem('phone', 'required (or send refreshToken)');
      if (body.code === undefined) problem('code', 'required (or send refreshToken)');
    }),
  );

// ---- What they answer ----

/** POST /auth/codes: the same answer whether or not the district knows the phone. */
export const codeRequested = component(
  z.object({ message: z.string(), expiresInSeconds: z.number() }),
  'CodeRequested',
);

/** POST /auth/tokens: the OAuth 2.0 token response's names, camel-cased like the rest of the API. */
export const issuedTokens = component(
  z.object({
    tokenType: z.literal('Bearer'),
    accessToken: z.string(),
    expiresIn: z.number(),
    refreshToken: z.string(),
    refreshExpiresIn: z.number(),
    personId: z.string(),
    householdId: z.optional(z.string()),
  }),
  'IssuedTokens',
);

/** GET /.well-known/openid-configuration (what the JWT authorizer reads). */
export const openIdConfiguration = z.looseObject({
  issuer: z.string(),
  jwks_uri: z.string(),
  token_endpoint: z.string(),
  id_token_signing_alg_values_supported: z.array(z.string()),
  claims_supported: z.array(z.string()),
});

/** GET /.well-known/jwks.json: the district's public signing key. */
export const jsonWebKeySet = z.object({ keys: z.array(z.looseObject({ kty: z.string() })) });
