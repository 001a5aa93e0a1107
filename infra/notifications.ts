import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';

export interface NotificationsProps {
  readonly config: DistrictConfig;
}

/**
 * The district's two fan-out topics. Leaders are texted directly (one SMS per person who must
 * act); these topics are for the people who watch the whole district:
 * - `SupervisorsTopic`: SMS to the civil affairs bureau's duty phones (escalations to the
 *   street level, overdue requests);
 * - `AlarmsTopic`: e-mail to the operators when the system itself is unwell.
 */
export class Notifications extends Construct {
  readonly supervisorsTopic: sns.Topic;
  readonly alarmsTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { config } = props;

    // No displayName: SNS prefixes "<DisplayName>> " to SMS sent through a topic, and a
    // mainland SMS must begin with its registered 【signature】.
    this.supervisorsTopic = new sns.Topic(this, 'SupervisorsTopic', { enforceSSL: true });
    for (const supervisor of config.supervisors) {
      this.supervisorsTopic.addSubscription(new subscriptions.SmsSubscription(supervisor.phone));
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
