import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';
import { conditionHeld, type DistrictTable } from './table.js';

type ItemKey = { PK: string; SK: string };

/** Long past the last delivery report a provider sends for a message. */
const POINTER_DAYS = 30;
const DAY_SECONDS = 86_400;

/**
 * Points each provider message id to the stored SMS it was sent as (a request's message or a
 * settlement statement's): the delivery-status callback knows only the provider's id. Written
 * before the SMS is marked sent, so a message marked sent has its pointers; a retry rewrites the
 * same items. `providerMessageId` may hold several ids, comma-separated (one SMS to several supervisors).
 */
export async function putSmsPointers(
  table: DistrictTable,
  message: ItemKey,
  providerMessageId: string | undefined,
  at: string,
): Promise<void> {
  const expiresAt = Math.floor(new Date(at).getTime() / 1000) + POINTER_DAYS * DAY_SECONDS;
  const ids = (providerMessageId ?? '').split(',').filter((id) => id !== '');
  for (const id of ids) {
    await table.db.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...keys.smsSent(id),
          type: 'sms-sent',
          messagePK: message.PK,
          messageSK: message.SK,
          expiresAt,
        },
      }),
    );
  }
}

export interface DeliveryReport {
  providerMessageId: string;
  status: 'delivered' | 'failed';
  /** When the phone got it (or the carrier gave up), as the provider reports it. */
  at: string;
  /** The carrier's status code, e.g. DELIVRD. */
  code: string;
}

/**
 * Records a delivery report on the SMS it is about, in its `deliveries` map by provider id, and
 * moves its status on from `sent`: `delivered` (which wins, for an SMS to several supervisors) or
 * `failed`. `unknown` for an id no stored SMS was sent under, `replayed` when that id's report is
 * already recorded (the first report stays).
 */
export async function recordDeliveryReport(
  table: DistrictTable,
  report: DeliveryReport,
): Promise<'recorded' | 'replayed' | 'unknown'> {
  const { Item: pointer } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.smsSent(report.providerMessageId) }),
  );
  if (!pointer) return 'unknown';
  const message = { PK: String(pointer.messagePK), SK: String(pointer.messageSK) };
  // A map must exist before a path into it is set; a message that is gone is as good as unknown.
  const exists = await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: message,
        UpdateExpression: 'SET deliveries = if_not_exists(deliveries, :none)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':none': {} },
      }),
    ),
  );
  if (!exists) return 'unknown';
  const recorded = await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: message,
        UpdateExpression: 'SET deliveries.#id = :report',
        ConditionExpression: 'attribute_not_exists(deliveries.#id)',
        ExpressionAttributeNames: { '#id': report.providerMessageId },
        ExpressionAttributeValues: { ':report': { status: report.status, at: report.at, code: report.code } },
      }),
    ),
  );
  if (!recorded) return 'replayed';
  await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: message,
        UpdateExpression: 'SET #status = :status',
        ConditionExpression: report.status === 'delivered' ? 'attribute_exists(sentAt)' : '#status = :sent',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': report.status,
          ...(report.status === 'delivered' ? {} : { ':sent': 'sent' }),
        },
      }),
    ),
  );
  return 'recorded';
}
