import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  METRICS_NAMESPACE,
  type EscalationCause,
  type IntakeOutcome,
  type MetricName,
} from '../config/metrics.js';
import { LEVELS } from '../config/vocabulary.js';
import type { Level } from '../config/vocabulary.js';
import type { Handler, ServiceRequest } from '../domain/request.js';
import type { Transition } from '../domain/transition.js';
import { serviceName } from '../logger.js';

/**
 * The district's metrics (Powertools Metrics, CloudWatch EMF): the one way each is written. Their
 * names are shared/config/metrics.ts's, which the dashboard and the alarms (infra/) read; docs/architecture.md, "Metrics",
 * says when each is written. Every metric has the `service` dimension (the district's service
 * name) alone and, where it has a breakdown, `service` with each breakdown dimension. A metric is
 * written once the write that makes it true succeeded, so a retried step or delivery that finds its
 * work done writes none. No dimension holds a person's, household's or request's id: only bounded
 * vocabularies (channels, categories, levels, causes, outcomes) and community ids, which the
 * district's config bounds.
 */
export const METRIC = {
  requestOpened: 'RequestOpened',
  requestClosed: 'RequestClosed',
  acknowledgedInTime: 'AcknowledgedInTime',
  acknowledgedLate: 'AcknowledgedLate',
  resolvedInTime: 'ResolvedInTime',
  resolvedLate: 'ResolvedLate',
  timeToAcknowledge: 'TimeToAcknowledge',
  timeToResolve: 'TimeToResolve',
  slaBreach: 'SlaBreach',
  escalation: 'Escalation',
  overdue: 'Overdue',
  smsSent: 'SmsSent',
  smsFailed: 'SmsFailed',
  intakeDelivery: 'IntakeDelivery',
  leadersSettled: 'LeadersSettled',
  openRequests: 'OpenRequests',
} as const satisfies Record<string, MetricName>;

type Breakdown = Record<string, string>;

interface Point {
  name: MetricName;
  unit: typeof MetricUnit.Count | typeof MetricUnit.Milliseconds;
  value: number;
  breakdowns: Breakdown[];
}

const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  serviceName,
});

/**
 * EMF lines are for CloudWatch: outside Lambda (the local run, the tests, the benchmarks) none is
 * written unless POWERTOOLS_METRICS_DISABLED is set, and then Powertools decides as in Lambda (the
 * tests that read the lines set it to false).
 */
const emitting = () =>
  process.env.POWERTOOLS_METRICS_DISABLED !== undefined || process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined;

/**
 * Written at once: one EMF line with `{service}`, and for a metric with breakdowns a second one with
 * a dimension set `{service, <breakdown>}` per breakdown. (One line cannot hold `{service}` alone
 * beside other sets: Powertools writes the default dimension into every set, or warns of the repeat.)
 */
function write({ name, unit, value, breakdowns }: Point): void {
  if (!emitting()) return;
  metrics.singleMetric().addMetric(name, unit, value);
  if (breakdowns.length === 0) return;
  const line = metrics.singleMetric();
  for (const breakdown of breakdowns) line.addDimensions(breakdown);
  line.addMetric(name, unit, value);
}

const count = (name: MetricName, value = 1, ...breakdowns: Breakdown[]): Point => ({
  name,
  unit: MetricUnit.Count,
  value,
  breakdowns,
});

const milliseconds = (name: MetricName, value: number): Point => ({
  name,
  unit: MetricUnit.Milliseconds,
  value,
  breakdowns: [],
});

/** The handler whose `field` this transition set (acknowledged or resolved now, not before). */
const newly = (
  before: ServiceRequest | undefined,
  after: ServiceRequest,
  field: 'acknowledgedAt' | 'resolvedAt',
) =>
  after.handlers.find(
    (handler, index) => handler[field] !== undefined && before?.handlers[index]?.[field] === undefined,
  );

/**
 * Why the transition took the request up a level, or left it overdue at the street: undefined when
 * it did neither. A reminder of a request already overdue is no new escalation.
 */
function escalationCause(
  before: ServiceRequest,
  { request, entry }: Transition,
): EscalationCause | undefined {
  // An attached request starts from its household's unit, wherever triage held it.
  const from = entry.event === 'attached' ? 'unit' : before.level;
  const movedUp = LEVELS.indexOf(request.level) > LEVELS.indexOf(from);
  const overdueNow = request.overdue && !before.overdue && request.level === 'street';
  if (!movedUp && !overdueNow) return undefined;
  if (before.status === 'escalating') return 'leader';
  const timedOut =
    (before.status === 'assigned' || before.status === 'acknowledged') &&
    Date.parse(before.deadline) <= Date.parse(entry.at);
  return timedOut ? 'timeout' : 'vacancy';
}

/** What a committed lifecycle transition makes true; `before` is the request as it was (none for a new one). */
function lifecyclePoints(before: ServiceRequest | undefined, transition: Transition): Point[] {
  const { request, entry } = transition;
  const points: Point[] = [];
  const sinceOpened = Date.parse(entry.at) - Date.parse(request.createdAt);
  const community = { community: request.ancestors.community };
  if (!before) {
    const channel = request.intake?.channel ?? request.submittedBy.kind;
    points.push(count(METRIC.requestOpened, 1, { channel }, { category: request.category }));
  }
  if (request.status === 'closed' && before?.status !== 'closed') {
    points.push(count(METRIC.requestClosed, 1, { category: request.category }));
  }
  const acknowledged: Handler | undefined = newly(before, request, 'acknowledgedAt');
  if (acknowledged) {
    const name = acknowledged.acknowledgedWithinSla ? METRIC.acknowledgedInTime : METRIC.acknowledgedLate;
    points.push(count(name, 1, community));
    // The request's time to its first acknowledgement, as the charts count it.
    if (!before?.handlers.some((handler) => handler.acknowledgedAt !== undefined)) {
      points.push(milliseconds(METRIC.timeToAcknowledge, sinceOpened));
    }
  }
  const resolved = newly(before, request, 'resolvedAt');
  if (resolved) {
    points.push(
      count(resolved.resolvedWithinSla ? METRIC.resolvedInTime : METRIC.resolvedLate, 1, community),
      milliseconds(METRIC.timeToResolve, sinceOpened),
    );
  }
  const cause = before && escalationCause(before, transition);
  if (before && cause) {
    points.push(count(METRIC.escalation, 1, { cause }));
    if (cause === 'timeout') points.push(count(METRIC.slaBreach, 1, { level: before.level }));
    if (request.overdue && !before.overdue) points.push(count(METRIC.overdue));
  }
  return points;
}

/** The metrics, each written by the service whose write made it true. */
export const recordMetric = {
  /** A lifecycle transition was committed (`before`: the request it was applied to; none for a new request). */
  transition(before: ServiceRequest | undefined, transition: Transition): void {
    lifecyclePoints(before, transition).forEach(write);
  },
  /** A partner's delivery or an Open311 POST was stored, answered as a retry, or refused (a 4xx). */
  intakeDelivery(outcome: IntakeOutcome): void {
    write(count(METRIC.intakeDelivery, 1, { outcome }));
  },
  /** The SMS provider accepted an SMS. */
  smsSent(): void {
    write(count(METRIC.smsSent));
  },
  /** An SMS failed for good: refused by the provider, given up after its last attempt, or reported undelivered. */
  smsFailed(): void {
    write(count(METRIC.smsFailed));
  },
  /** A community's settlement wrote its leaders' statements. */
  leadersSettled(leaders: number): void {
    write(count(METRIC.leadersSettled, leaders));
  },
  /** The gauge of the district's open requests: in all, and at each level (one line a level, as the values differ). */
  openRequests(byLevel: Readonly<Record<Level, number>>): void {
    write(
      count(
        METRIC.openRequests,
        LEVELS.reduce((sum, level) => sum + byLevel[level], 0),
      ),
    );
    if (!emitting()) return;
    for (const level of LEVELS) {
      metrics
        .singleMetric()
        .addDimensions({ level })
        .addMetric(METRIC.openRequests, MetricUnit.Count, byLevel[level]);
    }
  },
};
