import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { parseClockTime } from '../shared/domain/time-zone.js';
import type { DistrictTable } from './district-table.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { smsSendingPart } from './sms-provider.js';

/** The sweep between the end-of-quiet-hours firings: retries whose backoff passed, messages left behind. */
export const RELEASE_RATE = 'rate(5 minutes)';

/** The cron (EventBridge Scheduler, read in the district zone) that fires when quiet hours end. */
export function endOfQuietHoursCron(quietHours: DistrictConfig['sms']['quietHours']): string {
  const { hour, minute } = parseClockTime(quietHours.end);
  return `cron(${minute} ${hour} * * ? *)`;
}

export interface MessageReleaseProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
  /** The supervisors' SMS go out through it (the notifier's `notifySupervisors`). */
  readonly supervisorsTopic: sns.ITopic;
}

/**
 * The outbox's release: one function that sends the messages due (held through quiet hours, with
 * the morning digest if the district wants it; retries; messages the stream left behind), run by
 * two EventBridge Scheduler schedules: at the end of quiet hours in the district zone, and every
 * five minutes. It sends SMS, so it has the provider's grant.
 */
export class MessageRelease extends Construct {
  readonly functions: Record<string, SanzhangFunction>;
  readonly schedules: scheduler.CfnSchedule[];

  constructor(scope: Construct, id: string, props: MessageReleaseProps) {
    super(scope, id);
    const { config, table, supervisorsTopic } = props;
    const releaseMessages = new SanzhangFunction(this, 'ReleaseMessages', {
      entry: 'functions/scheduled/release-messages.ts',
      description: 'At the end of quiet hours and every 5 minutes: send the SMS that are due',
      config,
      parts: [smsSendingPart(config)],
      // A morning's held messages: more than an API call's 10 s.
      timeoutSeconds: 300,
    })
      .bindTable(table, 'RW')
      .allowSmsToPhones();
    if (config.sms.provider === 'sns') releaseMessages.bindSupervisorsTopic(supervisorsTopic);
    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets the release schedules invoke the release function, and nothing else.',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [releaseMessages.fn.functionArn],
      }),
    );
    const schedule = (scheduleId: string, name: string, expression: string, description: string) =>
      new scheduler.CfnSchedule(this, scheduleId, {
        name: `sanzhang-${config.district.id}-${name}`,
        description,
        scheduleExpression: expression,
        scheduleExpressionTimezone: config.district.timeZone,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: releaseMessages.fn.functionArn,
          roleArn: role.roleArn,
          input: '{}',
          retryPolicy: { maximumEventAgeInSeconds: 300, maximumRetryAttempts: 2 },
        },
      });
    this.schedules = [
      schedule(
        'EndOfQuietHours',
        'end-of-quiet-hours',
        endOfQuietHoursCron(config.sms.quietHours),
        `Sends the SMS held through quiet hours (${config.sms.quietHours.start}–${config.sms.quietHours.end}) when they end.`,
      ),
      schedule(
        'ReleaseSweep',
        'release-sweep',
        RELEASE_RATE,
        'Sends retries whose backoff passed and SMS the stream left behind.',
      ),
    ];
    this.functions = { releaseMessages };
  }
}
