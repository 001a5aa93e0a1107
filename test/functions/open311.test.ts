import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/intake/open311.js';
import { apiEvent, lambdaContext } from '../support/api-event.js';
import { mockDependenciesForEachTest } from '../support/mock-dependencies.js';

mockDependenciesForEachTest();

async function discoveredUrl(headers: Record<string, string>) {
  const response = await handler(
    apiEvent({
      method: 'GET',
      path: '/open311/v2/discovery.json',
      routeKey: 'GET /open311/v2/{file}',
      pathParameters: { file: 'discovery.json' },
      headers,
    }),
    lambdaContext,
  );
  expect(response.statusCode).toBe(200);
  return (JSON.parse(response.body ?? '') as { endpoints: { url: string }[] }).endpoints[0]?.url;
}

describe('discovery', () => {
  it('advertises the host called and the scheme the gateway forwarded', async () => {
    expect(await discoveredUrl({ 'x-forwarded-proto': 'https' })).toBe('https://api.example.cn/open311/v2');
    expect(await discoveredUrl({ 'x-forwarded-proto': 'http' })).toBe('http://api.example.cn/open311/v2');
  });

  it('is https when nothing says otherwise (API Gateway serves https only)', async () => {
    expect(await discoveredUrl({})).toBe('https://api.example.cn/open311/v2');
    expect(await discoveredUrl({ 'x-forwarded-proto': 'gopher' })).toBe('https://api.example.cn/open311/v2');
  });
});
