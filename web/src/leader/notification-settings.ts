import type { components } from '../api/schema';

/**
 * The leader's notification choices as the settings page offers them (the API's rules, said in the
 * page's terms): SMS may be turned off; the app (this page's 消息) always has every notification;
 * work messages (MANDATORY_KINDS: assignments, escalations, reminders…) go by SMS whatever the choice;
 * 仅接收与我工作相关的通知 keeps non-urgent notices off SMS, so it means something only with SMS on.
 */
export type MyPreferences = components['schemas']['MyPreferences'];
export type PreferencesChoice = Pick<MyPreferences, 'channels' | 'notices'>;

/** The rule, as the page says it plainly. */
export const WORK_SMS_RULE = '派单、升级、提醒等工作短信不能关闭';

export const smsOn = (choice: PreferencesChoice): boolean => choice.channels.includes('sms');

/** SMS on or off; the app stays (it has every notification anyway), and so does e-mail if a staff member chose it. */
export const withSms = (choice: PreferencesChoice, on: boolean): PreferencesChoice => ({
  channels: [
    ...(on ? (['sms'] as const) : []),
    'push',
    ...choice.channels.filter((channel) => channel === 'email'),
  ],
  notices: choice.notices,
});

export const emailOn = (choice: PreferencesChoice): boolean => choice.channels.includes('email');

/** Whether e-mail is this person's to choose: staff, where the district sends e-mail (the API says, in `choices`). */
export const mayChooseEmail = (preferences: MyPreferences): boolean =>
  preferences.choices.channels.includes('email');

/** Why e-mail could not be turned on: the person's record has no address (the API's 422). */
export const NO_EMAIL_ADDRESS = '您的档案里还没有邮箱地址,请社区工作人员登记后再开启电子邮件';

/** E-mail on or off, on top of the other channels: it never replaces SMS or the app. */
export const withEmail = (choice: PreferencesChoice, on: boolean): PreferencesChoice => ({
  channels: [
    ...choice.channels.filter((channel) => channel !== 'email'),
    ...(on ? (['email'] as const) : []),
  ],
  notices: choice.notices,
});

export const withWorkOnly = (choice: PreferencesChoice, workOnly: boolean): PreferencesChoice => ({
  channels: [...choice.channels],
  notices: workOnly ? 'work-only' : 'all',
});

/** Whether this person may opt out of notices at all (leaders and staff: the API says, in `choices`). */
export const mayChooseWorkOnly = (preferences: MyPreferences): boolean =>
  preferences.choices.notices.includes('work-only');

/** What the person will get by SMS with this choice, in one sentence. */
export function smsSummary(choice: PreferencesChoice): string {
  if (!smsOn(choice)) return '只有工作短信会发到手机,其他通知请在「我的消息」里查看';
  if (choice.notices === 'work-only') return '工作短信和紧急通知会发短信,其他通知只在「我的消息」里';
  return '工作短信和全部通知都会发短信';
}
