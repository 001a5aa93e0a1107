import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { smsProviderSecretName } from '../shared/adapters/sms-provider-secret.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { BundledPart } from '../shared/runtime/bundled-parts.js';

/** Where a function reads the SMS provider secret's name from (shared/runtime/dependencies.ts). */
export const SMS_PROVIDER_SECRET_ENV = 'SMS_PROVIDER_SECRET_NAME';

/**
 * The SMS provider secret's ARN from its fixed name; Secrets Manager appends six random characters.
 * Functions are granted on it without a reference to the secret (Notifications creates it).
 */
export function smsProviderSecretArn(scope: Construct, districtId: string): string {
  return Stack.of(scope).formatArn({
    service: 'secretsmanager',
    resource: 'secret',
    resourceName: `${smsProviderSecretName(districtId)}-??????`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

/** Reads the SMS provider secret (GetSecretValue on that one secret), and is told its name. */
export function allowSmsProviderSecret(fn: lambda.Function, role: iam.IRole, config: DistrictConfig): void {
  fn.addEnvironment(SMS_PROVIDER_SECRET_ENV, smsProviderSecretName(config.district.id));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: [smsProviderSecretArn(fn, config.district.id)],
    }),
  );
}

/** The part a function that texts people is bundled with: its district's provider's client alone. */
export function smsSendingPart(config: DistrictConfig): BundledPart {
  return config.sms.provider === 'tencent' ? 'tencentSms' : 'snsSms';
}

/**
 * What a function that texts people needs, by the district's provider: SNS, Publish to phone
 * numbers (no resource to scope it to); Tencent Cloud SMS, only its secret (the requests go out
 * over HTTPS, and the China regions have no SMS through SNS).
 */
export function allowSmsSending(
  scope: Construct,
  fn: lambda.Function,
  role: iam.Role,
  config: DistrictConfig,
): void {
  if (config.sms.provider === 'tencent') {
    allowSmsProviderSecret(fn, role, config);
    return;
  }
  const policy = new iam.Policy(scope, 'SmsToPhones', {
    statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
  });
  policy.attachToRole(role);
  fn.node.addDependency(policy);
  Validations.of(policy).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Direct-to-phone SMS (sns:Publish with PhoneNumber) has no resource ARN that IAM could scope; this policy holds only that one action.',
  });
}
