import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { smsProviderSecretName } from '../shared/adapters/sms-provider-secret.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { Channel, RecipientRole } from '../shared/domain/notification.js';
import { districtEmail } from '../shared/domain/notification-preferences.js';
import type { BundledPart } from '../shared/runtime/bundled-parts.js';
import { ARCHIVE_PREFIX } from '../shared/services/notifications/archive-notification.js';
import type { DistrictTable } from './district-table.js';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction, wildcardResourceFinding } from './sanzhang-function.js';
import { allowSmsProviderSecret, smsSendingPart } from './sms-provider.js';
import { insertedWith, TableStreamToFunction } from './table-stream.js';
export interface NotificationsProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
}

/** A message is received this many times (its consumer failed it each time) before its queue parks it. */
export const MAX_RECEIVE_COUNT = 5;

/**
 * How many SMS senders run at once. Each sends its batch one message after another, so two keep
 * well under the provider's rate (SNS: 20 SMS a second by default; Tencent Cloud: its API's QPS and
 * the per-phone frequency limits), and a burst waits in the queue instead of being throttled.
 */
export const SMS_SENDERS_AT_ONCE = 2;

/** The SMS sender's timeout: a batch of 10, each a provider call of a second at worst. */
const SMS_SENDER_TIMEOUT_SECONDS = 30;

/**
 * How many e-mail senders run at once, and their timeout (a batch of 10 SES calls): well under
 * SES's sending rate (14 a second for a new account out of the sandbox).
 */
const EMAIL_SENDERS_AT_ONCE = 2;
const EMAIL_SENDER_TIMEOUT_SECONDS = 30;

/** A channel's subscription: a filter on the message attributes (`eventAttributes`), or everything. */
const channelFilter = (channel: Channel) => ({
  channel: sns.SubscriptionFilter.stringFilter({ allowlist: [channel] }),
});
const recipientFilter = (role: RecipientRole) => ({
  recipientRole: sns.SubscriptionFilter.stringFilter({ allowlist: [role] }),
});

/** A channel's queue and the dead-letter queue its messages go to after MAX_RECEIVE_COUNT receives. */
export interface ChannelQueue {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
}

/**
 * The district's topics. Every notification (docs/notifications.md) is one event published once to
 * `NotificationsTopic`, from the table's stream; its subscriptions' filter policies (on the message
 * attributes) carry it to the channels:
 * - `SmsQueue` (`channel` has `sms`) → send-sms, through the district's SMS provider;
 * - `PushQueue` (`channel` has `push`) → deliver-to-inbox, the leader page's inbox;
 * - `ArchiveQueue` (everything) → archive-notifications, one object per message in `ArchiveBucket`;
 * - `EmailQueue` (`channel` has `email`) → send-email, staff e-mail through Amazon SES from the
 *   district's `email.from`, whose domain is the stack's `EmailIdentity`. Only where the district
 *   sends e-mail (config `email`): never in the China regions, which have no SES;
 * - the supervisors' e-mail addresses (`recipientRole` is `supervisors`).
 * The two older topics stay:
 * - `SupervisorsTopic`: SMS to the civil affairs bureau's duty phones, published by the SMS sender;
 * - `AlarmsTopic`: e-mail to the operators when the system itself is unwell.
 * With Tencent Cloud SMS (the China regions, where SNS sends no SMS) the supervisors are texted by
 * the provider, so their topic has no subscriptions, and the provider's credentials live in a
 * secret the stack creates (`SmsProviderSecret`).
 */
export class Notifications extends Construct {
  readonly supervisorsTopic: sns.Topic;
  readonly alarmsTopic: sns.Topic;
  readonly smsProviderSecret?: secretsmanager.Secret;
  readonly notificationsTopic: sns.Topic;
  readonly archiveBucket: s3.Bucket;
  /** The table's new message items, fed to the publisher. */
  readonly publications: TableStreamToFunction;
  readonly sms: ChannelQueue;
  readonly push: ChannelQueue;
  readonly archive: ChannelQueue;
  /** Staff e-mail, where the district sends it. */
  readonly email?: ChannelQueue;
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const { config, table } = props;

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
    this.alarmsTopic = this.operatorsAlarmsTopic(config);

    // No displayName either: the supervisors' e-mail would carry it as the sender's name, and the
    // events are JSON for machines first.
    this.notificationsTopic = new sns.Topic(this, 'NotificationsTopic', { enforceSSL: true });
    const notificationsFunction = (
      functionId: string,
      entry: string,
      description: string,
      parts: BundledPart[] = [],
      timeoutSeconds?: number,
    ) =>
      new SanzhangFunction(this, functionId, {
        entry,
        description,
        config,
        parts,
        ...(timeoutSeconds ? { timeoutSeconds } : {}),
      });

    const publishNotifications = notificationsFunction(
      'PublishNotifications',
      'functions/notifications/publish-notifications.ts',
      'Notifications: publish each new message item once to the notifications topic',
      ['notificationTopic'],
    )
      .bindTable(table, 'RW')
      .usePart('notificationTopic', { NOTIFICATIONS_TOPIC_ARN: this.notificationsTopic.topicArn });
    this.notificationsTopic.grantPublish(publishNotifications.role);
    this.publications = new TableStreamToFunction(this, 'Publications', {
      table,
      target: publishNotifications,
      filter: insertedWith('NewImage', 'type', 'message'),
    });

    const sendSms = notificationsFunction(
      'SendSms',
      'functions/notifications/send-sms.ts',
      'Notifications: send the SMS channel, once per message, through the SMS provider',
      [smsSendingPart(config)],
      SMS_SENDER_TIMEOUT_SECONDS,
    )
      .bindTable(table, 'RW')
      .allowSmsToPhones();
    if (config.sms.provider === 'sns') sendSms.bindSupervisorsTopic(this.supervisorsTopic);
    this.sms = this.channelQueue('Sms', sendSms, channelFilter('sms'), SMS_SENDERS_AT_ONCE);

    const deliverToInbox = notificationsFunction(
      'DeliverToInbox',
      'functions/notifications/deliver-to-inbox.ts',
      "Notifications: put the app channel's notifications in each person's inbox",
    ).bindTable(table, 'RW');
    this.push = this.channelQueue('Push', deliverToInbox, channelFilter('push'));

    this.archiveBucket = archiveBucket(this);
    const archiveNotifications = notificationsFunction(
      'ArchiveNotifications',
      'functions/notifications/archive-notifications.ts',
      'Notifications: keep every notification as one object in the archive bucket',
      ['archive'],
    );
    this.allowArchiving(archiveNotifications);
    this.archive = this.channelQueue('Archive', archiveNotifications);

    const sendEmail = this.staffEmail(config, table, notificationsFunction);
    if (sendEmail) {
      this.email = this.channelQueue('Email', sendEmail, channelFilter('email'), EMAIL_SENDERS_AT_ONCE);
    }

    for (const supervisor of config.supervisors) {
      if (!supervisor.email) continue;
      this.filtered(
        this.notificationsTopic.addSubscription(
          new subscriptions.EmailSubscription(supervisor.email, {
            filterPolicy: recipientFilter('supervisors'),
          }),
        ),
      );
    }
    this.functions = {
      publishNotifications,
      sendSms,
      deliverToInbox,
      archiveNotifications,
      ...(sendEmail ? { sendEmail } : {}),
    };
  }

  /**
   * The e-mail sender, where the district sends e-mail: the sender's domain registered with SES
   * (its DKIM records are the stack's outputs' to put in DNS), and the one grant to send from it.
   */
  private staffEmail(
    config: DistrictConfig,
    table: DistrictTable,
    notificationsFunction: (
      id: string,
      entry: string,
      description: string,
      parts?: BundledPart[],
      timeout?: number,
    ) => SanzhangFunction,
  ): SanzhangFunction | undefined {
    const from = config.email?.from;
    if (!from || !districtEmail(config).offered) return undefined;
    const identity = new ses.EmailIdentity(this, 'EmailIdentity', {
      identity: ses.Identity.domain(from.slice(from.lastIndexOf('@') + 1)),
    });
    const sendEmail = notificationsFunction(
      'SendEmail',
      'functions/notifications/send-email.ts',
      'Notifications: e-mail staff who chose it, once per message, through Amazon SES',
      ['mailer'],
      EMAIL_SENDER_TIMEOUT_SECONDS,
    )
      .bindTable(table, 'RW')
      .usePart('mailer', { EMAIL_FROM: from });
    identity.grantSendEmail(sendEmail.role);
    return sendEmail;
  }

  /** Any message in a channel's dead-letter queue: a notification its consumer failed MAX_RECEIVE_COUNT times. */
  static deadLetterMetric(channel: ChannelQueue, period: Duration): cloudwatch.IMetric {
    return channel.deadLetters.metricApproximateNumberOfMessagesVisible({
      period,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
  }

  /**
   * A channel: its queue subscribed to the topic (raw message delivery: the body is the event),
   * filtered or not, and its consumer fed batches of 10 that report which messages failed. The
   * visibility timeout is six times the consumer's timeout (Lambda's advice for SQS sources), so a
   * batch still being worked on is never handed to a second consumer.
   */
  private channelQueue(
    name: string,
    consumer: SanzhangFunction,
    filterPolicy?: Record<string, sns.SubscriptionFilter>,
    maxConcurrency?: number,
  ): ChannelQueue {
    const deadLetters = new sqs.Queue(this, `${name}DeadLetters`, {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself the dead-letter queue of the ${name} channel: it holds the notifications its consumer failed ${MAX_RECEIVE_COUNT} times, for an operator to inspect and redrive.`,
    });
    const consumerTimeout = consumer.fn.timeout ?? Duration.seconds(10);
    const queue = new sqs.Queue(this, `${name}Queue`, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(6 * consumerTimeout.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    const subscription = this.notificationsTopic.addSubscription(
      new subscriptions.SqsSubscription(queue, {
        rawMessageDelivery: true,
        ...(filterPolicy ? { filterPolicy } : {}),
      }),
    );
    if (filterPolicy) this.filtered(subscription);
    consumer.fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        ...(maxConcurrency ? { maxConcurrency } : {}),
      }),
    );
    return { queue, deadLetters };
  }

  /** Says where a filter policy looks, rather than relying on SNS's default: the message attributes. */
  private filtered(subscription: sns.Subscription): void {
    (subscription.node.defaultChild as sns.CfnSubscription).filterPolicyScope = 'MessageAttributes';
  }

  /** Puts new objects under the archive's prefix, nothing else (no read, no delete). */
  private allowArchiving(target: SanzhangFunction): void {
    const objects = this.archiveBucket.arnForObjects(`${ARCHIVE_PREFIX}*`);
    target.usePart('archive', { ARCHIVE_BUCKET_NAME: this.archiveBucket.bucketName });
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [objects] }),
    );
    Validations.of(target.role).acknowledge({
      id: wildcardResourceFinding(this, objects),
      reason: `Each notification is archived under its own key (${ARCHIVE_PREFIX}<message key>.json): the grant covers that prefix only.`,
    });
  }

  private operatorsAlarmsTopic(config: DistrictConfig): sns.Topic {
    const alarmsTopic = new sns.Topic(this, 'AlarmsTopic', {
      displayName: `Sanzhang ${config.district.id} alarms`,
      enforceSSL: true,
    });
    for (const email of config.alarmEmails) {
      alarmsTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    // The topic policy that enforces TLS replaces SNS's default policy, so CloudWatch alarms of
    // this account are allowed to publish explicitly.
    const stack = Stack.of(this);
    alarmsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [alarmsTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    return alarmsTopic;
  }
}

/**
 * The notifications archive: private, encrypted, TLS only; each object expires after 400 days (a
 * year and a month: last year's notifications can still be looked up for the annual review).
 */
function archiveBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'ArchiveBucket', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [{ id: 'ExpireArchivedNotifications', expiration: Duration.days(400) }],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Only the archive consumer writes here (one object per notification, never overwritten) and nothing reads it but an operator; CloudTrail records who does.',
  });
  return bucket;
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
      parts: config.sms.provider === 'tencent' ? ['smsCallback'] : [],
    }).bindTable(table, 'RW');
    if (config.sms.provider === 'tencent') {
      receiveSmsStatus.usePart('smsCallback');
      allowSmsProviderSecret(receiveSmsStatus.fn, receiveSmsStatus.role, config);
    }
    httpApi.route('sms-status', receiveSmsStatus.fn);
    this.functions = { receiveSmsStatus };
  }
}
