import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/access.js';
import {
  channelsFor,
  DEFAULT_PREFERENCES,
  NOTIFICATION_KINDS,
  type NotificationPreferences,
} from '../../shared/domain/notification.js';
import {
  checkedPreferences,
  districtEmail,
  EMAIL_ROLES,
  mandatoryKinds,
  normalisePreferences,
  preferenceChoices,
  storedPreferences,
} from '../../shared/domain/notification-preferences.js';
import { UnprocessableError } from '../../shared/errors.js';

const SENDS_EMAIL = { offered: true } as const;
const NO_SES = districtEmail({ email: { from: 'noreply@x.cn' }, deploy: { region: 'cn-north-1' } });

describe('preferenceChoices', () => {
  it('a resident chooses SMS and the app but has no notices to opt out of (notices reach them on the household page)', () => {
    expect(preferenceChoices(['resident'], SENDS_EMAIL)).toEqual({
      channels: ['sms', 'push'],
      notices: ['all'],
      refusals: { email: 'Only community, street and district staff may choose e-mail.' },
    });
  });

  it('everyone who holds work may also keep notices to the app', () => {
    for (const role of ROLES.filter((candidate) => candidate !== 'resident')) {
      expect([role, preferenceChoices([role], SENDS_EMAIL).notices]).toEqual([role, ['all', 'work-only']]);
      expect(preferenceChoices(['resident', role], SENDS_EMAIL).notices).toEqual(['all', 'work-only']);
    }
  });

  it('community, street and district staff may also choose e-mail where the district sends it; nobody else', () => {
    expect(EMAIL_ROLES).toEqual(['community_staff', 'street_staff', 'district_admin']);
    for (const role of ROLES) {
      const staff = EMAIL_ROLES.includes(role);
      expect([role, preferenceChoices([role], SENDS_EMAIL).channels]).toEqual([
        role,
        staff ? ['sms', 'push', 'email'] : ['sms', 'push'],
      ]);
      expect([role, preferenceChoices([role], NO_SES).channels]).toEqual([role, ['sms', 'push']]);
    }
    expect(preferenceChoices(['unit_leader', 'community_staff'], SENDS_EMAIL).channels).toContain('email');
  });
});

describe('districtEmail', () => {
  it('is offered where the config names a sender, outside the China regions (no SES there)', () => {
    expect(districtEmail({ email: { from: 'noreply@lvyuan.example.cn' } })).toEqual({ offered: true });
    expect(districtEmail({ email: { from: 'a@b.cn' }, deploy: { region: 'ap-east-1' } })).toEqual({
      offered: true,
    });
    expect(NO_SES).toEqual({
      offered: false,
      why: expect.stringContaining('China regions have no Amazon SES'),
    });
    expect(districtEmail({})).toEqual({ offered: false, why: expect.stringContaining('names no sender') });
  });
});

describe('normalisePreferences', () => {
  it('keeps each channel once, in one order', () => {
    expect(normalisePreferences({ channels: ['push', 'sms', 'push'], notices: 'all' })).toEqual({
      channels: ['sms', 'push'],
      notices: 'all',
    });
    expect(normalisePreferences({ channels: [], notices: 'work-only' })).toEqual({
      channels: [],
      notices: 'work-only',
    });
  });
});

describe('checkedPreferences', () => {
  const leader = preferenceChoices(['unit_leader'], SENDS_EMAIL);
  const resident = preferenceChoices(['resident'], SENDS_EMAIL);

  it('takes a choice that is the person’s to make, normalised', () => {
    expect(checkedPreferences({ channels: ['push', 'push'], notices: 'work-only' }, leader)).toEqual({
      channels: ['push'],
      notices: 'work-only',
    });
  });

  it('refuses the notices opt-out to a resident, naming the field', () => {
    const refusal = (() => {
      try {
        checkedPreferences({ channels: ['sms'], notices: 'work-only' }, resident);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).errors).toEqual([{ field: 'notices', message: 'one of all' }]);
  });

  it('refuses a channel the person may not choose', () => {
    expect(() =>
      checkedPreferences(
        { channels: ['sms'], notices: 'all' },
        { channels: ['push'], notices: ['all'], refusals: {} },
      ),
    ).toThrow(UnprocessableError);
  });

  it('refuses e-mail to a leader, and to staff where the district has no SES, saying why', () => {
    const refusal = (choices: ReturnType<typeof preferenceChoices>) => {
      try {
        checkedPreferences({ channels: ['sms', 'email'], notices: 'all' }, choices);
      } catch (error) {
        return error as UnprocessableError;
      }
      throw new Error('accepted');
    };
    const toLeader = refusal(leader);
    expect([toLeader.message, toLeader.errors]).toEqual([
      'Only community, street and district staff may choose e-mail.',
      [{ field: 'channels', message: 'not yours to choose: email' }],
    ]);
    expect(refusal(preferenceChoices(['community_staff'], NO_SES)).message).toMatch(
      /China regions have no Amazon SES/,
    );
    expect(
      checkedPreferences(
        { channels: ['email', 'push'], notices: 'all' },
        preferenceChoices(['street_staff'], SENDS_EMAIL),
      ),
    ).toEqual({ channels: ['push', 'email'], notices: 'all' });
  });
});

describe('storedPreferences', () => {
  it('reads a stored choice, and the default for none or one that no longer fits', () => {
    expect(storedPreferences({ channels: ['push'], notices: 'work-only' })).toEqual({
      channels: ['push'],
      notices: 'work-only',
    });
    expect(storedPreferences({ channels: ['email', 'sms', 'fax'], notices: 'all' })).toEqual({
      channels: ['sms', 'email'],
      notices: 'all',
    });
    for (const stored of [
      undefined,
      null,
      'sms',
      { channels: 'sms', notices: 'all' },
      { channels: [], notices: 'none' },
    ])
      expect(storedPreferences(stored)).toEqual(DEFAULT_PREFERENCES);
  });
});

describe('mandatoryKinds', () => {
  it('lists exactly the kinds that go by SMS to a person who chose the app only and no notices', () => {
    const appOnly: NotificationPreferences = { channels: [], notices: 'work-only' };
    const bySms = NOTIFICATION_KINDS.filter(
      (kind) =>
        kind !== 'digest' &&
        channelsFor({ kind, urgent: false, recipientRole: 'leader' }, appOnly).includes('sms'),
    );
    expect(mandatoryKinds()).toEqual(bySms);
    expect(mandatoryKinds()).toEqual(expect.arrayContaining(['assignment', 'escalation']));
  });
});
