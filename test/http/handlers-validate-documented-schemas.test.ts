import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_HANDLERS } from '../../local/local-api.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { actionBodies } from '../../shared/http/contract/requests.js';
import type { RouteKey } from '../../shared/http/contract/route-contract.js';
import { ROUTE_CONTRACTS } from '../../shared/http/contract/table.js';
import { logger } from '../../shared/logger.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { apiEvent, asAdmin, lambdaContext } from '../support/api-event.js';
import { ddb, mockDependencies } from '../support/mock-dependencies.js';

/**
 * The schema each handler validates with is the very object the contract documents for its route
 * (identity, not likeness): parse.js is wrapped to record what each call passes, and each handler
 * is invoked once per route. An input that does not parse is recorded and answered with `{}`, so
 * the handler goes on to its next parse (the answer itself does not matter here).
 */
const recorded: { schema: unknown; what: string }[] = [];

vi.mock('../../shared/http/parse.js', async (importOriginal) => {
  const parse = await importOriginal<typeof import('../../shared/http/parse.js')>();
  const attempt = <T>(run: () => T): T | Record<string, never> => {
    try {
      return run();
    } catch {
      return {};
    }
  };
  return {
    ...parse,
    parseWith: (schema: unknown, input: unknown, what: string) => {
      recorded.push({ schema, what });
      return attempt(() => parse.parseWith(schema as never, input, what));
    },
    parseBody: (schema: unknown, event: { body?: string; isBase64Encoded: boolean }) => {
      recorded.push({ schema, what: 'body' });
      return attempt(() => parse.parseBody(schema as never, event));
    },
  };
});

async function invoke(route: (typeof API_ROUTES)[number], action?: string) {
  const handler = API_HANDLERS[route.handler] as (event: unknown, context: unknown) => Promise<unknown>;
  const pathParameters = Object.fromEntries(
    [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [
      name,
      name === 'action' ? (action ?? '') : 'x-1',
    ]),
  );
  const event = apiEvent({
    method: route.method as 'GET' | 'POST',
    path: route.path,
    routeKey: `${route.method} ${route.path}`,
    pathParameters,
    claims: asAdmin(),
    body: '{}',
  });
  await handler(event, lambdaContext);
}

/** What the contract documents for each kind of parse, by the name the handler gives the input. */
function documented(key: RouteKey, what: string, action?: string): unknown {
  const contract = ROUTE_CONTRACTS[key];
  if (what === 'body') return action ? actionBodies[action as keyof typeof actionBodies] : contract.body;
  if (what === 'query') return contract.query;
  if (what === 'Idempotency-Key') return contract.idempotencyKey;
  return contract.path?.[what];
}

beforeEach(() => {
  // The SMS reports' route checks its token before it reads the body: the token of the events below.
  mockDependencies().smsCallbackToken = () => Promise.resolve('x-1');
  recorded.length = 0;
  // Inputs that do not parse go on as `{}` and fail further in: those 500s are expected here.
  vi.spyOn(logger, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});
afterAll(() => ddb.restore());

describe('each handler validates with the schemas the contract documents', () => {
  const cases: { route: (typeof API_ROUTES)[number]; action?: string }[] = API_ROUTES.flatMap((route) =>
    route.path.includes('{action}')
      ? Object.keys(actionBodies).map((action) => ({ route, action }))
      : [{ route }],
  );

  it.each(cases)('$route.method $route.path $action', async ({ route, action }) => {
    const key = `${route.method} ${route.path}` as RouteKey;
    await invoke(route, action);
    for (const { schema, what } of recorded) {
      expect([what, schema === documented(key, what, action)]).toEqual([what, true]);
    }
    const contract = ROUTE_CONTRACTS[key];
    const parsed = new Set(recorded.map(({ what }) => what));
    // Whatever the contract documents as validated, the handler validated.
    for (const [what, schema] of [
      ['body', contract.body],
      ['query', contract.query],
      ['Idempotency-Key', contract.idempotencyKey],
    ] as const) {
      if (schema && !contract.bodyContentTypes) expect([what, parsed.has(what)]).toEqual([what, true]);
    }
  });
});
