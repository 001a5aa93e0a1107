import { publicHandler, type PublicEvent } from '../../shared/runtime/api-handler.js';
import type { Dependencies } from '../../shared/runtime/dependencies.js';
import { parseBody } from '../../shared/http/parse.js';
import { jsonResponse, type HttpResponse } from '../../shared/http/problem.js';
import type { RouteKeyOf } from '../../shared/http/routes.js';
import { jsonWebKeySet, openIdConfiguration } from '../../shared/services/sign-in/discovery.js';
import { exchangeCode, refreshTokens, signOut } from '../../shared/services/sign-in/issue-tokens.js';
import { requestCode } from '../../shared/services/sign-in/request-code.js';
import { NotFoundError } from '../../shared/errors.js';
import { codesBody, signOutBody, tokensBody } from '../../shared/http/contract/sign-in.js';

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
