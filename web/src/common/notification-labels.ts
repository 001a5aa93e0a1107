/** What a notification is about (shared/domain/notification.ts NOTIFICATION_KINDS), in the words a leader and the staff read. */
export const NOTIFICATION_KIND_NAMES: Record<string, string> = {
  assignment: '派单',
  escalation: '升级',
  reminder: '办理提醒',
  overdue: '超时',
  triage: '待分拣',
  dispatch: '服务派单',
  'request-update': '诉求进展',
  notice: '通知公告',
  'notice-reminder': '通知未读提醒',
  'notice-report': '通知未读报告',
  settlement: '月度结算',
  digest: '汇总',
  'sign-in': '登录验证码',
};

/** Where a stored SMS stands (the outbox's statuses). */
export const MESSAGE_STATUS_NAMES: Record<string, string> = {
  queued: '已排队',
  held: '静默等待',
  sending: '发送中',
  sent: '已发送',
  delivered: '已送达',
  failed: '失败',
  refused: '被拒收',
  merged: '已合并',
};
