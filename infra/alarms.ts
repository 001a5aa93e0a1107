import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { DistrictHttpApi } from './http-api.js';
import type { Intake } from './intake.js';
import type { MonthlySettlement } from './monthly-settlement.js';
import { Notifications } from './notifications.js';
import type { Notices } from './notices.js';
import type { RequestLifecycle } from './request-lifecycle.js';
import type { SanzhangFunction } from './sanzhang-function.js';

export interface AlarmsProps {
  /** Where every alarm goes: the operators' e-mail. */
  readonly topic: sns.ITopic;
  readonly lifecycle: RequestLifecycle;
  readonly settlement: MonthlySettlement;
  readonly intake: Intake;
  readonly notifications: Notifications;
  readonly notices: Notices;
  readonly httpApi: DistrictHttpApi;
  /** The functions whose errors alarm, by the name the alarm gives them. */
  readonly functions: Record<string, SanzhangFunction>;
}

/** The alarms' period: one five-minute window with a failure in it is enough. */
const PERIOD = Duration.minutes(5);

/** Operators hear by e-mail when a lifecycle or a settlement fails, a stream parks a record, a function errs or the API answers 5xx. */
export class Alarms extends Construct {
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.action = new SnsAction(props.topic);
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    this.alarm(
      'LifecycleFailedAlarm',
      props.lifecycle.workflow.stateMachine.metricFailed(sum),
      'A request lifecycle execution failed: the restart rule gives an open request a new execution (at most 5 times); find out why it failed.',
    );
    this.alarm(
      'SettlementFailedAlarm',
      props.settlement.workflow.stateMachine.metricFailed(sum),
      'A monthly settlement failed: re-run it (it resumes where it stopped).',
    );
    this.alarm(
      'DeliveryDeadLettersAlarm',
      props.intake.deliveries.deadLetterMetric(PERIOD),
      'A partner delivery failed every retry of the stream: it is stored but not yet a request; the reconciler retries it from the table every 15 minutes (its errors alarm too); the message names the stream records.',
    );
    this.alarm(
      'LifecycleStartDeadLettersAlarm',
      props.lifecycle.starts.deadLetterMetric(PERIOD),
      'A new request could not start its lifecycle after every retry of the stream: the reconciler retries it from the table every 15 minutes; the message names the stream records.',
    );
    this.alarm(
      'PublicationDeadLettersAlarm',
      props.notifications.publications.deadLetterMetric(PERIOD),
      'A new message could not be published to the notifications topic after every retry of the stream: it is stored (status queued) and the release sweep sends its SMS when due, but its other channels (inbox, archive) miss it; the message names the stream records.',
    );
    const { sms, push, archive } = props.notifications;
    this.alarm(
      'SmsDeadLettersAlarm',
      Notifications.deadLetterMetric(sms, PERIOD),
      'A notification failed the SMS sender 5 times and was parked: the message stays in the table and the release sweep sends it when due; find out why in the SendSms logs, then redrive or purge the dead-letter queue.',
    );
    this.alarm(
      'PushDeadLettersAlarm',
      Notifications.deadLetterMetric(push, PERIOD),
      'A notification failed the inbox delivery 5 times and was parked: that person does not see it in the app; find out why in the DeliverToInbox logs, then redrive the dead-letter queue (delivery is idempotent).',
    );
    this.alarm(
      'ArchiveDeadLettersAlarm',
      Notifications.deadLetterMetric(archive, PERIOD),
      'A notification failed archiving 5 times and was parked: it is missing from the archive bucket; find out why in the ArchiveNotifications logs, then redrive the dead-letter queue (archiving is idempotent).',
    );
    if (props.notifications.email) {
      this.alarm(
        'EmailDeadLettersAlarm',
        Notifications.deadLetterMetric(props.notifications.email, PERIOD),
        'A notification failed the e-mail sender 5 times and was parked: that staff member has it in the app (and by SMS where it went by SMS) but not by e-mail; find out why in the SendEmail logs (an unverified sender domain, SES throttling), then redrive the dead-letter queue (sending is idempotent).',
      );
    }
    this.alarm(
      'NoticeFanOutDeadLettersAlarm',
      props.notices.fanOut.deadLetterMetric(PERIOD),
      'A new notice could not reach its leaders after every retry of the stream: the notice is stored, some readers may have no SMS; replay the parked records (the fan-out writes only what is missing); the message names the stream records.',
    );
    this.alarm(
      'ApiServerErrorsAlarm',
      props.httpApi.api.metricServerError(sum),
      'The HTTP API answered 5xx.',
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(
        `${fn.node.id}ErrorsAlarm`,
        fn.fn.metricErrors(sum),
        `The ${name} function failed (unhandled error or timeout).`,
      );
    }
  }

  /** Any occurrence in a period raises the alarm; no data is no trouble. */
  private alarm(id: string, metric: cloudwatch.IMetric, description: string): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(this.action);
  }
}
