import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from './keys.js';
import { conditionHeld, type DistrictTable } from './table.js';

type ItemKey = { PK: string; SK: string };

/** Long past the last delivery report a provider sends for a message. */
const POINTER_DAYS = 30;
const DAY_SECONDS = 86_400;

/**
 * Marks a stored SMS (a request's message or a settlement statement's) sent, and writes, in the
 * same transaction, a pointer from each provider message id to it: the delivery-status callback
 * knows only the provider's id. `providerMessageId` may hold several ids, comma-separated (one SMS
 * to several supervisors). `deliveries` starts empty: each report adds its id once.
 */
export async function markSmsSent(
  table: DistrictTable,
  message: ItemKey,
  sent: { at: string; providerMessageId: string; idAttribute: string },
): Promise<void> {
  const update = {
    TableName: table.name,
    Key: message,
    UpdateExpression:
      'SET #status = :sent, sentAt = :at, #id = :id, deliveries = if_not_exists(deliveries, :none)',
    ExpressionAttributeNames: { '#status': 'status', '#id': sent.idAttribute },
    ExpressionAttributeValues: {
      ':sent': 'sent',
      ':at': sent.at,
      ':id': sent.providerMessageId,
      ':none': {},
    },
  };
  const expiresAt = Math.floor(new Date(sent.at).getTime() / 1000) + POINTER_DAYS * DAY_SECONDS;
  const pointers = sent.providerMessageId
    .split(',')
    .filter((id) => id !== '')
    .map((id) => ({
      Put: {
        TableName: table.name,
        Item: {
          ...keys.smsSent(id),
          type: 'sms-sent',
          messagePK: message.PK,
          messageSK: message.SK,
          expiresAt,
        },
      },
    }));
  await table.db.send(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...pointers] }));
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
 * Records a delivery report on the SMS it is about: `unknown` for an id no stored SMS was sent
 * under, `replayed` when that id's report is already recorded (the first report stays).
 */
export async function recordDeliveryReport(
  table: DistrictTable,
  report: DeliveryReport,
): Promise<'recorded' | 'replayed' | 'unknown'> {
  const { Item: pointer } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.smsSent(report.providerMessageId) }),
  );
  if (!pointer) return 'unknown';
  const recorded = await conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: { PK: pointer.messagePK as string, SK: pointer.messageSK as string },
        UpdateExpression: 'SET deliveries.#id = :report',
        ConditionExpression: 'attribute_exists(deliveries) AND attribute_not_exists(deliveries.#id)',
        ExpressionAttributeNames: { '#id': report.providerMessageId },
        ExpressionAttributeValues: { ':report': { status: report.status, at: report.at, code: report.code } },
      }),
    ),
  );
  return recorded ? 'recorded' : 'replayed';
}
