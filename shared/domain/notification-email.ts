import type { NotificationKind } from './notification.js';

/** An e-mail as the e-mail channel sends it: plain text, in Chinese. */
export interface EmailMessage {
  subject: string;
  body: string;
}

/** What the subject says each kind is about (sign-in codes and digests never go by e-mail). */
const SUBJECTS: Record<NotificationKind, string> = {
  assignment: '新诉求待处理',
  escalation: '诉求已升级',
  reminder: '诉求即将超时',
  overdue: '诉求已超时',
  triage: '诉求待分派',
  dispatch: '服务派单',
  'request-update': '诉求进展',
  notice: '通知公告',
  'notice-reminder': '通知未读提醒',
  'notice-report': '通知阅读情况',
  settlement: '积分结算',
  digest: '待办汇总',
  'sign-in': '登录验证码',
};

/** The SMS text opens with the district's registered 【signature】; an e-mail names it in its subject. */
const SIGNATURE = /^【[^】]*】/;

const FOOTER = '此邮件由三长联动系统自动发送,请勿直接回复。';

/**
 * The e-mail of one notification, from its event (kind, urgency) and its stored SMS text: the
 * subject names the district's signature and what it is about (紧急 first when urgent), the body
 * is the same text as the SMS and the app (links included), then a line saying nobody reads replies.
 */
export function notificationEmail(
  notification: { kind: NotificationKind; urgent: boolean },
  text: string,
  /** The district's registered 【signature】 (`sms.signature`). */
  signature: string,
): EmailMessage {
  const about = SUBJECTS[notification.kind];
  return {
    subject: `${signature}${notification.urgent ? `紧急:${about}` : about}`,
    body: `${text.replace(SIGNATURE, '')}\n\n${FOOTER}`,
  };
}
