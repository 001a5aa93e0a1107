import { describe, expect, it } from 'vitest';
import {
  channelsFor,
  DEFAULT_PREFERENCES,
  NOTICE_CHOICES,
  NOTIFICATION_KINDS,
  RECIPIENT_ROLES,
  type Channel,
  type NotificationKind,
  type NotificationPreferences,
} from '../../shared/domain/notification.js';

/**
 * The rules of issue 13 point 7, written out kind by kind (a new kind does not compile until it is
 * given one): work the person holds or must act on cannot be muted; a notice may be limited to the
 * app unless urgent; the rest follow the person's channels; the app always has what it can show.
 * E-mail, where chosen, comes on top of every kind but the digest (SMS only) and a muted notice.
 */
const RULE: Record<NotificationKind, 'mandatory' | 'chosen' | 'notice' | 'sms only'> = {
  assignment: 'mandatory',
  escalation: 'mandatory',
  reminder: 'mandatory',
  overdue: 'mandatory',
  triage: 'mandatory',
  dispatch: 'mandatory',
  'request-update': 'chosen',
  notice: 'notice',
  'notice-reminder': 'chosen',
  'notice-report': 'mandatory',
  settlement: 'chosen',
  digest: 'sms only',
  'sign-in': 'mandatory',
};

const CHANNEL_CHOICES: Channel[][] = [
  [],
  ['sms'],
  ['push'],
  ['sms', 'push'],
  ['email'],
  ['push', 'email'],
  ['sms', 'push', 'email'],
];
const EVERY_PREFERENCE: NotificationPreferences[] = CHANNEL_CHOICES.flatMap((channels) =>
  NOTICE_CHOICES.map((notices) => ({ channels, notices })),
);
const PEOPLE = RECIPIENT_ROLES.filter((role) => role !== 'supervisors');

function expected(kind: NotificationKind, urgent: boolean, preferences: NotificationPreferences): Channel[] {
  const email: Channel[] = preferences.channels.includes('email') ? ['email'] : [];
  const sms: Channel[] = preferences.channels.includes('sms') ? ['sms'] : [];
  switch (RULE[kind]) {
    case 'mandatory':
      return ['sms', 'push', ...email];
    case 'sms only':
      return ['sms'];
    case 'notice':
      if (!urgent && preferences.notices === 'work-only') return ['push'];
      return [...sms, 'push', ...email];
    case 'chosen':
      return [...sms, 'push', ...email];
  }
}

describe('channelsFor', () => {
  describe.each(NOTIFICATION_KINDS)('%s', (kind) => {
    it.each(EVERY_PREFERENCE)(
      'for $channels, notices $notices, urgent or not, to every person',
      (preferences) => {
        for (const urgent of [false, true]) {
          for (const recipientRole of PEOPLE) {
            expect([
              recipientRole,
              urgent,
              channelsFor({ kind, urgent, recipientRole }, preferences),
            ]).toEqual([recipientRole, urgent, expected(kind, urgent, preferences)]);
          }
        }
      },
    );
  });

  it('the supervisors’ alerts cannot be muted: SMS, whatever the kind and preference (they have no app)', () => {
    for (const kind of NOTIFICATION_KINDS)
      for (const preferences of EVERY_PREFERENCE)
        expect(channelsFor({ kind, urgent: false, recipientRole: 'supervisors' }, preferences)).toEqual([
          'sms',
        ]);
  });

  it('assignments and escalations go by SMS even to a person who chose the app only', () => {
    const appOnly: NotificationPreferences = { channels: ['push'], notices: 'work-only' };
    for (const kind of ['assignment', 'escalation'] as const)
      expect(channelsFor({ kind, urgent: false, recipientRole: 'leader' }, appOnly)).toEqual(['sms', 'push']);
  });

  it('an urgent notice is not muted by the notices opt-out; a routine one goes to the app only', () => {
    const workOnly: NotificationPreferences = { channels: ['sms', 'push'], notices: 'work-only' };
    const notice = (urgent: boolean) =>
      channelsFor({ kind: 'notice', urgent, recipientRole: 'leader' }, workOnly);
    expect([notice(true), notice(false)]).toEqual([['sms', 'push'], ['push']]);
  });

  it('e-mail never stands in for the SMS of work a staff member must act on', () => {
    const emailOnly: NotificationPreferences = { channels: ['email'], notices: 'all' };
    expect(channelsFor({ kind: 'escalation', urgent: true, recipientRole: 'staff' }, emailOnly)).toEqual([
      'sms',
      'push',
      'email',
    ]);
    expect(channelsFor({ kind: 'settlement', urgent: false, recipientRole: 'staff' }, emailOnly)).toEqual([
      'push',
      'email',
    ]);
  });

  it('without a choice, everything by SMS and the app', () => {
    expect(DEFAULT_PREFERENCES).toEqual({ channels: ['sms', 'push'], notices: 'all' });
    expect(channelsFor({ kind: 'notice', urgent: false, recipientRole: 'leader' })).toEqual(['sms', 'push']);
  });
});
