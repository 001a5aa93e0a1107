import { DEMO_ADMIN } from '../../demo/demo-intake.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HOUSEHOLD_ID, demoNode } from '../../demo/lvyuan-district.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { deliveryIds } from '../../shared/domain/intake-delivery.js';
import { LocalSystem } from '../../local/local-system.js';
import { logger } from '../../shared/logger.js';
import { getDelivery, REJECTIONS_KEPT_PER_HOUR } from '../../shared/store/delivery-store.js';
import { allItems, config, district, household, intakeItemsAddedSince } from '../support/fixtures.js';

/**
 * The signed webhook end to end on DynamoDB Local: the delivery is checked and stored raw, answered
 * 202, and the table's stream (consumed as Lambda would) turns it into a request in the synthesized
 * workflow, in its household's lifecycle or in triage.
 */
const system = new LocalSystem(config);
/** The demo's district admin (seeded with the demo district). */
const ADMIN = DEMO_ADMIN.id;
const COMMUNITY_OFFICER = demoNode(district, 'cm-yinrong')?.post?.holderId ?? '';
const UNIT_LEADER = demoNode(district, household().parentId)?.post?.holderId ?? '';
const PARTNER = 'pt-property';
let secret = '';

/** Signatures are checked against the real time (the SLA clock is the system's, and it is set in the past). */
const seconds = () => Math.floor(Date.now() / 1000);

async function deliver(
  body: unknown,
  options: { key?: string; skewSeconds?: number; headers?: Record<string, string> } = {},
) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return system.call('POST', `/intake/${PARTNER}`, {
    rawBody: raw,
    headers: {
      'sanzhang-signature': signatureHeader(
        options.key ?? secret,
        seconds() + (options.skewSeconds ?? 0),
        raw,
      ),
      ...options.headers,
    },
  });
}

beforeAll(async () => {
  await system.start();
  const created = await system.call('POST', '/partners', {
    as: ADMIN,
    body: {
      id: PARTNER,
      name: '银融物业报修系统',
      format: 'sanzhang',
      scope: 'cm-yinrong',
      defaultCategory: config.categories[0]?.code,
    },
  });
  expect(created.status).toBe(201);
  secret = String((created.body.secret as { value: string }).value);
}, 120_000);

afterAll(() => system.stop());

describe('the signed webhook', () => {
  it('stores the delivery, answers 202 with the request id, and the request enters its household’s lifecycle', async () => {
    const answer = await deliver({
      submissionId: 'wo-1001',
      householdId: DEMO_HOUSEHOLD_ID,
      description: '楼道灯坏了,晚上看不见',
    });
    expect(answer.status).toBe(202);
    const { requestId, deliveryId } = deliveryIds(PARTNER, 'wo-1001');
    expect(answer.body).toEqual({ deliveryId, requestId, status: 'accepted' });

    await system.streamHandled();
    await system.waitFor(requestId, 'AwaitLeader');
    const request = await system.request(requestId);
    expect(request).toMatchObject({
      householdId: DEMO_HOUSEHOLD_ID,
      status: 'assigned',
      level: 'unit',
      submittedBy: { kind: 'partner', id: PARTNER },
      intake: { partnerId: PARTNER, channel: 'sanzhang', externalId: 'wo-1001' },
    });
    expect((request.assignee as { holderId: string }).holderId).toBe(UNIT_LEADER);
    expect(await getDelivery(system.observer, deliveryId)).toMatchObject({
      status: 'processed',
      outcome: { placed: 'household', by: 'id' },
    });
  });

  it('answers a retried delivery, sequential or concurrent, the same way and creates one request', async () => {
    const body = { submissionId: 'wo-1002', householdId: DEMO_HOUSEHOLD_ID, description: '水管漏水' };
    const answers = await Promise.all(Array.from({ length: 6 }, () => deliver(body)));
    const again = await deliver(body);
    await system.streamHandled();
    const { requestId } = deliveryIds(PARTNER, 'wo-1002');
    for (const answer of [...answers, again]) {
      expect(answer.status).toBe(202);
      expect(answer.body.requestId).toBe(requestId);
    }
    const items = await allItems(system);
    expect(
      items.filter(
        (item) =>
          item.type === 'delivery' &&
          item.partnerId === PARTNER &&
          item.submission &&
          (item.submission as { externalId: string }).externalId === 'wo-1002',
      ),
    ).toHaveLength(1);
    const timelines = items.filter((item) => item.PK === `REQ#${requestId}` && item.SK === 'EVT#00000001');
    expect(timelines).toHaveLength(1);
  });

  it('finds the household by a registered resident’s phone', async () => {
    const phone = household().residents[0]?.phone ?? '';
    await deliver({
      submissionId: 'wo-1003',
      phone: phone.replace('+86', ''),
      description: '门口垃圾未清运',
    });
    await system.streamHandled();
    const { requestId, deliveryId } = deliveryIds(PARTNER, 'wo-1003');
    expect(await system.request(requestId)).toMatchObject({ householdId: DEMO_HOUSEHOLD_ID });
    expect(await getDelivery(system.observer, deliveryId)).toMatchObject({ outcome: { by: 'phone' } });
  });

  it('puts what no household matches into triage with the community’s staff, who attach it later', async () => {
    const answer = await deliver({
      submissionId: 'wo-1004',
      address: '银融社区 99栋 9单元 909',
      name: '李女士',
      description: '小区门口路面塌陷',
    });
    expect(answer.status).toBe(202);
    await system.streamHandled();
    const { requestId } = deliveryIds(PARTNER, 'wo-1004');
    await system.waitFor(requestId, 'AwaitLeader');
    const triaged = await system.request(requestId);
    expect(triaged).toMatchObject({
      status: 'triage',
      level: 'community',
      ancestors: { community: 'cm-yinrong' },
      intake: { addressGiven: '银融社区 99栋 9单元 909', contactName: '李女士' },
    });
    expect(triaged.householdId).toBeUndefined();
    expect((triaged.assignee as { holderId: string }).holderId).toBe(COMMUNITY_OFFICER);
    expect(system.outbox.some((sms) => sms.text.includes('未匹配到住户'))).toBe(true);

    const read = await system.call('GET', `/requests/${requestId}`, { as: COMMUNITY_OFFICER });
    expect(read.status).toBe(200);
    expect(read.body.timeline).toEqual([
      expect.objectContaining({ event: 'triaged', actor: expect.objectContaining({ kind: 'partner' }) }),
    ]);
    const listed = await system.call('GET', '/requests?status=triage', { as: COMMUNITY_OFFICER });
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toContain(requestId);

    const byResident = await system.call('POST', `/requests/${requestId}/attach`, {
      as: household().residents[0]?.personId ?? '',
      body: { householdId: DEMO_HOUSEHOLD_ID },
    });
    expect(byResident.status).toBe(404);
    const byLeader = await system.call('POST', `/requests/${requestId}/attach`, {
      as: UNIT_LEADER,
      body: { householdId: DEMO_HOUSEHOLD_ID },
    });
    expect(byLeader.status).toBe(403);

    const attached = await system.call('POST', `/requests/${requestId}/attach`, {
      as: COMMUNITY_OFFICER,
      body: { householdId: DEMO_HOUSEHOLD_ID },
    });
    expect(attached.status).toBe(200);
    expect(attached.body).toMatchObject({
      status: 'assigned',
      level: 'unit',
      householdId: DEMO_HOUSEHOLD_ID,
    });
    await system.waitFor(requestId, 'AwaitLeader');
    expect(((await system.request(requestId)).assignee as { holderId: string }).holderId).toBe(UNIT_LEADER);
  });

  it('tells the supervisors when triage passes its deadline, and keeps the request with the community', async () => {
    await deliver({ submissionId: 'wo-1005', address: '不知道哪里', description: '噪音扰民' });
    await system.streamHandled();
    const { requestId } = deliveryIds(PARTNER, 'wo-1005');
    await system.waitFor(requestId, 'AwaitLeader');
    await system.passDeadline(requestId);
    await system.waitFor(requestId, 'AwaitLeader');
    expect(await system.request(requestId)).toMatchObject({ status: 'triage', overdue: true });
    await system.streamHandled();
    expect(system.outbox.some((sms) => sms.text.includes('社区超时未分派'))).toBe(true);
  });
});

describe('a request in triage that is none of the district’s', () => {
  it('is dismissed by the community’s staff with a reason, which ends its workflow', async () => {
    await deliver({ submissionId: 'wo-1007', address: '测试', description: '测试数据,请忽略' });
    await system.streamHandled();
    const { requestId } = deliveryIds(PARTNER, 'wo-1007');
    await system.waitFor(requestId, 'AwaitLeader');
    const byLeader = await system.call('POST', `/requests/${requestId}/dismiss`, {
      as: UNIT_LEADER,
      body: { note: '测试' },
    });
    expect(byLeader.status).toBe(403);
    const noReason = await system.call('POST', `/requests/${requestId}/dismiss`, { as: COMMUNITY_OFFICER });
    expect(noReason.status).toBe(400);
    const dismissed = await system.call('POST', `/requests/${requestId}/dismiss`, {
      as: COMMUNITY_OFFICER,
      body: { note: '测试数据' },
    });
    expect(dismissed.status).toBe(200);
    expect(dismissed.body).toMatchObject({ status: 'closed', closedBy: 'staff' });
    await system.waitFor(requestId, 'Closed');
    const again = await system.call('POST', `/requests/${requestId}/dismiss`, {
      as: COMMUNITY_OFFICER,
      body: { note: '测试数据' },
    });
    expect(again.status).toBe(200);
  });
});

describe('a request in triage follows its community’s post', () => {
  it('goes to the new duty officer when the post changes hands', async () => {
    await deliver({ submissionId: 'wo-1006', address: '地址不详', description: '楼下有人乱扔垃圾' });
    await system.streamHandled();
    const { requestId } = deliveryIds(PARTNER, 'wo-1006');
    await system.waitFor(requestId, 'AwaitLeader');
    const person = { id: 'p-new-officer', name: '新值班员', phone: '+8613900000066' };
    expect((await system.call('POST', '/people', { as: ADMIN, body: person })).status).toBe(201);
    const appointed = await system.call('PUT', '/nodes/cm-yinrong/post', {
      as: ADMIN,
      body: { personId: person.id },
    });
    expect(appointed.status).toBe(200);
    expect(appointed.body.rerouted).toBeGreaterThanOrEqual(1);
    const moved = await system.request(requestId);
    expect(moved).toMatchObject({ status: 'triage', assignee: { holderId: person.id } });
    // The new officer's SMS is sent by the notifications topic's consumer, after the call returned.
    await system.streamHandled();
    expect(system.outbox.some((sms) => sms.to === person.phone && sms.text.includes('未匹配到住户'))).toBe(
      true,
    );
  });
});

describe('refused deliveries', () => {
  const valid = { submissionId: 'wo-2001', householdId: DEMO_HOUSEHOLD_ID, description: '电梯故障' };

  // Half a minute beyond the 300 s window, so a slow machine cannot bring it back inside (the exact
  // boundary is the adapter's unit test).
  it.each([
    ['a wrong signature', { key: 'not-the-secret-at-all' }, 401],
    ['a stale timestamp', { skewSeconds: -330 }, 401],
    ['a timestamp from the future', { skewSeconds: 330 }, 401],
  ])('refuses %s with a problem and writes only an audit record', async (_what, options, status) => {
    // What earlier tests' notifications still write (inbox items, sent statuses) is not this delivery's.
    await system.streamHandled();
    const before = await allItems(system);
    const answer = await deliver(valid, options);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ status });
    await system.streamHandled();
    const after = await allItems(system);
    const added = after.filter((item) => !before.some((old) => old.PK === item.PK && old.SK === item.SK));
    // The record, and the hour's counter the first time this hour.
    expect(added.filter((item) => item.type === 'rejection')).toHaveLength(1);
    expect(added.every((item) => ['rejection', 'rejection-hour'].includes(String(item.type)))).toBe(true);
  });

  it('refuses a missing signature, malformed JSON, a wrong content type and an oversized body', async () => {
    await system.streamHandled();
    const before = (await allItems(system)).filter(
      (item) => !['rejection', 'rejection-hour'].includes(String(item.type)),
    ).length;
    const unsigned = await system.call('POST', `/intake/${PARTNER}`, { rawBody: JSON.stringify(valid) });
    expect(unsigned.status).toBe(401);
    expect((await deliver('{"submissionId": "wo-2002", ')).status).toBe(400);
    const missing = await deliver({ submissionId: 'wo-2003' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'description' })]);
    expect((await deliver(valid, { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await deliver({ ...valid, description: 'x'.repeat(70_000) })).status).toBe(413);
    expect((await system.call('POST', '/intake/pt-nobody', { rawBody: '{}' })).status).toBe(404);
    await system.streamHandled();
    expect(
      (await allItems(system)).filter((item) => !['rejection', 'rejection-hour'].includes(String(item.type))),
    ).toHaveLength(before);

    const rejections = await system.call('GET', `/partners/${PARTNER}/rejections`, { as: ADMIN });
    expect(rejections.status).toBe(200);
    expect((rejections.body.items as { status: number }[]).map((item) => item.status)).toEqual(
      expect.arrayContaining([401, 400, 415, 413]),
    );
  });

  it('keeps the first content of a submission id: other content → 409, the same re-signed → 202', async () => {
    const first = { submissionId: 'wo-4001', householdId: DEMO_HOUSEHOLD_ID, description: '楼顶漏水' };
    const accepted = await deliver(first);
    expect(accepted.status).toBe(202);
    const { deliveryId } = deliveryIds(PARTNER, 'wo-4001');
    const stored = await getDelivery(system.observer, deliveryId);

    const changed = await deliver({ ...first, description: '楼顶漏水,已经淹到五楼' });
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({
      status: 409,
      errors: [expect.objectContaining({ field: 'submissionId' })],
    });
    // The stream may meanwhile mark it processed; what it says is the first content.
    const kept = await getDelivery(system.observer, deliveryId);
    expect(kept).toMatchObject({
      body: stored?.body,
      submission: stored?.submission,
      digest: stored?.digest,
    });

    // The product's retry is signed anew (another timestamp) and spaced otherwise: the same content.
    const resent = await deliver(JSON.stringify(first, null, 2), { skewSeconds: -7 });
    expect(resent.status).toBe(202);
    expect(resent.body).toEqual(accepted.body);
    await system.streamHandled();
  });
  it('accepts either secret during a rotation, and only the new one once the old is retired', async () => {
    const rotated = await system.call('POST', `/partners/${PARTNER}/secrets`, { as: ADMIN });
    expect(rotated.status).toBe(201);
    const fresh = String((rotated.body.secret as { value: string }).value);
    const oldId = (rotated.body.secrets as { id: string }[])[0]?.id ?? '';
    expect(JSON.stringify(rotated.body.secrets)).not.toContain(secret);

    expect((await deliver({ ...valid, submissionId: 'wo-3001' })).status).toBe(202);
    expect((await deliver({ ...valid, submissionId: 'wo-3002' }, { key: fresh })).status).toBe(202);
    const third = await system.call('POST', `/partners/${PARTNER}/secrets`, { as: ADMIN });
    expect(third.status).toBe(409);

    expect((await system.call('DELETE', `/partners/${PARTNER}/secrets/${oldId}`, { as: ADMIN })).status).toBe(
      200,
    );
    expect((await deliver({ ...valid, submissionId: 'wo-3003' })).status).toBe(401);
    expect((await deliver({ ...valid, submissionId: 'wo-3004' }, { key: fresh })).status).toBe(202);
    secret = fresh;
    await system.streamHandled();
  });
});

describe('nothing written for nobody', () => {
  it('answers a delivery for a partner that does not exist 404 and writes nothing', async () => {
    const before = await allItems(system);
    const refusals = [
      { path: '/intake/pt-nobody', status: 404 },
      { path: '/intake/pt-nobody/some-token', status: 404 },
      // An id no partner could have is refused by the parameter bounds before any lookup.
      { path: `/intake/${'x'.repeat(3000)}`, status: 400 },
    ];
    for (const { path, status } of refusals) {
      const answer = await system.call('POST', path, { rawBody: '{"submissionId":"x"}' });
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ status });
    }
    expect(await intakeItemsAddedSince(system, before)).toEqual([]);
  });

  it('keeps at most the hour’s cap of a known partner’s refusals, then only counts them', async () => {
    const created = await system.call('POST', '/partners', {
      as: ADMIN,
      body: {
        id: 'pt-flood',
        name: '压测',
        format: 'sanzhang',
        scope: 'cm-yinrong',
        defaultCategory: 'repair',
      },
    });
    expect(created.status).toBe(201);
    const flood = REJECTIONS_KEPT_PER_HOUR + 15;
    for (let sent = 0; sent < flood; sent += 15) {
      const answers = await Promise.all(
        Array.from({ length: Math.min(15, flood - sent) }, () =>
          system.call('POST', '/intake/pt-flood', { rawBody: '{}' }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 401));
    }
    const items = (await allItems(system)).filter((item) => item.PK === 'REJECTED#pt-flood');
    const hours = items.filter((item) => item.type === 'rejection-hour');
    const records = items.filter((item) => item.type === 'rejection');
    // An hour may turn during the flood: the cap is per hour.
    expect(records.length).toBeLessThanOrEqual(REJECTIONS_KEPT_PER_HOUR * hours.length);
    expect(hours.reduce((sum, hour) => sum + Number(hour.refused), 0)).toBe(flood);
    expect(items).toHaveLength(records.length + hours.length);

    const listed = await system.call('GET', '/partners/pt-flood/rejections?limit=100', { as: ADMIN });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(records.length);
    expect((listed.body.hours as { refused: number }[]).reduce((sum, hour) => sum + hour.refused, 0)).toBe(
      flood,
    );
  });
});

describe('a partner’s URL token', () => {
  it('never appears in a response, a rejection record or a log line', async () => {
    const created = await system.call('POST', '/partners', {
      as: ADMIN,
      body: {
        id: 'pt-jinshuju',
        name: '金数据报修表',
        format: 'jinshuju',
        scope: 'cm-yinrong',
        defaultCategory: 'repair',
        mapping: { description: ['field_1'] },
      },
    });
    expect(created.status).toBe(201);
    const token = String((created.body.secret as { value: string }).value);
    const lines: string[] = [];
    const streams = [process.stdout, process.stderr];
    const originals = streams.map((stream) => stream.write.bind(stream));
    logger.setLogLevel('DEBUG');
    streams.forEach((stream) => {
      stream.write = ((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0) as typeof stream.write;
    });
    const answers = await (async () => {
      try {
        return [
          await system.call('POST', `/intake/pt-jinshuju/${token}`, { rawBody: '{"form": 3}' }),
          await system.call('POST', `/intake/pt-jinshuju/${token}`, {
            rawBody: '{}',
            headers: { 'content-type': 'text/plain' },
          }),
          await system.call('POST', `/intake/pt-jinshuju/${token}x`, { rawBody: '{}' }),
          await system.call('POST', `/intake/pt-nobody/${token}`, { rawBody: '{}' }),
        ];
      } finally {
        streams.forEach((stream, index) => {
          stream.write = originals[index] as typeof stream.write;
        });
        logger.setLogLevel('WARN');
      }
    })();
    expect(answers.map((answer) => answer.status)).toEqual([400, 415, 401, 404]);
    expect(answers.map((answer) => answer.body.instance)).toEqual([
      '/intake/pt-jinshuju/…',
      '/intake/pt-jinshuju/…',
      '/intake/pt-jinshuju/…',
      '/intake/pt-nobody/…',
    ]);
    expect(lines.join('')).toContain('refused');
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain(token);
    expect(lines.join('')).not.toContain(token);
    const rejections = await system.call('GET', '/partners/pt-jinshuju/rejections', { as: ADMIN });
    expect(rejections.body.items).toHaveLength(3);
    expect(JSON.stringify(await allItems(system))).not.toContain(`${token}x`);
  });
});

describe('a form product beyond the four named, connected by configuration alone', () => {
  // A 飞书 多维表格 «记录变更» event as the open platform documents it (see test/services/intake/formats/json.test.ts).
  const TOKEN = 'L3bzVf0sz7qb9XoTavpsHe0uJv7abcef';
  const field = (id: string) => `$.event.action_list[0].after_value[?@.field_id=='${id}'].field_value`;
  const event = (eventId: string, action = 'record_added') => ({
    schema: '2.0',
    header: {
      event_id: eventId,
      token: TOKEN,
      create_time: '1764122799000',
      event_type: 'drive.file.bitable_record_changed_v1',
      tenant_key: '736588c9260abcef',
      app_id: 'cli_a00c8400a7babcef',
    },
    event: {
      file_type: 'bitable',
      file_token: 'bascnxGmL0UrNQL6r2f6Dabcdef',
      table_id: 'tblOOXDaIAbcdef',
      action_list: [
        {
          record_id: 'recbnMcAbcdef',
          action,
          after_value: [
            { field_id: 'fldTitle01', field_value: '单元门禁坏了' },
            { field_id: 'fldPhone01', field_value: household().residents[0]?.phone.replace('+86', '') },
          ],
        },
      ],
    },
  });
  const partner = {
    id: 'pt-feishu',
    name: '银融社区飞书报事表',
    format: 'json',
    scope: 'cm-yinrong',
    defaultCategory: 'repair',
    secret: TOKEN,
    mapping: { description: [field('fldTitle01')], phone: field('fldPhone01') },
    json: {
      deliveryId: '$.header.event_id',
      event: { path: '$.event.action_list[0].action', equals: ['record_added'] },
      proof: { type: 'secret-value', at: '$.header.token' },
      handshake: { when: '$.type', equals: 'url_verification', echo: '$.challenge', as: 'challenge' },
    },
  };

  it('refuses a mapping whose JSONPath does not parse, naming the field (422)', async () => {
    const bad = await system.call('POST', '/partners', {
      as: ADMIN,
      body: {
        ...partner,
        id: 'pt-feishu-bad',
        mapping: { description: ["$.event.action_list[0].after_value[?@.field_id=='x'"] },
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'mapping.description[0]' })]);
    const misplaced = await system.call('POST', '/partners', {
      as: ADMIN,
      body: { ...partner, id: 'pt-feishu-bad', format: 'wjx' },
    });
    expect(misplaced.status).toBe(422);
    expect(misplaced.body.errors).toEqual([expect.objectContaining({ field: 'json' })]);
  });

  it('answers the URL verification, then turns a record into a request; an edited record is refused', async () => {
    expect((await system.call('POST', '/partners', { as: ADMIN, body: partner })).status).toBe(201);
    const before = await allItems(system);
    const challenge = await system.call('POST', '/intake/pt-feishu', {
      body: { challenge: 'ajls384kdjx98XX', token: TOKEN, type: 'url_verification' },
    });
    expect(challenge.status).toBe(200);
    expect(challenge.body).toEqual({ challenge: 'ajls384kdjx98XX' });
    const added = (await allItems(system)).filter(
      (item) => !before.some((old) => old.PK === item.PK && old.SK === item.SK),
    );
    expect(added.filter((item) => /^(REJECTED|DELIVERY)#/.test(String(item.PK)))).toEqual([]);

    const accepted = await system.call('POST', '/intake/pt-feishu', {
      body: event('85ec04b2f6cff27a1bf249b26fbabcef'),
    });
    expect(accepted.status).toBe(202);
    await system.streamHandled();
    const { requestId } = deliveryIds('pt-feishu', '85ec04b2f6cff27a1bf249b26fbabcef');
    expect(accepted.body.requestId).toBe(requestId);
    expect(await system.request(requestId)).toMatchObject({
      householdId: DEMO_HOUSEHOLD_ID,
      description: '单元门禁坏了',
      intake: { partnerId: 'pt-feishu', channel: 'json', externalId: '85ec04b2f6cff27a1bf249b26fbabcef' },
    });

    const edited = await system.call('POST', '/intake/pt-feishu', {
      body: event('95ec04b2f6cff27a1bf249b26fbabcef', 'record_edited'),
    });
    expect(edited.status).toBe(400);
    const forged = await system.call('POST', '/intake/pt-feishu', {
      body: {
        ...event('a5ec04b2f6cff27a1bf249b26fbabcef'),
        header: { event_id: 'x', token: 'forged-verification' },
      },
    });
    expect(forged.status).toBe(401);
    await system.waitFor(requestId, 'AwaitLeader');
  });

  it('answers a GET URL verification (`?echostr=`) once configured, and nothing else on GET', async () => {
    expect((await system.call('GET', '/intake/pt-feishu?echostr=5d8c1e2f', { raw: true })).status).toBe(404);
    const patched = await system.call('PATCH', '/partners/pt-feishu', {
      as: ADMIN,
      body: { json: { ...partner.json, handshake: { when: 'query:echostr', echo: 'query:echostr' } } },
    });
    expect(patched.status).toBe(200);
    const before = await allItems(system);
    const echoed = await system.call('GET', '/intake/pt-feishu?echostr=5d8c1e2f', { raw: true });
    expect(echoed).toEqual({ status: 200, body: { text: '5d8c1e2f' } });
    expect((await system.call('GET', '/intake/pt-nobody?echostr=5d8c1e2f', { raw: true })).status).toBe(404);
    const added = (await allItems(system)).filter(
      (item) => !before.some((old) => old.PK === item.PK && old.SK === item.SK),
    );
    expect(added.filter((item) => /^(REJECTED|DELIVERY)#/.test(String(item.PK)))).toEqual([]);
  });
});

describe('managing partners', () => {
  it('is for district admins only, and never shows a secret again', async () => {
    const asOfficer = await system.call('GET', `/partners/${PARTNER}`, { as: COMMUNITY_OFFICER });
    expect(asOfficer.status).toBe(403);
    const asAdmin = await system.call('GET', `/partners/${PARTNER}`, { as: ADMIN });
    expect(asAdmin.status).toBe(200);
    expect(JSON.stringify(asAdmin.body)).not.toContain(secret);
    const bad = await system.call('POST', '/partners', {
      as: ADMIN,
      body: { id: 'pt-x', name: 'x', format: 'wjx', scope: 'district', defaultCategory: 'nope' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'triageCommunityId' })]),
    );
  });
});
