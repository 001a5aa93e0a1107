import { beforeAll, describe, expect, it } from 'vitest';
import { loadDistrictConfigs, synthesizeDistrict } from '../../infra/synthesize.js';
import { matchesFilterPolicy } from '../../local/sns-filter-policy.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { eventAttributes, type NotificationEvent } from '../../shared/domain/notification.js';
import {
  functionsOf,
  PRIVATE_ENCRYPTED_BUCKET,
  type PolicyStatement,
  type TemplateResource,
} from '../support/synthesized.js';

type Json = Record<string, unknown>;
type Resource = TemplateResource;
type Statement = PolicyStatement;

const configs = loadDistrictConfigs();
const lvyuan = configs.find((config) => config.district.id === 'lvyuan') as DistrictConfig;
const nanguan = configs.find((config) => config.district.id === 'nanguan') as DistrictConfig;
/** The China profile: cn-north-1, Tencent Cloud SMS; one supervisor also told by e-mail. */
const china: DistrictConfig = {
  ...nanguan,
  supervisors: nanguan.supervisors.map((supervisor, index) =>
    index === 0 ? { ...supervisor, email: 'duty@nanguan.example.cn' } : supervisor,
  ),
};

/** Staff e-mail (SES) where the district names a sender; the China regions have no SES, so no e-mail channel there. */
const PROFILES = [
  { name: 'global, SMS through SNS', config: lvyuan, email: 'duty@lvyuan.example.cn', staffEmail: true },
  {
    name: 'China, SMS through Tencent Cloud',
    config: china,
    email: 'duty@nanguan.example.cn',
    staffEmail: false,
  },
] as const;

const event = (overrides: Partial<NotificationEvent>): NotificationEvent => ({
  message: { PK: 'REQ#r1', SK: 'MSG#assigned:r1:v1:p1' },
  key: 'assigned:r1:v1:p1',
  kind: 'assignment',
  urgent: false,
  district: 'lvyuan',
  place: { community: 'c1', grid: 'g1' },
  recipientRole: 'leader',
  personId: 'p1',
  channels: ['sms', 'push'],
  ...overrides,
});

describe.each(PROFILES)(
  'the notifications topic and its channels ($name)',
  ({ config, email, staffEmail }) => {
    let resources: Record<string, Resource>;
    const ofType = (type: string) =>
      Object.entries(resources).filter(([, resource]) => resource.Type === type);
    const only = (type: string, prefix: string): [string, Resource] => {
      const found = ofType(type).filter(([id]) => id.startsWith(prefix));
      expect(found, `${type} ${prefix}*`).toHaveLength(1);
      return found[0]!;
    };
    const functionId = (name: string) => only('AWS::Lambda::Function', `${name}Function`)[0];
    /** Each function by its name (the logical id before `Function<hash>`). */
    const functions = () =>
      functionsOf(resources).map(({ id, ...fn }) => ({
        name: id.replace(/Function[0-9A-F]{8}$/, ''),
        ...fn,
      }));
    const allows = (statement: Statement, action: string) => [statement.Action].flat().includes(action);
    const topicId = () => only('AWS::SNS::Topic', 'NotificationsNotificationsTopic')[0];
    const subscriptions = () =>
      ofType('AWS::SNS::Subscription')
        .map(([, subscription]) => subscription.Properties)
        .filter((properties) => (properties.TopicArn as { Ref: string }).Ref === topicId());
    const queueSubscription = (queue: string) => {
      const queueId = only('AWS::SQS::Queue', `Notifications${queue}Queue`)[0];
      return subscriptions().find(
        (properties) =>
          JSON.stringify(properties.Endpoint) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
      );
    };

    beforeAll(() => {
      // Synthesis runs cdk-nag and throws on any finding not acknowledged.
      resources = synthesizeDistrict(config).Resources as Record<string, Resource>;
    });

    it('is one TLS-only topic without a display name', () => {
      const [, topic] = only('AWS::SNS::Topic', 'NotificationsNotificationsTopic');
      expect(topic.Properties?.DisplayName).toBeUndefined();
      const policy = ofType('AWS::SNS::TopicPolicy').find(([, candidate]) =>
        JSON.stringify(candidate.Properties.Topics).includes(topicId()),
      );
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
    });

    it('routes by filter policies on the message attributes, raw to the queues', () => {
      expect(queueSubscription('Sms')).toMatchObject({
        Protocol: 'sqs',
        RawMessageDelivery: true,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: { channel: ['sms'] },
      });
      expect(queueSubscription('Push')).toMatchObject({
        Protocol: 'sqs',
        RawMessageDelivery: true,
        FilterPolicyScope: 'MessageAttributes',
        FilterPolicy: { channel: ['push'] },
      });
      if (staffEmail) {
        expect(queueSubscription('Email')).toMatchObject({
          Protocol: 'sqs',
          RawMessageDelivery: true,
          FilterPolicyScope: 'MessageAttributes',
          FilterPolicy: { channel: ['email'] },
        });
      } else {
        expect(ofType('AWS::SQS::Queue').filter(([id]) => id.startsWith('NotificationsEmail'))).toEqual([]);
      }
      const archive = queueSubscription('Archive');
      expect(archive).toMatchObject({ Protocol: 'sqs', RawMessageDelivery: true });
      expect(archive?.FilterPolicy).toBeUndefined();
      expect(subscriptions().filter((properties) => properties.Protocol === 'email')).toEqual([
        {
          Protocol: 'email',
          Endpoint: email,
          TopicArn: { Ref: topicId() },
          FilterPolicyScope: 'MessageAttributes',
          FilterPolicy: { recipientRole: ['supervisors'] },
        },
      ]);
      expect(subscriptions()).toHaveLength(staffEmail ? 5 : 4);
    });

    it("carries each notification to the channels its attributes name, as SNS matches the template's policies", () => {
      const receivers = (published: NotificationEvent) =>
        subscriptions()
          .filter((properties) =>
            matchesFilterPolicy(properties.FilterPolicy as Json | undefined, eventAttributes(published)),
          )
          .map((properties) =>
            properties.Protocol === 'email' ? 'email' : JSON.stringify(properties.Endpoint),
          )
          .map((endpoint) => endpoint.match(/Notifications(Sms|Push|Archive|Email)Queue/)?.[1] ?? endpoint)
          .sort();
      expect(receivers(event({}))).toEqual(['Archive', 'Push', 'Sms']);
      expect(receivers(event({ recipientRole: 'staff', channels: ['sms', 'push', 'email'] }))).toEqual(
        staffEmail ? ['Archive', 'Email', 'Push', 'Sms'] : ['Archive', 'Push', 'Sms'],
      );
      expect(receivers(event({ kind: 'notice', channels: ['push'] }))).toEqual(['Archive', 'Push']);
      expect(
        receivers(
          event({ kind: 'overdue', recipientRole: 'supervisors', personId: undefined, channels: ['sms'] }),
        ),
      ).toEqual(['Archive', 'Sms', 'email']);
    });

    it('gives every queue SSE, TLS only, a visibility of six consumer timeouts and a dead-letter queue after 5 receives', () => {
      const consumers = {
        Sms: 'SendSms',
        Push: 'DeliverToInbox',
        Archive: 'ArchiveNotifications',
        ...(staffEmail ? { Email: 'SendEmail' } : {}),
      };
      for (const [queue, consumer] of Object.entries(consumers)) {
        const [queueId, resource] = only('AWS::SQS::Queue', `Notifications${queue}Queue`);
        const [deadLettersId, deadLetters] = only('AWS::SQS::Queue', `Notifications${queue}DeadLetters`);
        const timeout = resources[functionId(`Notifications${consumer}`)]!.Properties.Timeout as number;
        expect(resource.Properties, queue).toMatchObject({
          SqsManagedSseEnabled: true,
          VisibilityTimeout: 6 * timeout,
          RedrivePolicy: {
            deadLetterTargetArn: { 'Fn::GetAtt': [deadLettersId, 'Arn'] },
            maxReceiveCount: 5,
          },
        });
        expect(deadLetters.Properties.SqsManagedSseEnabled).toBe(true);
        for (const id of [queueId, deadLettersId]) {
          const policy = ofType('AWS::SQS::QueuePolicy').find(([, candidate]) =>
            JSON.stringify(candidate.Properties.Queues).includes(id),
          );
          expect(JSON.stringify(policy?.[1].Properties.PolicyDocument), id).toContain('aws:SecureTransport');
        }
        const alarm = ofType('AWS::CloudWatch::Alarm').find(
          ([, candidate]) =>
            JSON.stringify(candidate.Properties.Dimensions ?? []).includes(deadLettersId) &&
            candidate.Properties.MetricName === 'ApproximateNumberOfMessagesVisible',
        );
        expect(alarm?.[1].Properties.AlarmDescription, queue).toMatch(/redrive/);
        const mapping = ofType('AWS::Lambda::EventSourceMapping').find(
          ([, candidate]) =>
            JSON.stringify(candidate.Properties.EventSourceArn) ===
            JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }),
        );
        expect(mapping?.[1].Properties, queue).toMatchObject({
          FunctionName: { Ref: functionId(`Notifications${consumer}`) },
          BatchSize: 10,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
      }
      const smsMapping = ofType('AWS::Lambda::EventSourceMapping').find(([, candidate]) =>
        JSON.stringify(candidate.Properties.FunctionName).includes('NotificationsSendSms'),
      );
      expect(smsMapping?.[1].Properties.ScalingConfig).toEqual({ MaximumConcurrency: 2 });
    });

    it("lets only the e-mail sender send e-mail, from the district's SES identity (none in the China regions)", () => {
      const identities = ofType('AWS::SES::EmailIdentity');
      const senders = functions().filter((fn) =>
        fn.statements.some((statement) => JSON.stringify(statement.Action).includes('ses:')),
      );
      if (!staffEmail) {
        expect([identities, senders]).toEqual([[], []]);
        return;
      }
      const [identityId, identity] = only('AWS::SES::EmailIdentity', 'NotificationsEmailIdentity');
      expect(identity.Properties.EmailIdentity).toBe('lvyuan.example.cn');
      expect(senders.map((fn) => fn.name)).toEqual(['NotificationsSendEmail']);
      const [sender] = senders;
      expect(sender!.environment.EMAIL_FROM).toBe(config.email?.from);
      const grant = sender!.statements.find((statement) => JSON.stringify(statement.Action).includes('ses:'));
      expect(grant?.Action).toEqual(['ses:SendEmail', 'ses:SendRawEmail']);
      expect(JSON.stringify(grant?.Resource)).toContain(`:identity/",{"Ref":"${identityId}"}`);
    });

    it('publishes new message items from the table stream, and parks what fails in an alarmed dead-letter queue', () => {
      const publisher = functionId('NotificationsPublishNotifications');
      const [, mapping] = ofType('AWS::Lambda::EventSourceMapping').find(
        ([, candidate]) => (candidate.Properties.FunctionName as { Ref: string }).Ref === publisher,
      )!;
      const pattern = JSON.parse(
        (mapping.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters[0]!.Pattern,
      );
      expect(pattern).toEqual({
        eventName: ['INSERT'],
        dynamodb: { NewImage: { type: { S: ['message'] } } },
      });
      const [deadLettersId] = only('AWS::SQS::Queue', 'NotificationsPublicationsDeadLetters');
      expect(
        ofType('AWS::CloudWatch::Alarm').some(([, alarm]) =>
          JSON.stringify(alarm.Properties.Dimensions ?? []).includes(deadLettersId),
        ),
      ).toBe(true);
    });

    it('keeps every notification in a private, encrypted, TLS-only bucket for 400 days', () => {
      const [bucketId, bucket] = only('AWS::S3::Bucket', 'NotificationsArchiveBucket');
      expect(bucket.Properties).toMatchObject({
        ...PRIVATE_ENCRYPTED_BUCKET,
        LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: 400 }] },
      });
      const policy = ofType('AWS::S3::BucketPolicy').find(
        ([, candidate]) => (candidate.Properties.Bucket as { Ref: string }).Ref === bucketId,
      );
      expect(JSON.stringify(policy?.[1].Properties.PolicyDocument)).toContain('aws:SecureTransport');
      const writers = functions().filter((fn) =>
        fn.statements.some((statement) => JSON.stringify(statement.Resource).includes(bucketId)),
      );
      expect(writers.map((fn) => fn.name)).toEqual(['NotificationsArchiveNotifications']);
      expect(
        writers[0]!.statements.filter((statement) => JSON.stringify(statement.Resource).includes(bucketId)),
      ).toEqual([
        {
          Effect: 'Allow',
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/notifications/*']] },
        },
      ]);
    });

    it('lets only the SMS sender, the release of what waited and sign-in send SMS, and only the publisher publish to the topic', () => {
      const supervisorsTopic = only('AWS::SNS::Topic', 'NotificationsSupervisorsTopic')[0];
      const sendsSms = (fn: ReturnType<typeof functions>[number]) =>
        fn.statements.some(
          (statement) =>
            (allows(statement, 'sns:Publish') &&
              (statement.Resource === '*' ||
                JSON.stringify(statement.Resource).includes(supervisorsTopic))) ||
            (allows(statement, 'secretsmanager:GetSecretValue') && fn.name !== 'SmsStatusReceiveSmsStatus'),
        );
      expect(
        functions()
          .filter(sendsSms)
          .map((fn) => fn.name)
          .sort(),
      ).toEqual(['MessageReleaseReleaseMessages', 'NotificationsSendSms', 'SignIn']);
      const publishers = functions().filter((fn) =>
        fn.statements.some(
          (statement) =>
            allows(statement, 'sns:Publish') && JSON.stringify(statement.Resource).includes(topicId()),
        ),
      );
      expect(publishers.map((fn) => fn.name)).toEqual(['NotificationsPublishNotifications']);
      expect(publishers[0]!.environment.NOTIFICATIONS_TOPIC_ARN).toEqual({ Ref: topicId() });
    });

    it("sends SMS through the district's provider", () => {
      const sender = functions().find((fn) => fn.name === 'NotificationsSendSms')!;
      const publishesToPhones = sender.statements.some(
        (statement) => allows(statement, 'sns:Publish') && statement.Resource === '*',
      );
      const readsSecret = sender.statements.some((statement) =>
        allows(statement, 'secretsmanager:GetSecretValue'),
      );
      if (config.sms.provider === 'tencent') {
        expect(publishesToPhones).toBe(false);
        expect(readsSecret).toBe(true);
        expect(sender.environment.SMS_PROVIDER_SECRET_NAME).toBe(
          `sanzhang-${config.district.id}-sms-provider`,
        );
      } else {
        expect(publishesToPhones).toBe(true);
        expect(readsSecret).toBe(false);
        expect(sender.environment.SUPERVISORS_TOPIC_ARN).toBeDefined();
      }
    });
  },
);
