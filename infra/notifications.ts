import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { smsProviderSecretName } from '../shared/adapters/sms-provider-secret.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { allowSmsProviderSecret } from './sms-provider.js';

export interface NotificationsProps {
  readonly config: DistrictConfig;
}

/**
 * The district's two fan-out topics. Leaders are texted directly (one SMS per person who must
 * act); these topics are for the people who watch the whole district:
 * - `SupervisorsTopic`: SMS to the civil affairs bureau's duty phones (escalations to the
 *   street level, overdue requests);
 * - `AlarmsTopic`: e-mail to the operators when the system itself is unwell.
 * With Tencent Cloud SMS (the China regions, where SNS sends no SMS) the supervisors are texted by
 * the provider, so their topic has no subscriptions, and the provider's credentials live in a
 * secret the stack creates (`SmsProviderSecret`).
 */
export class Notifications extends Construct {
  readonly supervisorsTopic: sns.Topic;
  readonly alarmsTopic: sns.Topic;
  readonly smsProviderSecret?: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { config } = props;

    // No displayName: SNS prefixes "<DisplayName>> " to SMS sent through a topic, and a
    // mainland SMS must begin with its registered 【signature】.
    this.supervisorsTopic = new sns.Topic(this, 'SupervisorsTopic', { enforceSSL: true });
    if (config.sms.provider === 'sns') {
      for (const supervisor of config.supervisors) {
        this.supervisorsTopic.addSubscription(new subscriptions.SmsSubscription(supervisor.phone));
      }
    } else {
      this.smsProviderSecret = providerSecret(this, config.district.id);
    }

    this.alarmsTopic = new sns.Topic(this, 'AlarmsTopic', {
      displayName: `Sanzhang ${config.district.id} alarms`,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails) {
      this.alarmsTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    // The topic policy that enforces TLS replaces SNS's default policy, so CloudWatch alarms of
    // this account are allowed to publish explicitly.
    const stack = Stack.of(this);
    this.alarmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.alarmsTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
  }
}

/**
 * The SMS provider secret: `callbackToken` generated here (48 letters and digits, the delivery
 * callback's path token), `secretId` and `secretKey` left empty for the operator to put in
 * (docs/sms.md). Rotation is the operator's: the keys are issued in the provider's console.
 */
function providerSecret(scope: Construct, districtId: string): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'SmsProviderSecret', {
    secretName: smsProviderSecretName(districtId),
    description: `Tencent Cloud SMS API keys and the delivery callback token of ${districtId}; fill in secretId and secretKey`,
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ secretId: '', secretKey: '' }),
      generateStringKey: 'callbackToken',
      excludePunctuation: true,
      passwordLength: 48,
    },
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason:
      "The SMS provider's API keys are issued in the provider's console, not by a rotation Lambda; the operator rotates them there and puts the new pair in (docs/sms.md).",
  });
  return secret;
}

/**
 * `POST /sms/status/{token}`: the SMS provider's delivery reports, recorded on the messages. Only
 * this function and the ones that send SMS may read the provider secret. A district on SNS gets
 * the route too (every route of shared/http/routes.ts is served), answering 404 to everything.
 */
export class SmsStatusCallback extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const receiveSmsStatus = new SanzhangFunction(this, 'ReceiveSmsStatus', {
      entry: 'functions/api/sms-status.ts',
      description: "POST /sms/status/{token}: record the SMS provider's delivery reports on the messages",
      config,
    }).bindTable(table, 'RW');
    if (config.sms.provider === 'tencent') {
      allowSmsProviderSecret(receiveSmsStatus.fn, receiveSmsStatus.role, config);
    }
    httpApi.route('sms-status', receiveSmsStatus.fn);
    this.functions = { receiveSmsStatus };
  }
}
