import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLD_ID, demoNode } from '../../demo/lvyuan-district.js';
import { DEMO_ADMIN, DEMO_PARTNERS } from '../../demo/demo-intake.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { LocalSystem } from '../../local/local-system.js';
import { allItems, config, district, household, intakeItemsAddedSince } from '../support/fixtures.js';
import { children, text, xmlRoot } from '../services/open311/open311-fixtures.js';

/**
 * GeoReport v2 end to end on DynamoDB Local: an unmodified civic client's calls, in XML and JSON,
 * through the stored delivery and the stream to the request and back.
 */
const system = new LocalSystem(config);
const V2 = '/open311/v2';
const UNIT_LEADER = demoNode(district, household().parentId)?.post;
let apiKey = '';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

async function post(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
  return system.call('POST', `${V2}/requests.${format}`, {
    rawBody: form(fields),
    headers: FORM,
    raw: format === 'xml',
  });
}
const get = (path: string, format: 'json' | 'xml' = 'json') =>
  system.call('GET', `${V2}/${path}`, { raw: format === 'xml' });
const xml = (answer: { body: Record<string, unknown> }, root: string) =>
  xmlRoot({ body: String(answer.body.text) }, root);
const list = (answer: { body: unknown }) => answer.body as unknown as Record<string, unknown>[];

async function created(fields: Record<string, string>) {
  const answer = await post({ api_key: apiKey, service_code: 'repair', ...fields });
  expect(answer.status).toBe(201);
  const [{ token }] = list(answer) as [{ token: string }];
  await system.streamHandled();
  const tokenAnswer = await get(`tokens/${token}.json?api_key=${encodeURIComponent(apiKey)}`);
  const [{ service_request_id: id }] = list(tokenAnswer) as [{ service_request_id: string }];
  return { token, id };
}

beforeAll(async () => {
  await system.start();
  apiKey = system.stack.demoIntake?.apiKey ?? '';
}, 120_000);
afterAll(() => system.stop());

describe('discovery and services', () => {
  it('describes the endpoint in XML and JSON', async () => {
    const root = xml(await get('discovery.xml', 'xml'), 'discovery');
    const [endpoint] = children(children(root, 'endpoints')[0], 'endpoint');
    expect(text(endpoint, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(text(endpoint, 'type')).toBe('production');
    const json = await get('discovery.json');
    expect(json.status).toBe(200);
    // The URL it is reached at: the local server is plain http.
    const url = (json.body as unknown as { endpoints: { url: string }[] }).endpoints[0]?.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open311\/v2$/);
    const listed = await fetch(`${String(url)}/services.json`);
    expect(listed.status).toBe(200);
    expect(json.body).toMatchObject({
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', formats: ['text/xml', 'application/json'] },
      ],
    });
  });

  it('lists the district’s categories as services, and defines each', async () => {
    const services = list(await get('services.json'));
    expect(services.map((service) => service.service_code)).toEqual(config.categories.map((c) => c.code));
    expect(services[0]).toMatchObject({ service_name: '维修', metadata: true, type: 'batch' });
    const definition = xml(await get('services/repair.xml', 'xml'), 'service_definition');
    expect(text(definition, 'service_code')).toBe('repair');
    const codes = children(children(definition, 'attributes')[0], 'attribute').map((a) => text(a, 'code'));
    expect(codes).toContain('priority');
    const unknown = await get('services/nope.json');
    expect(unknown.status).toBe(404);
    expect(list(unknown)[0]).toMatchObject({ code: 404 });
  });
});

describe('POST requests and reading them back', () => {
  it('takes a request for a household, answers a token, and shows it with who holds it and until when', async () => {
    const { id } = await created({
      address_id: DEMO_HOUSEHOLD_ID,
      description: '楼道灯坏了',
      first_name: '敏',
      last_name: '王',
      phone: '13800001234',
    });
    expect(id).toMatch(/^R/);
    await system.waitFor(id, 'AwaitLeader');
    const stored = await system.request(id);
    const root = xml(
      await get(`requests/${id}.xml?api_key=${encodeURIComponent(apiKey)}`, 'xml'),
      'service_requests',
    );
    const [request] = children(root, 'request');
    expect(text(request, 'service_request_id')).toBe(id);
    expect(text(request, 'status')).toBe('open');
    expect(text(request, 'service_code')).toBe('repair');
    expect(text(request, 'address_id')).toBe(DEMO_HOUSEHOLD_ID);
    expect(text(request, 'agency_responsible')).toBe(`单元长 ${UNIT_LEADER?.holderName ?? ''}`);
    expect(Date.parse(text(request, 'expected_datetime'))).toBe(
      Math.floor(Date.parse(String(stored.deadline)) / 1000) * 1000,
    );
    expect(JSON.stringify(root)).not.toContain('13800001234');
  });

  it('answers an identical retry with the same token and makes one request', async () => {
    const fields = {
      api_key: apiKey,
      service_code: 'drainage',
      address_id: DEMO_HOUSEHOLD_ID,
      description: '下水道堵了',
    };
    const [first, second] = await Promise.all([post(fields), post(fields)]);
    expect(list(first!)).toEqual(list(second!));
    await system.streamHandled();
    const deliveries = (await allItems(system)).filter(
      (item) =>
        item.type === 'delivery' && item.partnerId === DEMO_PARTNERS.civicApp && item.category === 'drainage',
    );
    expect(deliveries).toHaveLength(1);
  });

  it('puts a request it cannot place into triage, and says so', async () => {
    const { id } = await created({ lat: '31.2304', long: '121.4737', description: '路口井盖松动' });
    const [request] = list(
      await get(`requests/${id}.json?api_key=${encodeURIComponent(apiKey)}&extensions=true`),
    );
    expect(request).toMatchObject({ status: 'open', lat: 31.2304, long: 121.4737, address_id: null });
    expect(String(request?.status_notes)).toContain('待社区确认住户');
    expect(request?.notes).toEqual([expect.objectContaining({ type: expect.any(String) })]);
  });

  it('searches by window, status and service code, a page at a time', async () => {
    const key = encodeURIComponent(apiKey);
    const open = list(await get(`requests.json?api_key=${key}&status=open&service_code=repair`));
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(open.every((request) => request.status === 'open' && request.service_code === 'repair')).toBe(
      true,
    );
    const firstPage = list(await get(`requests.json?api_key=${key}&page_size=1`));
    const secondPage = list(await get(`requests.json?api_key=${key}&page_size=1&page=2`));
    expect(firstPage).toHaveLength(1);
    expect(secondPage).toHaveLength(1);
    expect(firstPage[0]?.service_request_id).not.toBe(secondPage[0]?.service_request_id);
    const closed = list(await get(`requests.json?api_key=${key}&status=closed`));
    expect(closed).toEqual([]);
    const tooLong = await get(
      `requests.json?api_key=${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
    );
    expect(tooLong.status).toBe(400);
  });
});

describe('reads without a key, as the spec has them: the public view', () => {
  it('a key-less client follows the request it just posted: token, then the request', async () => {
    const posted = await post({
      api_key: apiKey,
      service_code: 'repair',
      address_id: DEMO_HOUSEHOLD_ID,
      description: '楼道灯坏了,电话13800005678',
      first_name: '敏',
      last_name: '王',
      phone: '13800005678',
      lat: '43.881234',
      long: '125.327891',
      media_url: 'https://photos.example.com/hall.jpg',
    });
    expect(posted.status).toBe(201);
    const [{ token }] = list(posted) as [{ token: string }];
    await system.streamHandled();
    const tokenAnswer = await get(`tokens/${token}.json`);
    expect(tokenAnswer.status).toBe(200);
    const [{ service_request_id: id }] = list(tokenAnswer) as [{ service_request_id: string }];
    expect(id).toMatch(/^R/);
    await system.waitFor(id, 'AwaitLeader');

    const [shown] = list(await get(`requests/${id}.json?extensions=true`));
    const building = demoNode(district, household().ancestors.building!);
    const community = demoNode(district, household().ancestors.community);
    expect(shown).toMatchObject({
      service_request_id: id,
      status: 'open',
      description: '楼道灯坏了,电话138****5678',
      agency_responsible: '单元长',
      address: `${community?.name} ${building?.name}`,
      address_id: null,
      lat: 43.881,
      long: 125.328,
      media_url: null,
    });
    const published = JSON.stringify(shown) + String((await get(`requests/${id}.xml`, 'xml')).body.text);
    for (const secret of [
      '13800005678',
      '王敏',
      '敏',
      household().room,
      DEMO_HOUSEHOLD_ID,
      UNIT_LEADER?.holderName ?? '?',
      'hall.jpg',
    ])
      expect(published).not.toContain(secret);

    // The partner's key shows its fuller view of the same request.
    const [keyed] = list(await get(`requests/${id}.json?api_key=${encodeURIComponent(apiKey)}`));
    expect(keyed).toMatchObject({
      address_id: DEMO_HOUSEHOLD_ID,
      agency_responsible: `单元长 ${UNIT_LEADER?.holderName ?? ''}`,
    });
  });

  it('lists requests without a key, every one in the public view', async () => {
    const answer = await get('requests.json?status=open');
    expect(answer.status).toBe(200);
    const requests = list(answer);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((request) => request.address_id === null && request.media_url === null)).toBe(true);
  });

  it('answers another channel’s delivery token only to its partner’s key', async () => {
    const body = JSON.stringify({
      submissionId: 'open311-token-1',
      address: '无法识别的地址',
      description: '路灯不亮',
    });
    const at = Math.floor(Date.now() / 1000);
    const delivered = await system.call('POST', `/intake/${DEMO_PARTNERS.signed}`, {
      rawBody: body,
      headers: {
        'sanzhang-signature': signatureHeader(system.stack.demoIntake?.signedSecret ?? '', at, body),
      },
    });
    expect(delivered.status).toBe(202);
    const answer = await get(`tokens/${String(delivered.body.deliveryId)}.json`);
    expect(answer.status).toBe(404);
    expect(list(answer)[0]).toMatchObject({ code: 404 });
  });
});

describe('refusals, in the spec’s error format', () => {
  it.each([
    ['no api_key', { service_code: 'repair', address_id: DEMO_HOUSEHOLD_ID }, 403],
    [
      'a wrong api_key',
      { api_key: `${DEMO_PARTNERS.civicApp}.nope`, service_code: 'repair', address_id: DEMO_HOUSEHOLD_ID },
      403,
    ],
    ['an unknown service', { service_code: 'nope', address_id: DEMO_HOUSEHOLD_ID }, 404],
    ['no location', { service_code: 'repair', description: '灯坏了' }, 400],
    ['a latitude out of range', { service_code: 'repair', lat: '91', long: '121' }, 400],
  ])('refuses %s and writes nothing', async (_what, fields, status) => {
    const before = await allItems(system);
    const withKey = 'api_key' in fields || status === 403 ? fields : { api_key: apiKey, ...fields };
    const answer = await post(withKey as Record<string, string>, 'xml');
    expect(answer.status).toBe(status);
    const [error] = children(xml(answer, 'errors'), 'error');
    expect(text(error, 'code')).toBe(String(status));
    expect(await intakeItemsAddedSince(system, before)).toEqual([]);
  });

  it('refuses JSON bodies, and revoked keys on reads too', async () => {
    const asJson = await system.call('POST', `${V2}/requests.json`, { rawBody: '{}' });
    expect(asJson.status).toBe(400);
    expect(list(asJson)[0]).toMatchObject({ code: 415 });

    const issued = await system.call('POST', `/partners/${DEMO_PARTNERS.civicApp}/api-keys`, {
      as: DEMO_ADMIN.id,
    });
    const spare = issued.body.apiKey as { id: string; value: string };
    expect((await get(`requests.json?api_key=${encodeURIComponent(spare.value)}`)).status).toBe(200);
    await system.call('DELETE', `/partners/${DEMO_PARTNERS.civicApp}/api-keys/${spare.id}`, {
      as: DEMO_ADMIN.id,
    });
    expect((await get(`requests.json?api_key=${encodeURIComponent(spare.value)}`)).status).toBe(403);
    const { id, token } = await created({ address_id: DEMO_HOUSEHOLD_ID, description: '门铃坏了' });
    for (const path of [`tokens/${token}.json`, `requests/${id}.json`]) {
      const keyed = await get(`${path}?api_key=${encodeURIComponent(spare.value)}`);
      expect(keyed.status, path).toBe(403);
      expect(list(keyed)[0]).toMatchObject({ code: 403 });
    }
  });

  it.each([
    ['constructor'],
    ['__proto__'],
    ['toString'],
    ['attribute[__proto__]'],
    ['attribute[constructor]'],
  ])('a form key %s is a field like any other: never a 500, nothing polluted', async (key) => {
    const answer = await system.call('POST', `${V2}/requests.json`, {
      rawBody: `${form({ api_key: apiKey, service_code: 'repair', address_id: DEMO_HOUSEHOLD_ID, description: '门坏了' })}&${encodeURIComponent(key)}=x`,
      headers: FORM,
    });
    expect(answer.status).toBe(key.startsWith('attribute') ? 400 : 201);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('answers an unknown resource or format with 404', async () => {
    expect((await get('requests.csv', 'xml')).status).toBe(404);
    expect(
      (await get(`requests/R0000000000000000000000000.json?api_key=${encodeURIComponent(apiKey)}`)).status,
    ).toBe(404);
  });
});
