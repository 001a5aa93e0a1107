import { keys } from '../../shared/store/keys.js';
import type { NotificationKind, RecipientRole } from '../../shared/domain/notification.js';

/**
 * A stored message item with the attributes of the outbox's shape (docs/notifications.md), as a
 * caller's transaction writes it: what the publisher reads from the stream.
 */
export function messageItem(
  requestId: string,
  key: string,
  overrides: {
    kind?: NotificationKind;
    recipientRole?: RecipientRole;
    urgent?: boolean;
    to?: { kind: 'phone'; phone: string; personId: string } | { kind: 'supervisors' };
  } = {},
): Record<string, unknown> & { PK: string; SK: string } {
  return {
    ...keys.message(requestId, key),
    type: 'message',
    key,
    kind: overrides.kind ?? 'assignment',
    template: 'assigned',
    params: ['ABC123', '下水疏通', '11', '23', '12:00'],
    text: '【绿园三长】新诉求ABC123:下水疏通,请于11月23日12:00前受理。',
    to: overrides.to ?? { kind: 'phone', phone: '+8613800000101', personId: 'p-leader' },
    recipientRole: overrides.recipientRole ?? 'leader',
    urgent: overrides.urgent ?? false,
    place: { community: 'cm-yinrong', grid: 'gd-yinrong-1', level: 'unit' },
    requestId,
    status: 'queued',
    queuedAt: '2026-11-26T02:00:00.000Z',
    dueAt: '2026-11-26T02:00:00.000Z',
    attempts: 0,
  };
}
