import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LEVELS } from '../shared/config/vocabulary.js';
import type { WatchedParts } from './alarms.js';
import { DistrictMetrics, serviceName } from './district-metrics.js';
import { THROTTLED_BY_ROUTE_QUERY } from './http-api.js';
import type { SanzhangFunction } from './sanzhang-function.js';

/** The outcomes of a partner's delivery or an Open311 post (`IntakeDelivery`'s breakdown). */
const INTAKE_OUTCOMES = ['accepted', 'duplicate', 'rejected'] as const;

const FIVE_MINUTES = Duration.minutes(5);
const HOUR = Duration.hours(1);
const WIDTH = 8;
const HEIGHT = 6;

/** A search's series label: the value of its breakdown dimension (CloudWatch's dynamic labels). */
const valueOf = (dimension: string) => `\${PROP('Dim.${dimension}')}`;

/** Every dead-letter queue of the stack, by what it parks: a message in any of them raises an alarm. */
export function deadLetterQueues(parts: WatchedParts): Record<string, sqs.IQueue> {
  const { intake, lifecycle, notifications, notices } = parts;
  return {
    'Partner deliveries': intake.deliveries.deadLetters,
    'Lifecycle starts': lifecycle.starts.deadLetters,
    'Notification publications': notifications.publications.deadLetters,
    'Notice fan-out': notices.fanOut.deadLetters,
    'SMS channel': notifications.sms.deadLetters,
    'Inbox channel': notifications.push.deadLetters,
    'Archive channel': notifications.archive.deadLetters,
    ...(notifications.email ? { 'E-mail channel': notifications.email.deadLetters } : {}),
  };
}

/**
 * The district's CloudWatch dashboard (`sanzhang-<district>`): how requests are handled (open by
 * level, deadlines met and missed by community, time to acknowledge and resolve, escalations,
 * overdue), what goes out and comes in (SMS, partner deliveries, the API and its throttles), and the
 * machinery's health (function errors and throttles, state machine failures, dead-letter queues).
 * docs/operations.md, "Dashboard", describes it.
 */
export class DistrictDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, parts: WatchedParts) {
    super(scope, id);
    const metrics = new DistrictMetrics(parts.config);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: serviceName(parts.config),
      defaultInterval: Duration.days(1),
    });
    this.dashboard.addWidgets(...requestWidgets(metrics));
    this.dashboard.addWidgets(...slaWidgets(metrics, parts.config.operations.slaBreachRatePercent));
    this.dashboard.addWidgets(...trafficWidgets(metrics, parts));
    this.dashboard.addWidgets(
      ...functionWidgets({ ...parts.functions, restartLifecycle: parts.lifecycle.restartLifecycle }),
    );
    this.dashboard.addWidgets(
      stateMachineWidget({
        Lifecycle: parts.lifecycle.workflow.stateMachine,
        Settlement: parts.settlement.workflow.stateMachine,
      }),
      deadLettersWidget(deadLetterQueues(parts)),
      new cloudwatch.LogQueryWidget({
        title: 'Throttled requests by route (access log)',
        logGroupNames: [parts.httpApi.accessLogs.logGroupName],
        queryLines: THROTTLED_BY_ROUTE_QUERY,
        view: cloudwatch.LogQueryVisualizationType.TABLE,
        width: WIDTH,
        height: HEIGHT,
      }),
    );
  }
}

function graph(title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) {
  return new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: HEIGHT, ...extra });
}

function requestWidgets(metrics: DistrictMetrics): cloudwatch.IWidget[] {
  return [
    graph(
      'Requests open by level',
      LEVELS.map((level) =>
        metrics.metric('OpenRequests', {
          breakdown: level,
          statistic: cloudwatch.Stats.MAXIMUM,
          period: Duration.minutes(15),
          label: level,
        }),
      ),
      { stacked: true },
    ),
    graph('Requests opened and closed', [
      metrics.metric('RequestOpened', { period: HOUR, label: 'Opened' }),
      metrics.metric('RequestClosed', { period: HOUR, label: 'Closed' }),
    ]),
    graph('Escalations by cause, and overdue at the street', [
      metrics.perBreakdown('Escalation', `Escalated: ${valueOf('cause')}`, HOUR),
      metrics.metric('Overdue', { period: HOUR, label: 'Overdue' }),
    ]),
  ];
}

function slaWidgets(metrics: DistrictMetrics, thresholdPercent: number): cloudwatch.IWidget[] {
  const community = valueOf('community');
  const minutes = (name: 'TimeToAcknowledge' | 'TimeToResolve', percentile: 'p50' | 'p90', label: string) => {
    const milliseconds = `${label.toLowerCase()}${percentile}`;
    return new cloudwatch.MathExpression({
      expression: `${milliseconds} / 60000`,
      usingMetrics: { [milliseconds]: metrics.metric(name, { statistic: percentile, period: HOUR }) },
      label: `${label} ${percentile} (minutes)`,
      period: HOUR,
    });
  };
  return [
    graph('SLA: deadlines missed (%)', [metrics.slaBreachRate(HOUR)], {
      leftYAxis: { min: 0, max: 100 },
      leftAnnotations: [{ value: thresholdPercent, label: 'Alarm above', color: cloudwatch.Color.RED }],
    }),
    new cloudwatch.TableWidget({
      title: 'SLA compliance by community (deadlines met and late)',
      metrics: [
        metrics.perBreakdown('AcknowledgedInTime', `${community} acknowledged in time`, HOUR),
        metrics.perBreakdown('AcknowledgedLate', `${community} acknowledged late`, HOUR),
        metrics.perBreakdown('ResolvedInTime', `${community} resolved in time`, HOUR),
        metrics.perBreakdown('ResolvedLate', `${community} resolved late`, HOUR),
      ],
      summary: { columns: [cloudwatch.TableSummaryColumn.SUM], hideNonSummaryColumns: true },
      width: WIDTH,
      height: HEIGHT,
    }),
    graph('Time to acknowledge and to resolve', [
      minutes('TimeToAcknowledge', 'p50', 'Acknowledge'),
      minutes('TimeToAcknowledge', 'p90', 'Acknowledge'),
      minutes('TimeToResolve', 'p50', 'Resolve'),
      minutes('TimeToResolve', 'p90', 'Resolve'),
    ]),
  ];
}

function trafficWidgets(metrics: DistrictMetrics, parts: WatchedParts): cloudwatch.IWidget[] {
  const { api } = parts.httpApi;
  const sum = { period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM };
  return [
    graph('SMS sent and failed', [
      metrics.metric('SmsSent', { period: HOUR, label: 'Sent' }),
      metrics.metric('SmsFailed', { period: HOUR, label: 'Failed' }),
    ]),
    graph(
      'Partner deliveries and Open311 posts by outcome',
      INTAKE_OUTCOMES.map((outcome) =>
        metrics.metric('IntakeDelivery', { breakdown: outcome, period: HOUR, label: outcome }),
      ),
    ),
    graph('API: requests, errors and throttles', [
      api.metricCount({ ...sum, label: 'Requests' }),
      api.metricClientError({ ...sum, label: '4xx' }),
      api.metricServerError({ ...sum, label: '5xx' }),
      parts.httpApi.metricThrottled({ period: FIVE_MINUTES }),
    ]),
  ];
}

function functionWidgets(functions: Record<string, SanzhangFunction>): cloudwatch.IWidget[] {
  const each = (metric: (fn: SanzhangFunction) => cloudwatch.IMetric) => Object.values(functions).map(metric);
  const sum = (label: string) => ({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM, label });
  return [
    graph(
      'Function errors',
      each((fn) => fn.fn.metricErrors(sum(fn.node.id))),
      { width: 12 },
    ),
    graph(
      'Function throttles',
      each((fn) => fn.fn.metricThrottles(sum(fn.node.id))),
      { width: 12 },
    ),
  ];
}

function stateMachineWidget(machines: Record<string, StateMachine>): cloudwatch.IWidget {
  const sum = (label: string) => ({ period: FIVE_MINUTES, statistic: cloudwatch.Stats.SUM, label });
  return graph(
    'State machines: failed, timed out, aborted',
    Object.entries(machines).flatMap(([name, machine]) => [
      machine.metricFailed(sum(`${name} failed`)),
      machine.metricTimedOut(sum(`${name} timed out`)),
      machine.metricAborted(sum(`${name} aborted`)),
    ]),
  );
}

function deadLettersWidget(queues: Record<string, sqs.IQueue>): cloudwatch.IWidget {
  return graph(
    'Dead-letter queues: messages waiting',
    Object.entries(queues).map(([label, queue]) =>
      queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: cloudwatch.Stats.MAXIMUM,
        label,
      }),
    ),
  );
}
