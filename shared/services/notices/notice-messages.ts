import type { SmsTemplateName } from '../../config/vocabulary.js';
import type { Notice, Recipient } from '../../domain/notice.js';
import { TEMPLATE_KINDS, type NotificationPlace, type RecipientRole } from '../../domain/notification.js';
import { renderSms } from '../../domain/sms-templates.js';
import type { NoticeMessage } from '../../store/notice-store.js';

/** Where a notice is, as the notifications topic's place attributes. */
export function noticePlace(notice: Pick<Notice, 'placeAncestors' | 'placeLevel'>): NotificationPlace {
  const { community, grid, building } = notice.placeAncestors;
  return {
    ...(community ? { community } : {}),
    ...(grid ? { grid } : {}),
    ...(building ? { building } : {}),
    level: notice.placeLevel,
  };
}

/**
 * One SMS of a notice to one person. Its key (`<template>:<notice>:<person>`) is the message's
 * identity: the same SMS is never queued twice, whoever writes it again.
 */
export function noticeMessage(
  signature: string,
  notice: Notice,
  template: Extract<SmsTemplateName, 'notice' | 'noticeUrgent' | 'noticeReminder' | 'noticeReport'>,
  to: Recipient,
  recipientRole: RecipientRole,
  params: readonly string[],
): NoticeMessage {
  return {
    key: `${template}:${notice.id}:${to.personId}`,
    ...renderSms(signature, template, params),
    to: { kind: 'phone', phone: to.phone, personId: to.personId },
    urgent: notice.urgent,
    kind: TEMPLATE_KINDS[template],
    recipientRole,
    place: noticePlace(notice),
    noticeId: notice.id,
  };
}
