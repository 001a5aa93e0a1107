import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { configProblems as problems } from '../support/config-problems.js';

const read = (district: string) =>
  JSON.parse(readFileSync(new URL(`../../config/districts/${district}.json`, import.meta.url), 'utf8'));
const lvyuan = read('lvyuan');
const nanguan = read('nanguan');

describe('email (staff e-mail through SES)', () => {
  it('names the sender in the demo district; optional', () => {
    expect(parseDistrictConfig(lvyuan, 'test').email).toEqual({ from: 'noreply@lvyuan.example.cn' });
    const { email: _email, ...without } = lvyuan;
    expect(parseDistrictConfig(without, 'test').email).toBeUndefined();
  });

  it('refuses a sender that is not an address, and unknown fields', () => {
    expect(problems({ ...lvyuan, email: { from: 'noreply' } })).toEqual([
      'email.from: must be an e-mail address',
    ]);
    expect(problems({ ...lvyuan, email: { from: 'a@b.cn', replyTo: 'c@d.cn' } })).toHaveLength(1);
  });

  it('is refused in the China regions, which have no SES, saying what staff get instead', () => {
    expect(problems({ ...nanguan, email: { from: 'noreply@nanguan.example.cn' } })).toEqual([
      'email: e-mail is not available in the China regions (no Amazon SES there); leave it out: staff get SMS and the app',
    ]);
  });
});
