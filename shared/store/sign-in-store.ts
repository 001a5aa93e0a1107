import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Household, Person } from '../domain/hierarchy.js';
import { SIGN_IN, type SignInIdentity, type StoredCode } from '../domain/sign-in.js';
import { keys, SK_PREFIX } from './keys.js';
import { batchGet, conditionHeld, type DistrictTable, queryAll, withoutKeys } from './table.js';

/** The table's TTL attribute (epoch seconds): DynamoDB deletes the item some time after it. */
const ttl = (at: Date | string) => Math.floor(new Date(at).getTime() / 1000);

/**
 * Everyone a phone signs in as: the residents with it in households that still list it, and the
 * roster persons who still have it (one Query of `PHONE#<phone>`, one BatchGet). Items left behind
 * by a changed phone are skipped, as householdsWithPhone skips them.
 */
export async function signInIdentities(table: DistrictTable, phone: string): Promise<SignInIdentity[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :phone',
    ExpressionAttributeValues: { ':phone': keys.phonePartition(phone) },
    ConsistentRead: true,
  });
  const wanted = items.map((item) =>
    String(item.SK).startsWith(SK_PREFIX.residentPhone)
      ? keys.node(String(item.householdId))
      : keys.person(String(item.personId)),
  );
  const found = (await batchGet(table, wanted, { consistent: true })).map((item) => ({
    pk: String(item.PK),
    record: withoutKeys<Household | Person>(item),
  }));
  return found.flatMap(({ pk, record }): SignInIdentity[] => {
    if (pk === keys.person(record.id).PK) {
      const person = record as Person;
      return person.phone === phone ? [{ personId: person.id, name: person.name }] : [];
    }
    const household = record as Household;
    if (household.type !== 'household') return [];
    return household.residents
      .filter((resident) => resident.phone === phone)
      .map((resident) => ({ personId: resident.personId, name: resident.name, householdId: household.id }));
  });
}

/** A phone's new code, replacing any earlier one (its tries with it). */
export async function putCode(table: DistrictTable, phone: string, code: StoredCode): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.signInCode(phone), type: 'sign-in-code', ...code, expiresAt: ttl(code.validUntil) },
    }),
  );
}

export async function getCode(table: DistrictTable, phone: string): Promise<StoredCode | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.signInCode(phone), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { salt, hash, validUntil, wrongTries } = Item as StoredCode;
  return { salt, hash, validUntil, wrongTries };
}

/** Counts a wrong try on the code that was checked (not on a newer one); the tries it has now. */
export async function countWrongTry(table: DistrictTable, phone: string, hash: string): Promise<number> {
  try {
    const { Attributes } = await table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.signInCode(phone),
        UpdateExpression: 'ADD wrongTries :one',
        ConditionExpression: '#hash = :hash',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: { ':one': 1, ':hash': hash },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.wrongTries ?? 0);
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return 0;
    throw error;
  }
}

/** Uses the code up: deleted if it is still the one checked and not locked; false when another try came first. */
export function consumeCode(table: DistrictTable, phone: string, hash: string): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new DeleteCommand({
        TableName: table.name,
        Key: keys.signInCode(phone),
        ConditionExpression: '#hash = :hash AND wrongTries < :max',
        ExpressionAttributeNames: { '#hash': 'hash' },
        ExpressionAttributeValues: { ':hash': hash, ':max': SIGN_IN.maxWrongTries },
      }),
    ),
  );
}

/** A rate window a code request counts in: who it counts (`phone:<E.164>`, `ip:<address>`), which window, how many it allows. */
export interface CountedWindow {
  subject: string;
  window: { name: string; endsAt: Date };
  max: number;
}

/**
 * Counts one code request in every window, or in none: one transaction whose every count is
 * conditioned on its window being under its limit, so a refused request writes nothing. Returns
 * the windows that were full (none: counted).
 */
export async function countInWindows(
  table: DistrictTable,
  windows: CountedWindow[],
): Promise<CountedWindow[]> {
  try {
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: windows.map(({ subject, window, max }) => ({
          Update: {
            TableName: table.name,
            Key: keys.signInWindow(subject, window.name),
            UpdateExpression: 'SET #type = :type, expiresAt = :expires ADD requests :one',
            ConditionExpression: 'attribute_not_exists(requests) OR requests < :max',
            ExpressionAttributeNames: { '#type': 'type' },
            ExpressionAttributeValues: {
              ':type': 'sign-in-window',
              ':expires': ttl(window.endsAt),
              ':one': 1,
              ':max': max,
            },
          },
        })),
      }),
    );
    return [];
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const full = windows.filter((_window, index) => reasons[index]?.Code === 'ConditionalCheckFailed');
    if (full.length === 0) throw error;
    return full;
  }
}

/** A sign-in: its phone and identity, kept so a refresh checks the phone still signs in as them. */
export interface RefreshFamily {
  familyId: string;
  phone: string;
  identity: SignInIdentity;
  createdAt: string;
  revokedAt?: string;
}

export interface StoredRefreshToken {
  familyId: string;
  validUntil: string;
  usedAt?: string;
}

const familyItem = (family: RefreshFamily, validUntil: string) => ({
  ...keys.refreshFamily(family.familyId),
  type: 'refresh-family',
  ...family,
  expiresAt: ttl(validUntil),
});

const tokenItem = (hash: string, token: StoredRefreshToken) => ({
  ...keys.refreshToken(hash),
  type: 'refresh-token',
  ...token,
  expiresAt: ttl(token.validUntil),
});

/** A new sign-in's family and its first refresh token, written together. */
export async function startFamily(
  table: DistrictTable,
  family: RefreshFamily,
  token: { hash: string; validUntil: string },
): Promise<void> {
  await table.db.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table.name,
            Item: familyItem(family, token.validUntil),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          Put: {
            TableName: table.name,
            Item: tokenItem(token.hash, { familyId: family.familyId, validUntil: token.validUntil }),
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    }),
  );
}

export async function getRefreshToken(
  table: DistrictTable,
  hash: string,
): Promise<StoredRefreshToken | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.refreshToken(hash), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { familyId, validUntil, usedAt } = Item as StoredRefreshToken;
  return { familyId, validUntil, ...(usedAt ? { usedAt } : {}) };
}

export async function getFamily(table: DistrictTable, familyId: string): Promise<RefreshFamily | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.refreshFamily(familyId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const {
    type: _type,
    expiresAt: _expires,
    ...family
  } = withoutKeys<RefreshFamily & Record<string, unknown>>(Item);
  return family;
}

/**
 * Replaces a refresh token by the next one, in one transaction: the old one is marked used (if no
 * other use came first), the family must not be revoked (its expiry moves with the new token).
 * `reused`: the old token was used already; `revoked`: the family was revoked.
 */
export async function rotateRefreshToken(
  table: DistrictTable,
  old: { hash: string; familyId: string; at: string },
  next: { hash: string; validUntil: string },
): Promise<'rotated' | 'reused' | 'revoked'> {
  try {
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: table.name,
              Key: keys.refreshToken(old.hash),
              UpdateExpression: 'SET usedAt = :at',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(usedAt)',
              ExpressionAttributeValues: { ':at': old.at },
            },
          },
          {
            Update: {
              TableName: table.name,
              Key: keys.refreshFamily(old.familyId),
              UpdateExpression: 'SET expiresAt = :expires',
              ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(revokedAt)',
              ExpressionAttributeValues: { ':expires': ttl(next.validUntil) },
            },
          },
          {
            Put: {
              TableName: table.name,
              Item: tokenItem(next.hash, { familyId: old.familyId, validUntil: next.validUntil }),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return 'rotated';
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [token] = error.CancellationReasons ?? [];
    return token?.Code === 'ConditionalCheckFailed' ? 'reused' : 'revoked';
  }
}

/** Revokes a sign-in: none of its refresh tokens works again (its access tokens run out within their lifetime). */
export async function revokeFamily(table: DistrictTable, familyId: string, at: string): Promise<void> {
  await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.refreshFamily(familyId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at },
      }),
    ),
  );
}
