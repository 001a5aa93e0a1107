import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { keys } from '../../shared/store/keys.js';
import { allItems, config, household } from '../support/fixtures.js';

/**
 * The SMS provider's delivery-status push end to end on DynamoDB Local: a request's SMS is sent
 * (the local outbox stands in for the provider and its ids for SerialNos), marked sent with its
 * pointer, and the push records delivered or failed on that message, once.
 */
const system = new LocalSystem(config);
const TOKEN = 'k'.repeat(24) + 'Q3v9pZ7xW2mN8bT4';
const resident = household().residents[0]!.personId;
let messageKey: { PK: string; SK: string };
let sid = '';

const report = (overrides: Record<string, unknown> = {}) => ({
  user_receive_time: '2026-11-23 10:03:04',
  nationcode: '86',
  mobile: '13800000009',
  report_status: 'SUCCESS',
  errmsg: 'DELIVRD',
  description: '用户短信送达成功',
  sid,
  ...overrides,
});
const push = (body: unknown, token = TOKEN) =>
  system.call('POST', `/sms/status/${token}`, {
    rawBody: typeof body === 'string' ? body : JSON.stringify(body),
  });
const message = async () =>
  (await system.observer.db.send(new GetCommand({ TableName: system.observer.name, Key: messageKey }))).Item!;

beforeAll(async () => {
  await system.start();
  system.stack.deps.smsCallbackToken = async () => TOKEN;
  const created = await system.call('POST', '/requests', {
    as: resident,
    body: { category: 'repair', description: '楼道灯不亮了' },
  });
  const id = String(created.body.id);
  await system.waitFor(id, 'AwaitLeader');
  await system.streamHandled();
  sid = system.outbox.at(-1)!.id;
  const pointer = await system.observer.db.send(
    new GetCommand({ TableName: system.observer.name, Key: keys.smsSent(sid) }),
  );
  messageKey = { PK: String(pointer.Item!.messagePK), SK: String(pointer.Item!.messageSK) };
}, 120_000);
afterAll(() => system.stop());

describe('POST /sms/status/{token}', () => {
  it('points from the provider id to the message when the message is marked sent', async () => {
    expect(messageKey.PK).toMatch(/^REQ#/);
    expect(await message()).toMatchObject({ status: 'sent', providerMessageId: sid });
  });

  it('refuses a wrong token with 404, writing nothing', async () => {
    await system.streamHandled();
    const before = await allItems(system);
    const answer = await push([report()], `${TOKEN.slice(0, -1)}x`);
    expect(answer.status).toBe(404);
    expect(JSON.stringify(answer.body)).not.toContain(TOKEN.slice(0, 12));
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it.each([
    ['not JSON', '{"sid":', 400],
    ['an object, not the array of reports', { sid: 'x' }, 400],
    ['an empty array', [], 400],
    [
      'a report without its status',
      [{ sid: 'local-1', errmsg: 'DELIVRD', user_receive_time: '2026-11-23 10:03:04' }],
      400,
    ],
    ['an unknown status', [{ ...report(), report_status: 'MAYBE' }], 400],
    ['a body over 256 KB', `[${'"x",'.repeat(70_000)}"x"]`, 413],
  ])('refuses %s with a 4xx, writing nothing', async (_what, body, status) => {
    await system.streamHandled();
    const before = await allItems(system);
    const answer = await push(body);
    expect(answer.status).toBe(status);
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it('records the delivery on the message, ignores unknown ids, and answers as the provider documents', async () => {
    const answer = await push([report(), report({ sid: 'never-sent-1' })]);
    expect(answer).toEqual({ status: 200, body: { result: 0, errmsg: 'OK' } });
    expect((await message()).deliveries).toEqual({
      [sid]: { status: 'delivered', at: '2026-11-23T10:03:04+08:00', code: 'DELIVRD' },
    });
    expect((await allItems(system)).filter((item) => String(item.PK).includes('never-sent-1'))).toEqual([]);
  });

  it('changes nothing on a replay, even one that says otherwise', async () => {
    await system.streamHandled();
    const before = await allItems(system);
    expect((await push([report({ report_status: 'FAIL', errmsg: 'UNDELIV' })])).status).toBe(200);
    await system.streamHandled();
    expect(await allItems(system)).toEqual(before);
  });

  it('answers 404 in a district whose provider does not call back (SNS)', async () => {
    const token = system.stack.deps.smsCallbackToken;
    delete system.stack.deps.smsCallbackToken;
    try {
      expect((await push([report()])).status).toBe(404);
    } finally {
      system.stack.deps.smsCallbackToken = token;
    }
  });
});
