import { z } from '../../shared/zod.js';
import { publicHandler, type PublicEvent } from '../../shared/runtime/api-handler.js';
import type { Dependencies } from '../../shared/runtime/dependencies.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse, type HttpResponse } from '../../shared/http/problem.js';
import type { RouteKeyOf } from '../../shared/http/routes.js';
import { idField, phoneField } from '../../shared/http/schemas.js';
import { jsonWebKeySet, openIdConfiguration } from '../../shared/services/sign-in/discovery.js';
import { exchangeCode, refreshTokens, signOut } from '../../shared/services/sign-in/issue-tokens.js';
import { requestCode } from '../../shared/services/sign-in/request-code.js';
import { NotFoundError } from '../../shared/errors.js';

const codeField = z.string().check(z.regex(/^\d{6}$/, 'must be the 6 digits of the SMS'));
const refreshField = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be a refresh token this API issued'));

const codesBody = z.strictObject({ phone: phoneField });
const signOutBody = z.strictObject({ refreshToken: refreshField });
/** Either a phone and its code (and, optionally, whom to sign in as) or a refresh token: one grant, never both. */
const tokensBody = z
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

const source = (event: PublicEvent) => ({
  sourceIp: event.requestContext.http.sourceIp,
  requestId: event.requestContext.requestId,
});

/** Tokens and answers about them are never cached (RFC 6749, 5.1); the public keys may be, for an hour. */
const noStore = (response: HttpResponse): HttpResponse => ({
  ...response,
  headers: { ...response.headers, 'cache-control': 'no-store' },
});
const cachedForAnHour = (response: HttpResponse): HttpResponse => ({
  ...response,
  headers: { ...response.headers, 'cache-control': 'public, max-age=3600' },
});

type Answer = (event: PublicEvent, deps: Dependencies) => Promise<HttpResponse>;

const ROUTES: Record<RouteKeyOf<'sign-in'>, Answer> = {
  'POST /auth/codes': async (event, deps) =>
    noStore(jsonResponse(202, await requestCode(deps, { ...parseBody(codesBody, event), ...source(event) }))),
  'POST /auth/tokens': async (event, deps) => {
    const body = parseBody(tokensBody, event);
    const issued =
      body.refreshToken !== undefined
        ? await refreshTokens(deps, { refreshToken: body.refreshToken, ...source(event) })
        : await exchangeCode(deps, {
            phone: body.phone ?? '',
            code: body.code ?? '',
            ...(body.personId ? { personId: body.personId } : {}),
            ...(body.householdId ? { householdId: body.householdId } : {}),
            ...source(event),
          });
    return noStore(jsonResponse(200, issued));
  },
  'POST /auth/sign-out': async (event, deps) => {
    await signOut(deps, { ...parseBody(signOutBody, event), ...source(event) });
    return noStore({ statusCode: 204, headers: {}, body: '' });
  },
  'GET /.well-known/openid-configuration': async (_event, deps) =>
    cachedForAnHour(jsonResponse(200, openIdConfiguration(deps))),
  'GET /.well-known/jwks.json': async (_event, deps) =>
    cachedForAnHour(jsonResponse(200, await jsonWebKeySet(deps))),
};

/**
 * Phone-code sign-in (docs/api.md, "Signing in"): public routes, since their callers have no token
 * yet; what protects them is the code, the rate limits and the same answer for every phone.
 */
export const handler = publicHandler(async (event, deps) => {
  const answer = (ROUTES as Partial<Record<string, Answer>>)[event.routeKey];
  if (!answer) throw new NotFoundError(`No route ${event.routeKey}.`);
  return answer(event, deps);
});
