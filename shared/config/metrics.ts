/**
 * The district's CloudWatch metrics: the namespace, and each metric's name with the breakdown
 * dimensions it is written with besides `service` (the district's service name). The functions
 * write them (shared/runtime/metrics.ts); the dashboard and the alarms read them
 * (infra/district-metrics.ts); docs/architecture.md, "Metrics", says when each is written.
 */
export const METRICS_NAMESPACE = 'Sanzhang';

/** A district's functions' service name (`POWERTOOLS_SERVICE_NAME`), the `service` dimension of its metrics. */
export const districtServiceName = (districtId: string) => `sanzhang-${districtId}`;

/** Why a request went up or past a level: the deadline passed, its leader asked, or no post was held. */
export const ESCALATION_CAUSES = ['timeout', 'leader', 'vacancy'] as const;
export type EscalationCause = (typeof ESCALATION_CAUSES)[number];

/** What became of a partner's delivery or an Open311 POST: stored, answered as a retry, or refused. */
export const INTAKE_OUTCOMES = ['accepted', 'duplicate', 'rejected'] as const;
export type IntakeOutcome = (typeof INTAKE_OUTCOMES)[number];

export const METRIC_BREAKDOWNS = {
  RequestOpened: ['channel', 'category'],
  RequestClosed: ['category'],
  AcknowledgedInTime: ['community'],
  AcknowledgedLate: ['community'],
  ResolvedInTime: ['community'],
  ResolvedLate: ['community'],
  TimeToAcknowledge: [],
  TimeToResolve: [],
  SlaBreach: ['level'],
  Escalation: ['cause'],
  Overdue: [],
  OpenRequests: ['level'],
  SmsSent: [],
  SmsFailed: [],
  IntakeDelivery: ['outcome'],
  LeadersSettled: [],
} as const satisfies Record<string, readonly string[]>;

export type MetricName = keyof typeof METRIC_BREAKDOWNS;
