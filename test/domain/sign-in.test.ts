import { describe, expect, it } from 'vitest';
import {
  accessTokenClaims,
  checkCode,
  chooseIdentity,
  hashCode,
  hashRefreshToken,
  issueCode,
  newCode,
  newRefreshToken,
  rateWindow,
  SIGN_IN,
  signInCodeSms,
} from '../../shared/domain/sign-in.js';
import { smsSegments } from '../../shared/domain/sms.js';
import { CLAIMS } from '../../shared/http/caller.js';

const phone = '+8613800000001';
const at = new Date('2026-12-02T03:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('sign-in codes', () => {
  it('are six digits, leading zeros kept', () => {
    expect(newCode(() => 42)).toBe('000042');
    expect(newCode(() => 999_999)).toBe('999999');
    expect(newCode()).toMatch(/^\d{6}$/);
  });

  it('are kept as a salted hash of phone and code, never the code', () => {
    const stored = issueCode(phone, at, '123456');
    expect(JSON.stringify(stored)).not.toContain('123456');
    expect(stored.hash).toBe(hashCode(stored.salt, phone, '123456'));
    expect(issueCode(phone, at, '123456').hash).not.toBe(stored.hash);
    expect(hashCode(stored.salt, '+8613800000002', '123456')).not.toBe(stored.hash);
  });

  it('sign in for five minutes, for the phone they were sent to', () => {
    const stored = issueCode(phone, at, '123456');
    expect(checkCode(stored, phone, '123456', later(SIGN_IN.codeSeconds - 1))).toBe('valid');
    expect(checkCode(stored, phone, '123456', later(SIGN_IN.codeSeconds))).toBe('expired');
    expect(checkCode(stored, '+8613800000002', '123456', at)).toBe('wrong');
    expect(checkCode(stored, phone, '654321', at)).toBe('wrong');
    expect(checkCode(undefined, phone, '123456', at)).toBe('none');
  });

  it('lock after five wrong tries, even for the right code', () => {
    const stored = issueCode(phone, at, '123456');
    expect(checkCode({ ...stored, wrongTries: SIGN_IN.maxWrongTries - 1 }, phone, '123456', at)).toBe(
      'valid',
    );
    expect(checkCode({ ...stored, wrongTries: SIGN_IN.maxWrongTries }, phone, '123456', at)).toBe('locked');
  });

  it('go out in one SMS segment with the signature, the code and how long it lasts', () => {
    const sms = signInCodeSms('【绿园区三长联动】', '012345');
    expect(sms).toMatchObject({ template: 'signInCode', params: ['012345'] });
    expect(sms.text).toMatch(/^【绿园区三长联动】.*012345.*5分钟/);
    expect(SIGN_IN.codeSeconds).toBe(5 * 60);
    expect(smsSegments(sms.text)).toBe(1);
  });
});

describe('rate windows', () => {
  it('are fixed windows named by their length and start, ending where the next begins', () => {
    const minute = rateWindow({ seconds: 60, max: 1 }, new Date('2026-12-02T03:04:59.999Z'));
    expect(minute).toEqual({ name: '60@2026-12-02T03:04:00Z', endsAt: new Date('2026-12-02T03:05:00Z') });
    expect(rateWindow({ seconds: 60, max: 1 }, minute.endsAt).name).toBe('60@2026-12-02T03:05:00Z');
    expect(rateWindow({ seconds: 3600, max: 5 }, new Date('2026-12-02T03:59:00Z')).name).toBe(
      '3600@2026-12-02T03:00:00Z',
    );
  });
});

describe('who a phone signs in as', () => {
  const leader = { personId: 'p-leader', name: '张' };
  const asResident = { personId: 'p-leader', name: '张', householdId: 'hh-2' };
  const spouse = { personId: 'p-b', name: '李', householdId: 'hh-1' };

  it('is the first by person id whatever order the table returns them in, a person’s resident identity first', () => {
    expect(chooseIdentity([leader, asResident, spouse])).toEqual(spouse);
    expect(chooseIdentity([leader, asResident])).toEqual(asResident);
    expect(chooseIdentity([asResident, leader])).toEqual(asResident);
    expect(chooseIdentity([leader])).toEqual(leader);
    expect(chooseIdentity([])).toBeUndefined();
  });

  it('is the one asked for, or nobody when the phone is not theirs', () => {
    expect(chooseIdentity([spouse, leader], { personId: 'p-b' })).toEqual(spouse);
    expect(chooseIdentity([leader, asResident], { householdId: 'hh-2' })).toEqual(asResident);
    expect(chooseIdentity([leader, spouse], { personId: 'p-other' })).toBeUndefined();
  });
});

describe('token claims', () => {
  it('carry the claims the handlers read (shared/http/caller.ts) and the JWT’s own', () => {
    const claims = accessTokenClaims({
      identity: { personId: 'p-1', name: '王', householdId: 'hh-1' },
      issuer: 'https://api.example',
      audience: 'sanzhang-lvyuan',
      now: at,
      lifetimeSeconds: 1800,
      tokenId: 'jti-1',
    });
    expect(claims).toEqual({
      iss: 'https://api.example',
      aud: 'sanzhang-lvyuan',
      sub: 'p-1',
      iat: at.getTime() / 1000,
      exp: at.getTime() / 1000 + 1800,
      jti: 'jti-1',
      [CLAIMS.personId]: 'p-1',
      [CLAIMS.householdId]: 'hh-1',
      [CLAIMS.name]: '王',
    });
    const leader = accessTokenClaims({
      identity: { personId: 'p-2', name: '赵' },
      issuer: 'i',
      audience: 'a',
      now: at,
      lifetimeSeconds: 60,
      tokenId: 'j',
    });
    expect(leader).not.toHaveProperty(CLAIMS.householdId);
  });

  it('refresh tokens are 256 random bits; only their hash is kept', () => {
    const { token, hash } = newRefreshToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).toBe(hashRefreshToken(token));
    expect(hash).not.toBe(token);
    expect(newRefreshToken().token).not.toBe(token);
  });
});
