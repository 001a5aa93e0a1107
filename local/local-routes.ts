import type { DemoDistrict } from '../demo/lvyuan-district.js';
import { openApiDocument } from '../shared/http/openapi.js';
import { asServiceUnavailable, jsonResponse, problemResponse } from '../shared/http/problem.js';
import { settleableMonth } from '../shared/services/settlement/settle-month.js';
import type { LocalRoute } from './local-api.js';
import { demoClaims, type LocalAuth } from './local-auth.js';
import { demoSignIns } from './local-people.js';
import type { LocalStack } from './local-stack.js';

/**
 * The local run's own routes, answered before the API's and without the table (they keep working
 * while DynamoDB Local is down, except the settlement): who can sign in, a token for them, the API's
 * OpenAPI document (its server: the origin it was asked at), and settling a month on the local
 * engine (`npm run settle`).
 */
export function localRoutes(options: {
  district: DemoDistrict;
  auth: LocalAuth;
  stack: LocalStack;
}): LocalRoute {
  const { district, auth, stack } = options;
  return async (method, url) => {
    if (method === 'GET' && url.pathname === '/local/people') return jsonResponse(200, demoSignIns(district));
    if (method === 'GET' && url.pathname === '/openapi.json') {
      return jsonResponse(200, openApiDocument({ serverUrl: url.origin }));
    }
    if (method === 'GET' && url.pathname === '/local/token') {
      const claims = demoClaims(district, url.searchParams.get('person') ?? '');
      if (!claims) return jsonResponse(404, { message: 'no such demo person; see GET /local/people' });
      return { statusCode: 200, headers: { 'content-type': 'text/plain' }, body: await auth.sign(claims) };
    }
    if (method === 'POST' && url.pathname === '/local/settle') {
      // Settles a month on the local engine and answers when it is done.
      try {
        const month = settleableMonth(stack.deps, url.searchParams.get('month') ?? undefined);
        return jsonResponse(200, { month, output: await stack.settlement.settle({ month }) });
      } catch (error) {
        return problemResponse(asServiceUnavailable(error) ?? error, url.pathname);
      }
    }
    return undefined;
  };
}
