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
  mandatoryKinds,
  normalisePreferences,
  preferenceChoices,
  storedPreferences,
} from '../../shared/domain/notification-preferences.js';
import { UnprocessableError } from '../../shared/errors.js';

describe('preferenceChoices', () => {
  it('a resident chooses channels but has no notices to opt out of (notices reach them on the household page)', () => {
    expect(preferenceChoices(['resident'])).toEqual({ channels: ['sms', 'push'], notices: ['all'] });
  });

  it('everyone who holds work may also keep notices to the app', () => {
    for (const role of ROLES.filter((candidate) => candidate !== 'resident')) {
      expect([role, preferenceChoices([role])]).toEqual([
        role,
        { channels: ['sms', 'push'], notices: ['all', 'work-only'] },
      ]);
      expect(preferenceChoices(['resident', role]).notices).toEqual(['all', 'work-only']);
    }
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
  const leader = preferenceChoices(['unit_leader']);
  const resident = preferenceChoices(['resident']);

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
      checkedPreferences({ channels: ['sms'], notices: 'all' }, { channels: ['push'], notices: ['all'] }),
    ).toThrow(UnprocessableError);
  });
});

describe('storedPreferences', () => {
  it('reads a stored choice, and the default for none or one that no longer fits', () => {
    expect(storedPreferences({ channels: ['push'], notices: 'work-only' })).toEqual({
      channels: ['push'],
      notices: 'work-only',
    });
    expect(storedPreferences({ channels: ['email', 'sms'], notices: 'all' })).toEqual({
      channels: ['sms'],
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
