import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import { configProblems as problems } from '../support/config-problems.js';
import { SMS_TEMPLATE_NAMES } from '../../shared/config/vocabulary.js';

// Without its staff e-mail, which the China regions refuse too (test/config/email.test.ts).
const { email: _email, ...lvyuan } = JSON.parse(
  readFileSync(new URL('../../config/districts/lvyuan.json', import.meta.url), 'utf8'),
);
const everyTemplate = Object.fromEntries(
  SMS_TEMPLATE_NAMES.map((name, index) => [name, String(2100001 + index)]),
);
const tencent = { sdkAppId: '1400000001', region: 'ap-guangzhou', templates: everyTemplate };

describe('sms.provider', () => {
  it('defaults to sns, which global regions keep', () => {
    expect(parseDistrictConfig(lvyuan, 'test').sms.provider).toBe('sns');
    expect(problems({ ...lvyuan, deploy: { region: 'ap-southeast-1' } })).toEqual([]);
  });

  it('refuses sns in a China region, naming the field and why', () => {
    expect(problems({ ...lvyuan, deploy: { region: 'cn-north-1' } })).toEqual([
      'sms.provider: Amazon SNS sends no SMS from cn-north-1; use "tencent" there',
    ]);
  });

  it('takes tencent with its settings in a China region', () => {
    const config = parseDistrictConfig(
      {
        ...lvyuan,
        deploy: { region: 'cn-northwest-1' },
        sms: { ...lvyuan.sms, provider: 'tencent', tencent },
      },
      'test',
    );
    expect(config.sms.tencent?.templates).toEqual(everyTemplate);
  });

  it('requires the tencent settings when the provider is tencent', () => {
    expect(problems({ ...lvyuan, sms: { ...lvyuan.sms, provider: 'tencent' } })).toEqual([
      'sms.tencent: is required when sms.provider is "tencent" (sdkAppId, region, templates)',
    ]);
  });

  it('refuses template ids that are not digits and a malformed app id', () => {
    const sms = {
      ...lvyuan.sms,
      provider: 'tencent',
      tencent: { ...tencent, sdkAppId: 'app', templates: { ...everyTemplate, assigned: 'SMS_123' } },
    };
    expect(problems({ ...lvyuan, sms })).toEqual([
      'sms.tencent.sdkAppId: must be the SDK AppID (digits) of the SMS application',
      'sms.tencent.templates.assigned: must be the registered template id (digits)',
    ]);
  });

  it('requires an id for every template the system sends, and knows no others', () => {
    const { signInCode: _missing, ...allButOne } = everyTemplate;
    const sms = {
      ...lvyuan.sms,
      provider: 'tencent',
      tencent: { ...tencent, templates: { ...allButOne, greeting: '2109999' } },
    };
    expect(problems({ ...lvyuan, sms })).toEqual([
      'sms.tencent.templates.signInCode: has no template id: register the template (docs/sms-templates.md) and map its id here',
      `sms.tencent.templates.greeting: is not a template the system sends (${SMS_TEMPLATE_NAMES.join(', ')})`,
    ]);
  });
});
