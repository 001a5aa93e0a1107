import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { dependencies } from '../../shared/runtime/dependencies.js';
import { streamHandler } from '../../shared/runtime/stream-handler.js';
import {
  cachedPreferences,
  publishNotification,
  type StoredMessageFacts,
} from '../../shared/services/notifications/publish-notification.js';

/**
 * The table's stream, filtered to new message items: each is published once to the notifications
 * topic, whose subscriptions carry it to its channels. Preferences are read once per invocation.
 */
export const handler = (event: DynamoDBStreamEvent, context?: Context) => {
  const preferencesOf = cachedPreferences(dependencies().table);
  return streamHandler<StoredMessageFacts>(
    'publishing a notification',
    (message) => `${message.PK} ${message.SK}`,
    async (deps, message) => {
      await publishNotification(deps, message, preferencesOf);
    },
  )(event, context);
};
