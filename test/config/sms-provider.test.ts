import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DistrictConfigError, parseDistrictConfig } from '../../shared/config/district-config.js';

const lvyuan = JSON.parse(
  readFileSync(new URL('../../config/districts/lvyuan.json', import.meta.url), 'utf8'),
);
const tencent = { sdkAppId: '1400000001', region: 'ap-guangzhou', templates: { assigned: '2100001' } };

function problems(raw: unknown): string[] {
  try {
    parseDistrictConfig(raw, 'test');
    return [];
  } catch (error) {
    if (error instanceof DistrictConfigError) return error.problems;
    throw error;
  }
}

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
    expect(config.sms.tencent?.templates).toEqual({ assigned: '2100001' });
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
      tencent: { ...tencent, sdkAppId: 'app', templates: { assigned: 'SMS_123' } },
    };
    expect(problems({ ...lvyuan, sms })).toEqual([
      'sms.tencent.sdkAppId: must be the SDK AppID (digits) of the SMS application',
      'sms.tencent.templates.assigned: must be the registered template id (digits)',
    ]);
  });
});
