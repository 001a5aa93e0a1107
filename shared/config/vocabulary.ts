/** The five levels a request climbs, in escalation order (单元长 → 楼栋长 → 网格长 → 社区 → 街道). */
export const LEVELS = ['unit', 'building', 'grid', 'community', 'street'] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_NAMES_ZH: Record<Level, string> = {
  unit: '单元长',
  building: '楼栋长',
  grid: '网格长',
  community: '社区',
  street: '街道',
};

/** The places themselves (the names above are their posts'). */
export const LEVEL_PLACE_NAMES_ZH: Record<Level, string> = {
  unit: '单元',
  building: '楼栋',
  grid: '网格',
  community: '社区',
  street: '街道',
};

export const PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const PRIORITY_NAMES_ZH: Record<Priority, string> = { normal: '一般', high: '较急', urgent: '紧急' };

/** The tags every district records; a district adds its own in its config (`householdTags`). */
export const STANDARD_HOUSEHOLD_TAGS = ['独居老人', '残疾', '低保', '重点关注'] as const;

/**
 * The SMS templates a district registers with its provider, one per message the system sends; the
 * registry in shared/domain/sms-templates.ts holds their bodies and parameters, exactly these names.
 * Here, below the domain, so that the config's check can require a template provider to map each.
 */
export const SMS_TEMPLATE_NAMES = [
  'assigned',
  'assignedUrgent',
  'escalatedTimeout',
  'escalatedTimeoutUrgent',
  'escalatedUnresolved',
  'escalatedUnresolvedUrgent',
  'reopened',
  'resolved',
  'overdue',
  'triage',
  'triageUrgent',
  'triageOverdue',
  'dispatched',
  'dispatchedUrgent',
  'dispatchCompleted',
  'dispatchOverdue',
  'statement',
  'statementBonus',
  'signInCode',
  'digest',
  'reminder',
  'reminderUrgent',
  'notice',
  'noticeUrgent',
  'noticeReminder',
  'noticeReport',
  'assignedLink',
  'assignedUrgentLink',
  'escalatedTimeoutLink',
  'escalatedTimeoutUrgentLink',
  'escalatedUnresolvedLink',
  'escalatedUnresolvedUrgentLink',
  'reminderLink',
  'reminderUrgentLink',
] as const;
export type SmsTemplateName = (typeof SMS_TEMPLATE_NAMES)[number];

/** The leaders' templates with a link: only a district whose config names its site (`web.domain`) sends them. */
export const isLinkTemplate = (name: SmsTemplateName) => name.endsWith('Link');

/**
 * The template names a provider's mapping (name → the provider's template id) leaves out or leaves
 * empty; the link templates only where the district sends links.
 */
export function unmappedSmsTemplates(
  mapped: Readonly<Record<string, string>>,
  sends: { links: boolean } = { links: true },
): SmsTemplateName[] {
  return SMS_TEMPLATE_NAMES.filter((name) => !mapped[name] && (sends.links || !isLinkTemplate(name)));
}
