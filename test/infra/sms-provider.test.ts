import { beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictConfigs, synthesizeDistrict } from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { functionsOf, SMS_SENDERS, type TemplateResource } from '../support/synthesized.js';

type Resource = TemplateResource;

const lvyuan = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
const tencent: DistrictConfig = {
  ...lvyuan,
  sms: {
    ...lvyuan.sms,
    provider: 'tencent',
    tencent: { sdkAppId: '1400000001', region: 'ap-guangzhou', templates: { assigned: '2100001' } },
  },
};

const named = (id: string, names: string[]) =>
  names.some((name) => new RegExp(`${name}Function[0-9A-F]{8}$`).test(id));

describe('SMS through Tencent Cloud (sms.provider = tencent)', () => {
  let resources: Record<string, Resource>;
  beforeAll(() => {
    // Synthesis runs cdk-nag and throws on any finding not acknowledged.
    resources = synthesizeDistrict(tencent).Resources as Record<string, Resource>;
  });

  it('subscribes no phone to any topic', () => {
    const protocols = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::SNS::Subscription')
      .map((resource) => resource.Properties.Protocol);
    expect(protocols).not.toContain('sms');
    expect(protocols).toContain('sqs');
  });

  it('allows no function sns:Publish to phone numbers (Resource *)', () => {
    const publishers = functionsOf(resources).filter((fn) =>
      fn.statements.some(
        (statement) => [statement.Action].flat().includes('sns:Publish') && statement.Resource === '*',
      ),
    );
    expect(publishers.map((fn) => fn.id)).toEqual([]);
  });

  it('creates the provider secret with a generated callback token and empty API keys', () => {
    const secrets = Object.values(resources).filter(
      (resource) => resource.Type === 'AWS::SecretsManager::Secret',
    );
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.Properties).toMatchObject({
      Name: 'sanzhang-lvyuan-sms-provider',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ secretId: '', secretKey: '' }),
        GenerateStringKey: 'callbackToken',
        ExcludePunctuation: true,
        PasswordLength: 48,
      },
    });
  });

  it('lets only the SMS senders and the delivery callback read the secret, and only that secret', () => {
    const readers = functionsOf(resources).filter((fn) =>
      fn.statements.some((statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue')),
    );
    const expected = [...SMS_SENDERS, 'ReceiveSmsStatus'];
    expect(readers.map((fn) => fn.id).filter((id) => !named(id, expected))).toEqual([]);
    expect(readers).toHaveLength(expected.length);
    for (const reader of readers) {
      const grants = reader.statements.filter((statement) =>
        [statement.Action].flat().includes('secretsmanager:GetSecretValue'),
      );
      expect(grants.map((statement) => statement.Action)).toEqual(['secretsmanager:GetSecretValue']);
      expect(JSON.stringify(grants[0]!.Resource)).toMatch(/:secret:sanzhang-lvyuan-sms-provider-\?{6}"/);
      expect(reader.environment.SMS_PROVIDER_SECRET_NAME).toBe('sanzhang-lvyuan-sms-provider');
    }
  });
});

describe('SMS through SNS (the default)', () => {
  it('has no provider secret, and the delivery callback reads none', () => {
    const resources = synthesizeDistrict(lvyuan).Resources as Record<string, Resource>;
    expect(
      Object.values(resources).filter((resource) => resource.Type === 'AWS::SecretsManager::Secret'),
    ).toEqual([]);
    const callback = functionsOf(resources).find((fn) => named(fn.id, ['ReceiveSmsStatus']));
    expect(callback).toBeDefined();
    expect(JSON.stringify(callback!.statements)).not.toContain('secretsmanager');
  });
});
