import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationPreferences } from '../domain/notification.js';
import { storedPreferences } from '../domain/notification-preferences.js';
import { keys } from './keys.js';
import type { DistrictTable } from './table.js';

/** A person's stored choice and when they made it; undefined while they never chose. */
export interface PreferencesRecord {
  preferences: NotificationPreferences;
  updatedAt: string;
}

/**
 * The choice a person made (`PK = PERSON#<id>`, `SK = PREFERENCES`, attribute `preferences`), read
 * consistently by the API (the page shows what was just set); undefined while they never chose.
 */
export async function readPreferences(
  table: DistrictTable,
  personId: string,
  { consistent = true }: { consistent?: boolean } = {},
): Promise<PreferencesRecord | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.preferences(personId), ConsistentRead: consistent }),
  );
  if (!Item) return undefined;
  return { preferences: storedPreferences(Item.preferences), updatedAt: String(Item.updatedAt) };
}

/**
 * What the publisher applies to a person's notification (channelsFor): their choice, or the
 * default when they never made one. One eventually consistent GetItem: a choice made a second ago
 * may apply from the next notification.
 */
export async function getPreferences(
  table: DistrictTable,
  personId: string,
): Promise<NotificationPreferences> {
  return (
    (await readPreferences(table, personId, { consistent: false }))?.preferences ??
    storedPreferences(undefined)
  );
}

/** Stores a person's choice whole: setting the same choice again changes nothing but its time. */
export async function putPreferences(
  table: DistrictTable,
  personId: string,
  record: PreferencesRecord,
): Promise<void> {
  await table.db.send(
    new PutCommand({
      TableName: table.name,
      Item: { ...keys.preferences(personId), type: 'preferences', personId, ...record },
    }),
  );
}
