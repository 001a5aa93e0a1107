import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/intake/receive-delivery.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { deliveryIds, submissionDigest, type StoredDelivery } from '../../shared/domain/intake-delivery.js';
import { signatureHeader } from '../../shared/services/intake/formats/sanzhang-webhook.js';
import { secretEnding, type Partner } from '../../shared/domain/intake-partner.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { REJECTIONS_KEPT_PER_HOUR } from '../../shared/store/delivery-store.js';
import { keys } from '../../shared/store/keys.js';
import { apiEvent, bodyOf, lambdaContext } from '../support/api-event.js';
import {
  conditionFailed,
  ddb,
  mockDependencies,
  MONDAY_10,
  TABLE,
  writeCalls,
  type TestDependencies,
} from '../support/mock-dependencies.js';

// The district's clock at the wall clock's time: a signature's timestamp is checked against the
// partner's real time, and the stored times come from the district's clock.
let deps: TestDependencies;
let now: Date;
let sealedSecret: string;
/** Fresh mocked parts at `at`, and the partner's secret sealed by their sealer. */
async function dependenciesAt(at: Date): Promise<void> {
  deps = mockDependencies(at);
  sealedSecret = await deps.sealer.seal(SECRET, { partnerId: PARTNER_ID, secretId: 'sec_first' });
}
beforeEach(async () => {
  now = new Date();
  await dependenciesAt(now);
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
});

const PARTNER_ID = 'pt-property';
const SECRET = 'sk-yinrong-2026-4f9c1e7a0b3d4e8f9a2c6d1e5b7f3a90';
const PATH = `/intake/${PARTNER_ID}`;
const DAY_SECONDS = 86_400;

const partner: Partner = {
  id: PARTNER_ID,
  name: '银融物业报修系统',
  format: 'sanzhang',
  scope: 'cm-yinrong',
  triageCommunityId: 'cm-yinrong',
  defaultCategory: 'repair',
  mapping: {},
  secrets: [],
  apiKeys: [],
  disabled: false,
  createdAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-01T02:00:00.000Z',
  revision: 1,
};

/** The partner's item, as GetItem of its key answers it: its secret sealed, as the table keeps it. */
function givenPartner(): void {
  const secret = {
    id: 'sec_first',
    sealed: sealedSecret,
    endsWith: secretEnding(SECRET),
    createdAt: partner.createdAt,
  };
  ddb
    .on(GetCommand, { Key: keys.partner(PARTNER_ID) })
    .resolves({ Item: { ...keys.partner(PARTNER_ID), type: 'partner', ...partner, secrets: [secret] } });
}

// Not JSON.stringify'd here: the signature is over these exact bytes, spacing included.
const BODY = `{"submissionId": "wo-1001", "householdId": "${DEMO_HOUSEHOLD_ID}", "description": "楼道灯坏了,晚上看不见"}`;
const nowSeconds = () => Math.floor(now.getTime() / 1000);

function deliver(body: string, signature: string) {
  return handler(
    apiEvent({
      method: 'POST',
      path: PATH,
      routeKey: 'POST /intake/{partnerId}',
      pathParameters: { partnerId: PARTNER_ID },
      headers: { 'sanzhang-signature': signature },
      body,
    }),
    lambdaContext,
  );
}

const signed = (body = BODY) => deliver(body, signatureHeader(SECRET, nowSeconds(), body));
const puts = () => ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
const { deliveryId, requestId } = deliveryIds(PARTNER_ID, 'wo-1001');

describe('POST /intake/{partnerId}: a signed delivery', () => {
  it('answers 202 with the receipt: the delivery and the request it becomes', async () => {
    givenPartner();

    const response = await signed();

    expect(response.statusCode).toBe(202);
    expect(response.headers?.['content-type']).toBe('application/json');
    expect(bodyOf(response)).toEqual({ deliveryId, requestId, status: 'accepted' });
  });

  it('reads the partner, then stores the raw delivery only if it is new', async () => {
    givenPartner();

    await signed();

    const calls = ddb.calls().map((call) => call.args[0]);
    expect(calls.map((command) => command.constructor.name)).toEqual(['GetCommand', 'PutCommand']);
    expect(calls[0]!.input).toMatchObject({
      TableName: TABLE,
      Key: keys.partner(PARTNER_ID),
      ConsistentRead: true,
    });
    expect(puts()).toEqual([
      {
        TableName: TABLE,
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        Item: {
          ...keys.delivery(deliveryId),
          // Findable as unprocessed until the stream's consumer (or the reconciler) makes it a request.
          GSI2PK: 'DELIVERIES#received',
          GSI2SK: `${now.toISOString()}#${deliveryId}`,
          type: 'delivery',
          deliveryId,
          partnerId: PARTNER_ID,
          requestId,
          channel: 'sanzhang',
          receivedAt: now.toISOString(),
          contentType: 'application/json',
          body: BODY,
          submission: expect.objectContaining({
            externalId: 'wo-1001',
            householdId: DEMO_HOUSEHOLD_ID,
            description: '楼道灯坏了,晚上看不见',
            photos: [],
          }),
          digest: expect.stringMatching(/^[\w-]{22}$/),
          category: 'repair',
          partner: { name: partner.name, scope: 'cm-yinrong', triageCommunityId: 'cm-yinrong' },
          status: 'received',
          expiresAt: Math.floor(now.getTime() / 1000) + 30 * DAY_SECONDS,
        },
      },
    ]);
  });

  it('leaves the request to the stream: no request written, no workflow, no SMS', async () => {
    givenPartner();

    await signed();

    expect(writeCalls()).toHaveLength(1);
    expect(deps.workflow.started).toEqual([]);
    expect(deps.notifier.sms).toEqual([]);
  });
});

describe('the signature’s time', () => {
  it('is checked against the real time, not the district’s clock (which the local run speeds up)', async () => {
    await dependenciesAt(MONDAY_10);
    givenPartner();
    const realSeconds = Math.floor(Date.now() / 1000);
    const districtSeconds = Math.floor(MONDAY_10.getTime() / 1000);

    const signedNow = await deliver(BODY, signatureHeader(SECRET, realSeconds, BODY));
    const thenSigned = await deliver(BODY, signatureHeader(SECRET, districtSeconds, BODY));

    expect(signedNow.statusCode).toBe(202);
    expect(thenSigned.statusCode).toBe(401);
    // What is stored is timed by the district's clock.
    expect(puts()[0]!.Item).toMatchObject({ type: 'delivery', receivedAt: MONDAY_10.toISOString() });
  });
});

describe('a retried delivery', () => {
  const stored: StoredDelivery = {
    deliveryId,
    partnerId: PARTNER_ID,
    requestId,
    channel: 'sanzhang',
    receivedAt: '2026-11-23T01:55:00.000Z',
    contentType: 'application/json',
    body: BODY,
    submission: {
      externalId: 'wo-1001',
      householdId: DEMO_HOUSEHOLD_ID,
      description: '楼道灯坏了,晚上看不见',
      photos: [],
    },
    category: 'repair',
    partner: { name: partner.name, scope: 'cm-yinrong', triageCommunityId: 'cm-yinrong' },
    status: 'processed',
    outcome: { placed: 'household', by: 'id', at: '2026-11-23T01:55:01.000Z' },
  };

  it('takes the stored delivery from its refused Put, and answers the same receipt with no second read', async () => {
    givenPartner();
    ddb
      .on(PutCommand)
      .rejects(conditionFailed({ ...keys.delivery(deliveryId), type: 'delivery', ...stored, expiresAt: 1 }));

    const response = await signed();

    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ deliveryId, requestId, status: 'accepted' });
    expect(ddb.commandCalls(GetCommand, { Key: keys.delivery(deliveryId) })).toHaveLength(0);
    // Only the attempted Put: no second delivery, no rejection record.
    expect(puts()).toHaveLength(1);
    expect(puts()[0]!.Item).toMatchObject({ type: 'delivery' });
  });

  it('answers the stored delivery’s receipt, whatever this retry would have made of it', async () => {
    givenPartner();
    ddb.on(PutCommand).rejects(
      conditionFailed({
        ...keys.delivery(deliveryId),
        type: 'delivery',
        ...stored,
        requestId: 'R-AS-STORED',
      }),
    );

    expect(bodyOf(await signed())).toEqual({ deliveryId, requestId: 'R-AS-STORED', status: 'accepted' });
  });
});

describe('a delivery with a bad signature', () => {
  const forged = () => deliver(BODY, signatureHeader('not-the-secret-at-all', nowSeconds(), BODY));

  it('answers 401 problem+json', async () => {
    givenPartner();

    const response = await forged();

    expect(response.statusCode).toBe(401);
    expect(response.headers?.['content-type']).toBe('application/problem+json');
    expect(bodyOf(response)).toMatchObject({
      status: 401,
      title: 'Unauthorized',
      detail: expect.stringMatching(/No active secret of this partner signed this delivery/),
      instance: PATH,
    });
  });

  it('writes a rejection record without the body, counts it in its hour, and writes no delivery', async () => {
    givenPartner();

    await forged();

    expect(writeCalls()).toHaveLength(2);
    expect(ddb.commandCalls(UpdateCommand)[0]!.args[0].input).toMatchObject({
      Key: keys.rejectionHour(PARTNER_ID, now.toISOString().slice(0, 13)),
      ExpressionAttributeValues: { ':one': 1, ':type': 'rejection-hour' },
    });
    const [rejection] = puts();
    expect(rejection).toMatchObject({
      TableName: TABLE,
      Item: {
        PK: `REJECTED#${PARTNER_ID}`,
        SK: expect.stringMatching(new RegExp(`^${now.toISOString().replaceAll('.', '\\.')}#[0-9a-f]{8}$`)),
        type: 'rejection',
        partnerId: PARTNER_ID,
        at: now.toISOString(),
        status: 401,
        reason: expect.stringMatching(/No active secret/),
        bodyBytes: Buffer.byteLength(BODY),
        sourceIp: '203.0.113.7',
        expiresAt: Math.floor(now.getTime() / 1000) + 90 * DAY_SECONDS,
      },
    });
    expect(rejection!.Item).not.toHaveProperty('body');
    expect(ddb.commandCalls(PutCommand, { Item: { type: 'delivery' } })).toHaveLength(0);
  });

  it('is refused the same way when signed over other bytes than those sent', async () => {
    givenPartner();
    const tampered = BODY.replace('楼道灯坏了', '楼道灯修好了');

    const response = await deliver(tampered, signatureHeader(SECRET, nowSeconds(), BODY));

    expect(response.statusCode).toBe(401);
    expect(puts().map((input) => input.Item?.type)).toEqual(['rejection']);
  });
});

describe('a delivery for a partner that does not exist', () => {
  it.each([
    ['an unknown id', 'pt-nobody'],
    ['an id no partner could have', 'x'.repeat(100)],
  ])('answers 404 for %s and writes nothing', async (_what, partnerId) => {
    ddb.on(GetCommand).resolves({});

    const response = await handler(
      apiEvent({
        method: 'POST',
        path: `/intake/${partnerId}`,
        routeKey: 'POST /intake/{partnerId}',
        pathParameters: { partnerId },
        body: BODY,
      }),
      lambdaContext,
    );

    expect(response.statusCode).toBe(404);
    expect(writeCalls()).toEqual([]);
    // An id no partner can have is not even looked up: it could not be a key.
    expect(ddb.commandCalls(GetCommand)).toHaveLength(partnerId.length > 64 ? 0 : 1);
  });
});

describe('refusals beyond the hour’s cap', () => {
  it('are only counted: the hour’s counter is updated and no record is written', async () => {
    givenPartner();
    ddb.on(UpdateCommand).resolves({ Attributes: { refused: REJECTIONS_KEPT_PER_HOUR + 1 } });

    const response = await deliver(BODY, signatureHeader('not-the-secret-at-all', nowSeconds(), BODY));

    expect(response.statusCode).toBe(401);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(puts()).toEqual([]);
  });
});

describe('a delivery to the token URL', () => {
  const TOKEN = 'tok-9b1f0c2d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1';

  it('never shows the token: the problem’s instance is redacted', async () => {
    ddb
      .on(GetCommand, { Key: keys.partner(PARTNER_ID) })
      .resolves({ Item: { ...keys.partner(PARTNER_ID), ...partner, format: 'jinshuju', mapping: {} } });

    const response = await handler(
      apiEvent({
        method: 'POST',
        path: `/intake/${PARTNER_ID}/${TOKEN}`,
        routeKey: 'POST /intake/{partnerId}/{token}',
        pathParameters: { partnerId: PARTNER_ID, token: TOKEN },
        body: '{}',
      }),
      lambdaContext,
    );

    expect(response.statusCode).toBe(401);
    expect(bodyOf(response)).toMatchObject({ instance: `/intake/${PARTNER_ID}/…` });
    expect(response.body).not.toContain(TOKEN);
  });
});

describe('a resent submission id', () => {
  const stored = (submission: StoredDelivery['submission'], digest?: string): StoredDelivery => ({
    deliveryId,
    partnerId: PARTNER_ID,
    requestId,
    channel: 'sanzhang',
    receivedAt: '2026-11-23T01:55:00.000Z',
    contentType: 'application/json',
    body: BODY,
    submission,
    ...(digest ? { digest } : {}),
    category: 'repair',
    partner: { name: partner.name, scope: 'cm-yinrong', triageCommunityId: 'cm-yinrong' },
    status: 'processed',
  });
  const original = {
    externalId: 'wo-1001',
    householdId: DEMO_HOUSEHOLD_ID,
    description: '楼道灯坏了,晚上看不见',
    photos: [],
  };

  it('with other content answers 409 and keeps the original', async () => {
    givenPartner();
    const other = { ...original, description: '电梯坏了' };
    ddb.on(PutCommand, { Item: { type: 'delivery' } }).rejects(
      conditionFailed({
        ...keys.delivery(deliveryId),
        type: 'delivery',
        ...stored(other, submissionDigest(other)),
      }),
    );

    const response = await signed();

    expect(response.statusCode).toBe(409);
    expect(bodyOf(response)).toMatchObject({
      status: 409,
      errors: [{ field: 'submissionId', message: 'already used with other content' }],
    });
    expect(ddb.commandCalls(PutCommand, { Item: { type: 'delivery' } })).toHaveLength(1);
  });

  it('with the same content, even stored before digests were kept, answers 202 with the same receipt', async () => {
    givenPartner();
    ddb
      .on(PutCommand)
      .rejects(conditionFailed({ ...keys.delivery(deliveryId), type: 'delivery', ...stored(original) }));

    const response = await signed();

    expect(response.statusCode).toBe(202);
    expect(bodyOf(response)).toEqual({ deliveryId, requestId, status: 'accepted' });
  });
});

describe('GET /intake/{partnerId}: a URL verification', () => {
  const verify = (query: Record<string, string>) =>
    handler(
      apiEvent({
        method: 'GET',
        path: PATH,
        routeKey: 'GET /intake/{partnerId}',
        pathParameters: { partnerId: PARTNER_ID },
        query,
      }),
      lambdaContext,
    );

  it('echoes the configured query parameter as plain text, and writes nothing', async () => {
    ddb.on(GetCommand, { Key: keys.partner(PARTNER_ID) }).resolves({
      Item: {
        ...keys.partner(PARTNER_ID),
        ...partner,
        format: 'json',
        mapping: { description: ['$.text'] },
        json: {
          deliveryId: '$.id',
          proof: { type: 'url-token' },
          handshake: { when: 'query:echostr', echo: 'query:echostr' },
        },
      },
    });

    const response = await verify({ echostr: '5d8c1e2f' });

    expect(response).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' },
      body: '5d8c1e2f',
    });
    expect(writeCalls()).toEqual([]);
  });

  it('is a 404 that writes nothing for a partner without a configured handshake', async () => {
    givenPartner();

    const response = await verify({ echostr: '5d8c1e2f' });

    expect(response.statusCode).toBe(404);
    expect(bodyOf(response)).toMatchObject({ detail: `No webhook for partner ${PARTNER_ID}.` });
    expect(writeCalls()).toEqual([]);
  });
});
