import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../functions/api/me.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { mandatoryKinds } from '../../shared/domain/notification-preferences.js';
import { keys } from '../../shared/store/keys.js';
import nanguan from '../../config/districts/nanguan.json' with { type: 'json' };
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import {
  apiEvent,
  asLeader,
  asNobody,
  asResident,
  asStaff,
  bodyOf,
  lambdaContext,
  type Claims,
} from '../support/api-event.js';
import {
  ddb,
  mockDependencies,
  mockDependenciesForEachTest,
  MONDAY_10,
  residentOf,
  unitLeader,
  writeCalls,
} from '../support/mock-dependencies.js';

/** The /me routes' handler: what it refuses before anything is written, and whose items it touches. */
mockDependenciesForEachTest();

const leader = () => asLeader(unitLeader().holderId);
const resident = () => asResident(residentOf().personId, DEMO_HOUSEHOLD_ID);
const fieldsOf = (response: { body?: string }) =>
  (bodyOf(response).errors as { field: string; message: string }[]).map((error) => error.field);

const putPreferences = (body: unknown, claims: Claims = leader()) =>
  handler(
    apiEvent({ method: 'PUT', path: '/me/preferences', routeKey: 'PUT /me/preferences', claims, body }),
    lambdaContext,
  );
const markRead = (body: unknown, claims: Claims = leader()) =>
  handler(
    apiEvent({ method: 'POST', path: '/me/inbox/read', routeKey: 'POST /me/inbox/read', claims, body }),
    lambdaContext,
  );

describe('PUT /me/preferences', () => {
  it('stores the caller’s own choice, normalised, on their preferences item', async () => {
    const response = await putPreferences({ channels: ['push', 'sms'], notices: 'work-only' });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toMatchObject({
      channels: ['sms', 'push'],
      notices: 'work-only',
      isDefault: false,
    });
    const [put] = ddb.commandCalls(PutCommand);
    expect(put?.args[0].input.Item).toMatchObject({
      ...keys.preferences(unitLeader().holderId),
      preferences: { channels: ['sms', 'push'], notices: 'work-only' },
      updatedAt: MONDAY_10.toISOString(),
    });
  });

  it('refuses an unknown channel, and more channels than there are, with a 400 naming the field, writing nothing', async () => {
    const response = await putPreferences({ channels: ['sms', 'fax'], notices: 'all' });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['channels.1']);
    const tooMany = await putPreferences({ channels: ['sms', 'push', 'email', 'sms'], notices: 'all' });
    expect([tooMany.statusCode, fieldsOf(tooMany)]).toEqual([400, ['channels']]);
    expect(writeCalls()).toEqual([]);
  });

  it('refuses an empty body, a missing field and an unknown one, naming each', async () => {
    const empty = await putPreferences(undefined);
    expect([empty.statusCode, fieldsOf(empty)]).toEqual([400, ['body']]);
    const missing = await putPreferences({ channels: ['sms'] });
    expect([missing.statusCode, fieldsOf(missing)]).toEqual([400, ['notices']]);
    const unknown = await putPreferences({ channels: ['sms'], notices: 'all', email: 'x@example.cn' });
    expect([unknown.statusCode, fieldsOf(unknown)]).toEqual([400, ['email']]);
    expect(writeCalls()).toEqual([]);
  });

  it('lets a resident choose channels, not the notices opt-out (422 naming it)', async () => {
    const optOut = await putPreferences({ channels: ['push'], notices: 'work-only' }, resident());
    expect([optOut.statusCode, fieldsOf(optOut)]).toEqual([422, ['notices']]);
    expect(writeCalls()).toEqual([]);
    const appOnly = await putPreferences({ channels: [], notices: 'all' }, resident());
    expect(appOnly.statusCode).toBe(200);
    expect(bodyOf(appOnly)).toMatchObject({ channels: [], choices: { notices: ['all'] } });
    expect(ddb.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject(
      keys.preferences(residentOf().personId),
    );
  });

  describe('e-mail', () => {
    const withEmail = { channels: ['push', 'email'], notices: 'all' };
    const staffRecord = (email?: string) =>
      ddb.on(GetCommand, { Key: keys.person('staff-1') }).resolves({
        Item: { ...keys.person('staff-1'), id: 'staff-1', name: '社区干事', phone: '+8613900000001', email },
      });

    it('is staff’s to choose, with an address on their record', async () => {
      staffRecord('staff-1@lvyuan.example.cn');
      const response = await putPreferences(withEmail, asStaff());
      expect(response.statusCode).toBe(200);
      expect(bodyOf(response)).toMatchObject({
        channels: ['push', 'email'],
        choices: { channels: ['sms', 'push', 'email'] },
      });
    });

    it('is refused to a leader and to a resident (422 naming channels), writing nothing', async () => {
      for (const claims of [leader(), resident()]) {
        const response = await putPreferences(withEmail, claims);
        expect([response.statusCode, fieldsOf(response), bodyOf(response).detail]).toEqual([
          422,
          ['channels'],
          'Only community, street and district staff may choose e-mail.',
        ]);
      }
      expect(writeCalls()).toEqual([]);
    });

    it('is refused to staff without an address on record', async () => {
      staffRecord(undefined);
      const response = await putPreferences(withEmail, asStaff());
      expect([response.statusCode, fieldsOf(response)]).toEqual([422, ['channels']]);
      expect(bodyOf(response).detail).toMatch(/no e-mail address/);
      expect(writeCalls()).toEqual([]);
    });

    it('is not offered in the China regions (no SES): a clear 422, and not among the choices', async () => {
      mockDependencies().config = parseDistrictConfig(nanguan, 'config/districts/nanguan.json');
      staffRecord('staff-1@nanguan.example.cn');
      const response = await putPreferences(withEmail, asStaff());
      expect([response.statusCode, fieldsOf(response)]).toEqual([422, ['channels']]);
      expect(bodyOf(response).detail).toMatch(/China regions have no Amazon SES/);
      const choices = await putPreferences({ channels: ['sms'], notices: 'all' }, asStaff());
      expect(bodyOf(choices)).toMatchObject({ choices: { channels: ['sms', 'push'] } });
    });
  });

  it('refuses someone with no post or role in the district', async () => {
    expect((await putPreferences({ channels: [], notices: 'all' }, asNobody())).statusCode).toBe(403);
  });
});

describe('GET /me/preferences', () => {
  it('answers the default, the choices and what cannot be muted while the caller never chose', async () => {
    const response = await handler(
      apiEvent({ method: 'GET', path: '/me/preferences', routeKey: 'GET /me/preferences', claims: leader() }),
      lambdaContext,
    );
    expect(bodyOf(response)).toEqual({
      channels: ['sms', 'push'],
      notices: 'all',
      isDefault: true,
      choices: { channels: ['sms', 'push'], notices: ['all', 'work-only'] },
      mandatoryKinds: mandatoryKinds(),
    });
    const read = ddb.commandCalls(GetCommand).map((call) => call.args[0].input.Key);
    expect(read).toEqual([keys.preferences(unitLeader().holderId)]);
  });
});

describe('POST /me/inbox/read', () => {
  it('refuses a time that is not an ISO date-time, naming `until`, writing nothing', async () => {
    for (const until of ['yesterday', '2026-11-23', 1_763_863_200]) {
      const response = await markRead({ until });
      expect([until, response.statusCode, fieldsOf(response)]).toEqual([until, 400, ['until']]);
    }
    expect(writeCalls()).toEqual([]);
  });
});

describe('GET /me/inbox', () => {
  it('refuses a limit out of range and a cursor it did not make', async () => {
    const get = (query: Record<string, string>) =>
      handler(
        apiEvent({ method: 'GET', path: '/me/inbox', routeKey: 'GET /me/inbox', claims: leader(), query }),
        lambdaContext,
      );
    const limit = await get({ limit: '0' });
    expect([limit.statusCode, fieldsOf(limit)]).toEqual([400, ['limit']]);
    const cursor = await get({ cursor: 'not-a-cursor!' });
    expect([cursor.statusCode, fieldsOf(cursor)]).toEqual([400, ['cursor']]);
  });
});
