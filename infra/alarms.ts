import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { DistrictMetrics } from './district-metrics.js';
import type { DistrictHttpApi } from './http-api.js';
import type { Intake } from './intake.js';
import type { MonthlySettlement } from './monthly-settlement.js';
import { Notifications } from './notifications.js';
import type { Notices } from './notices.js';
import type { RequestLifecycle } from './request-lifecycle.js';
import type { SanzhangFunction } from './sanzhang-function.js';

/** What the operators watch: the parts of a district's stack that its alarms and dashboard read. */
export interface WatchedParts {
  readonly config: DistrictConfig;
  readonly lifecycle: RequestLifecycle;
  readonly settlement: MonthlySettlement;
  readonly intake: Intake;
  readonly notifications: Notifications;
  readonly notices: Notices;
  readonly httpApi: DistrictHttpApi;
  /** The functions whose errors alarm, by the name the alarm gives them. */
  readonly functions: Record<string, SanzhangFunction>;
}

export interface AlarmsProps extends WatchedParts {
  /** Where every alarm goes: the operators' e-mail. */
  readonly topic: sns.ITopic;
}

/** The alarms' period: one five-minute window with a failure in it is enough. */
const PERIOD = Duration.minutes(5);
/** The SLA breach rate's window: deadlines fall due a few an hour in a district. */
const SLA_PERIOD = Duration.hours(1);

/** A state machine's executions that failed or timed out in the period (an abort is an operator's). */
function failedOrTimedOut(stateMachine: StateMachine): cloudwatch.IMetric {
  const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
  return new cloudwatch.MathExpression({
    expression: 'FILL(failed, 0) + FILL(timedOut, 0)',
    usingMetrics: { failed: stateMachine.metricFailed(sum), timedOut: stateMachine.metricTimedOut(sum) },
    label: 'Executions failed or timed out',
    period: PERIOD,
  });
}

/**
 * Operators hear by e-mail when a lifecycle or a settlement fails or times out, a queue or a stream
 * parks a message, a function errs, the API answers 5xx or throttles, an SMS fails for good, or
 * too many deadlines are missed. Each description is its runbook line (docs/operations.md, "Runbook").
 */
export class Alarms extends Construct {
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.action = new SnsAction(props.topic);
    const sum = { period: PERIOD, statistic: cloudwatch.Stats.SUM };
    this.alarm(
      'LifecycleFailedAlarm',
      failedOrTimedOut(props.lifecycle.workflow.stateMachine),
      'A request lifecycle execution failed or timed out: the restart rule gives an open request a new execution (at most 5 times); find out why in the execution history.',
    );
    this.alarm(
      'SettlementFailedAlarm',
      failedOrTimedOut(props.settlement.workflow.stateMachine),
      'A monthly settlement failed or timed out: find the failed step in the execution history, then start it again (POST /settlements/{month}; it resumes where it stopped).',
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
      'The HTTP API answered 5xx: find the route in the access log (status 5xx) and the function that failed in its errors alarm or logs.',
    );
    this.alarm(
      'ApiThrottledAlarm',
      props.httpApi.metricThrottled({ period: PERIOD }),
      "The HTTP API refused requests over a route's limits (429): the dashboard's table names the routes; a partner route (/intake, /open311) means a partner is flooding (ask them to slow down, or raise operations.throttling for them); any other route means residents and leaders are refused (raise operations.throttling.api).",
    );
    const metrics = new DistrictMetrics(props.config);
    this.alarm(
      'SmsFailedAlarm',
      metrics.metric('SmsFailed', { period: PERIOD }),
      'An SMS was given up after its last attempt, or reported undelivered: GET /messages (status failed) shows which and why (lastError, or the carrier code of the delivery); fix the cause (the provider: its console, balance or outage; a wrong phone: the person record); a failed SMS is not sent again, so reach its recipient another way if it mattered.',
    );
    this.alarm(
      'SlaBreachRateAlarm',
      metrics.slaBreachRate(SLA_PERIOD),
      `More than ${props.config.operations.slaBreachRatePercent}% of the deadlines that fell due in an hour were missed: look at the dashboard's escalations and open requests by level for where requests wait (a vacant post, a leader away, a community behind) and tell the street office; the threshold is operations.slaBreachRatePercent.`,
      props.config.operations.slaBreachRatePercent,
    );
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(
        `${fn.node.id}ErrorsAlarm`,
        fn.fn.metricErrors(sum),
        `The ${name} function failed (an unhandled error or a timeout): find the error and its stack in its log group (level ERROR); its work is retried by its source (a stream, a queue, a step, a schedule) or was answered 500 (a route), and what keeps failing ends in a dead-letter queue, which alarms too.`,
      );
    }
  }

  /** Any occurrence in a period raises the alarm, or a value above `aboveThreshold`; no data is no trouble. */
  private alarm(id: string, metric: cloudwatch.IMetric, description: string, aboveThreshold?: number): void {
    new cloudwatch.Alarm(this, id, {
      metric,
      threshold: aboveThreshold ?? 1,
      evaluationPeriods: 1,
      comparisonOperator:
        aboveThreshold === undefined
          ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
          : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    }).addAlarmAction(this.action);
  }
}
