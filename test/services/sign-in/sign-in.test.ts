import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemoDistrict } from '../../../demo/demo-import.js';
import { createTables, startDynamoDbLocal, type RunningDynamoDb } from '../../../local/dynamodb-local.js';
import { tableDefinitions } from '../../../local/synthesized-template.js';
import { synthesizeDistrict } from '../../../infra/synthesize.js';
import { LocalTokenSigner } from '../../../shared/adapters/local-token-signer.js';
import { OutboxNotifier } from '../../../shared/adapters/outbox-notifier.js';
import type { Workflow } from '../../../shared/adapters/workflow.js';
import { ManualClock } from '../../../shared/domain/clock.js';
import { RATE_LIMITS, rateWindow, SIGN_IN } from '../../../shared/domain/sign-in.js';
import {
  AppError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/errors.js';
import type { Dependencies } from '../../../shared/runtime/dependencies.js';
import { jsonWebKeySet } from '../../../shared/services/sign-in/discovery.js';
import {
  exchangeCode,
  type IssuedTokens,
  refreshTokens,
  signOut,
} from '../../../shared/services/sign-in/issue-tokens.js';
import { CODE_REQUESTED, requestCode } from '../../../shared/services/sign-in/request-code.js';
import { createDocumentClient } from '../../../shared/store/document-client.js';
import { getPerson, putPerson } from '../../../shared/store/hierarchy-store.js';
import { keys } from '../../../shared/store/keys.js';
import { chainOf, config, district } from '../../support/fixtures.js';

/**
 * The phone-code sign-in's security properties, on DynamoDB Local with the synthesized table and
 * the demo district: enumeration-safe answers, rate limits per phone and per source, expiry, single
 * use, lockout, refresh rotation with reuse detection, sign-out.
 */
let dynamoDb: RunningDynamoDb;
let deps: Dependencies;
const clock = new ManualClock(new Date('2026-12-02T03:00:00Z'));
const outbox = new OutboxNotifier();
const issuer = 'https://sanzhang.test';
const audience = 'sanzhang-lvyuan';

beforeAll(async () => {
  const definition = tableDefinitions(synthesizeDistrict(config))[0]!;
  dynamoDb = await startDynamoDbLocal();
  await createTables(dynamoDb.endpoint, [definition]);
  const table = { db: createDocumentClient({ endpoint: dynamoDb.endpoint }), name: definition.TableName };
  await importDemoDistrict(table);
  deps = {
    config,
    clock,
    table,
    notifier: outbox,
    workflow: {} as Workflow,
    signIn: { signer: new LocalTokenSigner(), issuer, audience },
  };
});
afterAll(async () => {
  deps?.table.db.destroy();
  await dynamoDb?.stop();
});

/** A demo resident's phone no other test uses (each test its own, so their rate limits stay apart). */
const residents = district.households.flatMap((household) =>
  household.residents.map((resident) => ({ ...resident, householdId: household.id })),
);
const phonesTaken = new Set<string>();
function freshResident() {
  const resident = residents.find(
    (candidate) =>
      !phonesTaken.has(candidate.phone) && residents.filter((r) => r.phone === candidate.phone).length === 1,
  );
  if (!resident) throw new Error('out of demo residents');
  phonesTaken.add(resident.phone);
  return resident;
}
let sources = 0;
const freshSource = () => ({ sourceIp: `198.51.100.${++sources}`, requestId: `rq-${sources}` });

/** Asks for a code and reads it from the outbox (undefined when no SMS went out). */
async function codeFor(phone: string, source = freshSource()): Promise<string | undefined> {
  const before = outbox.sent.length;
  expect(await requestCode(deps, { phone, ...source }, 0)).toEqual(CODE_REQUESTED);
  const sms = outbox.sent.slice(before);
  return sms.length === 0 ? undefined : /(\d{6})/.exec(sms[0]!.text)?.[1];
}

const refusal = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('asking for a code', () => {
  it('answers a known and an unknown phone alike, and texts only the known one', async () => {
    const resident = freshResident();
    const before = outbox.sent.length;
    const known = await requestCode(deps, { phone: resident.phone, ...freshSource() }, 0);
    const unknown = await requestCode(deps, { phone: '+8613999990000', ...freshSource() }, 0);
    expect(unknown).toEqual(known);
    expect(outbox.sent.slice(before).map((sms) => sms.to)).toEqual([resident.phone]);
    // Both got a code record: the writes do not tell them apart either.
    for (const phone of [resident.phone, '+8613999990000']) {
      const { Item } = await deps.table.db.send(
        new GetCommand({ TableName: deps.table.name, Key: keys.signInCode(phone) }),
      );
      expect(Item).toMatchObject({ hash: expect.any(String), wrongTries: 0 });
      expect(JSON.stringify(Item)).not.toMatch(/"code"/);
    }
  });

  it('holds a phone to one code a minute and five an hour, known or not', async () => {
    for (const phone of [freshResident().phone, '+8613999990001']) {
      await requestCode(deps, { phone, ...freshSource() }, 0);
      const source = freshSource();
      const refused = await refusal(requestCode(deps, { phone, ...source }, 0));
      expect(refused).toBeInstanceOf(TooManyRequestsError);
      expect(refused.status).toBe(429);
      // Refused, it was counted nowhere: not even against its source address.
      const window = rateWindow(RATE_LIMITS.source[0]!, clock.now()).name;
      const { Item } = await deps.table.db.send(
        new GetCommand({
          TableName: deps.table.name,
          Key: keys.signInWindow(`ip:${source.sourceIp}`, window),
        }),
      );
      expect(Item).toBeUndefined();
      for (let sent = 1; sent < 5; sent++) {
        clock.advanceMinutes(1);
        await requestCode(deps, { phone, ...freshSource() }, 0);
      }
      clock.advanceMinutes(1);
      expect(await refusal(requestCode(deps, { phone, ...freshSource() }, 0))).toBeInstanceOf(
        TooManyRequestsError,
      );
      clock.advanceMinutes(60);
      await requestCode(deps, { phone, ...freshSource() }, 0);
    }
  });

  it('holds a source address to ten codes a minute, whatever the phones', async () => {
    const source = freshSource();
    for (let index = 0; index < 10; index++) {
      await requestCode(deps, { phone: `+86139000100${String(index).padStart(2, '0')}`, ...source }, 0);
    }
    const refused = await refusal(requestCode(deps, { phone: '+8613900010099', ...source }, 0));
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused.extensions.retryAfterSeconds).toBeGreaterThan(0);
    clock.advanceMinutes(1);
    await requestCode(deps, { phone: '+8613900010099', ...source }, 0);
  });
});

describe('exchanging a code', () => {
  it('signs a resident in as their person and household, once', async () => {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    const issued = await exchangeCode(deps, { phone: resident.phone, code, ...freshSource() });
    expect(issued).toMatchObject({ personId: resident.personId, householdId: resident.householdId });
    const again = await refusal(exchangeCode(deps, { phone: resident.phone, code, ...freshSource() }));
    expect(again).toBeInstanceOf(UnauthorizedError);
  });

  it('signs a leader in as the roster person with that phone', async () => {
    const leader = chainOf()[1]!.post!;
    const code = (await codeFor(leader.holderPhone))!;
    const issued = await exchangeCode(deps, { phone: leader.holderPhone, code, ...freshSource() });
    expect(issued.personId).toBe(leader.holderId);
  });

  it('forgets a leader’s old phone once the roster gives them a new one', async () => {
    const leader = chainOf()[3]!.post!;
    const person = (await getPerson(deps.table, leader.holderId))!;
    expect(await putPerson(deps.table, { ...person, phone: '+8613999990009' }, 'replace')).toBe(true);
    // The old phone's item stays (never deleted), and the read finds it stale: no SMS.
    expect(await codeFor(leader.holderPhone)).toBeUndefined();
    const code = (await codeFor('+8613999990009'))!;
    const issued = await exchangeCode(deps, { phone: '+8613999990009', code, ...freshSource() });
    expect(issued.personId).toBe(leader.holderId);
  });

  it('refuses a code after five minutes', async () => {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    clock.advanceMinutes(SIGN_IN.codeSeconds / 60);
    expect(
      await refusal(exchangeCode(deps, { phone: resident.phone, code, ...freshSource() })),
    ).toBeInstanceOf(UnauthorizedError);
  });

  it('locks the code after five wrong tries: the right one no longer signs in', async () => {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    const wrong = code === '000000' ? '000001' : '000000';
    for (let tries = 0; tries < SIGN_IN.maxWrongTries; tries++) {
      await refusal(exchangeCode(deps, { phone: resident.phone, code: wrong, ...freshSource() }));
    }
    const refused = await refusal(exchangeCode(deps, { phone: resident.phone, code, ...freshSource() }));
    expect(refused.detail).toMatch(/wrong, expired or used up/);
  });

  it('answers a wrong, expired, locked or missing code alike', async () => {
    const unknownPhone = await refusal(
      exchangeCode(deps, { phone: '+8613999990002', code: '123456', ...freshSource() }),
    );
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    const wrong = await refusal(
      exchangeCode(deps, {
        phone: resident.phone,
        code: code === '111111' ? '222222' : '111111',
        ...freshSource(),
      }),
    );
    expect(wrong.detail).toBe(unknownPhone.detail);
    expect(wrong.status).toBe(unknownPhone.status);
  });

  it('refuses a person the phone does not sign in as, and keeps the code', async () => {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    const refused = await refusal(
      exchangeCode(deps, { phone: resident.phone, code, personId: 'p-someone-else', ...freshSource() }),
    );
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.errors).toEqual([{ field: 'personId', message: 'not of this phone' }]);
    await exchangeCode(deps, { phone: resident.phone, code, personId: resident.personId, ...freshSource() });
  });

  it('issues access tokens that verify with the published key set', async () => {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    const issued = await exchangeCode(deps, { phone: resident.phone, code, ...freshSource() });
    const { payload } = await jwtVerify(
      issued.accessToken,
      createLocalJWKSet((await jsonWebKeySet(deps)) as JSONWebKeySet),
      { issuer, audience, algorithms: ['RS256'] },
    );
    expect(payload).toMatchObject({ sub: resident.personId, 'custom:household_id': resident.householdId });
    expect(Number(payload.exp) - Number(payload.iat)).toBe(config.auth.accessTokenMinutes * 60);
  });
});

describe('refresh tokens', () => {
  async function signedIn(): Promise<IssuedTokens> {
    const resident = freshResident();
    const code = (await codeFor(resident.phone))!;
    return exchangeCode(deps, { phone: resident.phone, code, ...freshSource() });
  }

  it('are replaced on every use', async () => {
    const first = await signedIn();
    const second = await refreshTokens(deps, { refreshToken: first.refreshToken, ...freshSource() });
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.personId).toBe(first.personId);
    const third = await refreshTokens(deps, { refreshToken: second.refreshToken, ...freshSource() });
    expect(third.accessToken).not.toBe(second.accessToken);
  });

  it('revoke the whole sign-in when a replaced one is used again', async () => {
    const first = await signedIn();
    const second = await refreshTokens(deps, { refreshToken: first.refreshToken, ...freshSource() });
    const reuse = await refusal(refreshTokens(deps, { refreshToken: first.refreshToken, ...freshSource() }));
    expect(reuse).toBeInstanceOf(UnauthorizedError);
    // The thief's or the owner's newer token: both stop working.
    expect(
      await refusal(refreshTokens(deps, { refreshToken: second.refreshToken, ...freshSource() })),
    ).toBeInstanceOf(UnauthorizedError);
  });

  it('stop working after sign-out; sign-out answers alike for a token it does not know', async () => {
    const tokens = await signedIn();
    await signOut(deps, { refreshToken: tokens.refreshToken, ...freshSource() });
    expect(
      await refusal(refreshTokens(deps, { refreshToken: tokens.refreshToken, ...freshSource() })),
    ).toBeInstanceOf(UnauthorizedError);
    await expect(signOut(deps, { refreshToken: 'x'.repeat(43), ...freshSource() })).resolves.toBeUndefined();
  });

  it('expire when unused for the configured days', async () => {
    const tokens = await signedIn();
    clock.advanceMinutes(config.auth.refreshTokenDays * 24 * 60);
    expect(
      await refusal(refreshTokens(deps, { refreshToken: tokens.refreshToken, ...freshSource() })),
    ).toBeInstanceOf(UnauthorizedError);
  });
});
