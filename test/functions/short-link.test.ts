import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/short-link.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { keys } from '../../shared/store/keys.js';
import { apiEvent, lambdaContext } from '../support/api-event.js';
import { ddb, mockDependencies, MONDAY_10 } from '../support/mock-dependencies.js';

const SITE = 'https://sq.lvyuan.gov.cn';
const TOKEN = 'Ab3dE9xYz1';

afterEach(() => useDependencies(undefined));

/** A district with a site (`web.domain`), the table mocked. */
function withSite() {
  const deps = mockDependencies();
  deps.siteUrl = () => SITE;
  return deps;
}

const follow = (token: string) =>
  handler(
    apiEvent({ method: 'GET', path: `/l/${token}`, routeKey: 'GET /l/{token}', pathParameters: { token } }),
    lambdaContext,
  ) as Promise<{ statusCode: number; headers: Record<string, string>; body?: string }>;

const linkItem = (expiresAt: Date) => ({
  ...keys.shortLink(TOKEN),
  type: 'link',
  requestId: 'R20261123ABC123',
  personId: 'p-unit-1',
  expiresAt: Math.floor(expiresAt.getTime() / 1000),
});

describe('GET /l/{token}', () => {
  it('redirects a live link to its request on the leader page, cached nowhere, telling no referrer', async () => {
    withSite();
    ddb
      .on(GetCommand, { Key: keys.shortLink(TOKEN) })
      .resolves({ Item: linkItem(new Date(MONDAY_10.getTime() + 3_600_000)) });
    const answer = await follow(TOKEN);
    expect(answer).toEqual({
      statusCode: 302,
      headers: {
        location: `${SITE}/leader/#/requests/R20261123ABC123`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
    });
  });

  it('answers an expired link (the TTL deletes late) as an unknown one', async () => {
    withSite();
    ddb.on(GetCommand, { Key: keys.shortLink(TOKEN) }).resolves({ Item: linkItem(MONDAY_10) });
    const expired = await follow(TOKEN);
    ddb.on(GetCommand, { Key: keys.shortLink(TOKEN) }).resolves({});
    const unknown = await follow(TOKEN);
    expect(expired).toEqual(unknown);
    expect(expired.statusCode).toBe(404);
    expect(expired.headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
    });
    expect(expired.body).toContain('链接已失效');
  });

  it.each([
    ['too short', 'Ab3dE9'],
    ['not base62', 'Ab3dE9xY-1'],
    ['huge (over the parameter bound)', 'A'.repeat(300)],
  ])('answers a malformed token (%s) with the same page, reading nothing', async (_why, token) => {
    withSite();
    ddb.on(GetCommand, { Key: keys.shortLink(TOKEN) }).resolves({});
    const unknown = await follow(TOKEN);
    ddb.resetHistory();
    expect(await follow(token)).toEqual(unknown);
    expect(ddb.calls()).toEqual([]);
  });

  it('leads nowhere in a district without a site: no SMS carried a link', async () => {
    mockDependencies();
    ddb
      .on(GetCommand, { Key: keys.shortLink(TOKEN) })
      .resolves({ Item: linkItem(new Date(MONDAY_10.getTime() + 3_600_000)) });
    expect((await follow(TOKEN)).statusCode).toBe(404);
  });

  it('answers a 503 problem, not the page, when the table is unreachable', async () => {
    withSite();
    ddb.on(GetCommand).rejects(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const answer = await follow(TOKEN);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toBe('application/problem+json');
  });
});
