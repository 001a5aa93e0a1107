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

const CHANNEL_CHOICES: Channel[][] = [[], ['sms'], ['push'], ['sms', 'push']];
const EVERY_PREFERENCE: NotificationPreferences[] = CHANNEL_CHOICES.flatMap((channels) =>
  NOTICE_CHOICES.map((notices) => ({ channels, notices })),
);
const PEOPLE = RECIPIENT_ROLES.filter((role) => role !== 'supervisors');

function expected(kind: NotificationKind, urgent: boolean, preferences: NotificationPreferences): Channel[] {
  switch (RULE[kind]) {
    case 'mandatory':
      return ['sms', 'push'];
    case 'sms only':
      return ['sms'];
    case 'notice':
      if (!urgent && preferences.notices === 'work-only') return ['push'];
      return preferences.channels.includes('sms') ? ['sms', 'push'] : ['push'];
    case 'chosen':
      return preferences.channels.includes('sms') ? ['sms', 'push'] : ['push'];
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

  it('without a choice, everything by SMS and the app', () => {
    expect(DEFAULT_PREFERENCES).toEqual({ channels: ['sms', 'push'], notices: 'all' });
    expect(channelsFor({ kind: 'notice', urgent: false, recipientRole: 'leader' })).toEqual(['sms', 'push']);
  });
});
