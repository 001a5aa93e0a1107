import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  districtServiceName,
  METRIC_BREAKDOWNS,
  METRICS_NAMESPACE,
  type MetricName,
} from '../shared/config/metrics.js';
import { SLA_ALARM_MINIMUM_DEADLINES, type DistrictConfig } from '../shared/config/district-config.js';

/** A district's functions' service name, the `service` dimension of its metrics. */
export const serviceName = (config: DistrictConfig) => districtServiceName(config.district.id);

/** The dimension a district metric is charted by (its first breakdown), if it has one. */
const breakdownOf = (name: MetricName): string | undefined => METRIC_BREAKDOWNS[name][0];

export interface DistrictMetricOptions {
  readonly statistic?: string;
  readonly period?: Duration;
  readonly label?: string;
  /** The breakdown's value, e.g. `{ level: 'street' }`; without it the district's total. */
  readonly breakdown?: string;
}

/** A district's own metrics, for its dashboard and alarms: CloudWatch metrics of the names and dimensions the functions write. */
export class DistrictMetrics {
  private readonly service: string;

  constructor(config: DistrictConfig) {
    this.service = serviceName(config);
  }

  metric(name: MetricName, options: DistrictMetricOptions = {}): cloudwatch.Metric {
    const breakdown = breakdownOf(name);
    if (options.breakdown !== undefined && breakdown === undefined) {
      throw new Error(`${name} has no breakdown dimension`);
    }
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName: name,
      dimensionsMap: {
        service: this.service,
        ...(options.breakdown !== undefined && breakdown ? { [breakdown]: options.breakdown } : {}),
      },
      statistic: options.statistic ?? cloudwatch.Stats.SUM,
      period: options.period ?? Duration.minutes(5),
      ...(options.label ? { label: options.label } : {}),
    });
  }

  /**
   * One series per value of the metric's breakdown (e.g. per community), whatever values the
   * handlers emitted: a dashboard search, since communities and escalation causes are data, not config.
   */
  perBreakdown(name: MetricName, label: string, period: Duration): cloudwatch.MathExpression {
    const breakdown = breakdownOf(name);
    if (breakdown === undefined) throw new Error(`${name} has no breakdown dimension`);
    return new cloudwatch.MathExpression({
      expression: `SEARCH('{${METRICS_NAMESPACE},${[breakdown, 'service'].sort().join(',')}} MetricName="${name}" service="${this.service}"', 'Sum', ${period.toSeconds()})`,
      label,
      period,
    });
  }

  /**
   * The share (%) of the deadlines that fell due in the period that were missed: acknowledged or
   * resolved late, or escalated by their timeout (`SlaBreach`), against those met. 0 in a period
   * with fewer than SLA_ALARM_MINIMUM_DEADLINES deadlines.
   */
  slaBreachRate(period: Duration): cloudwatch.MathExpression {
    const sum = (name: MetricName) => this.metric(name, { period });
    return new cloudwatch.MathExpression({
      expression: `IF(met + missed >= ${SLA_ALARM_MINIMUM_DEADLINES}, 100 * missed / (met + missed), 0)`,
      usingMetrics: {
        met: new cloudwatch.MathExpression({
          expression: 'FILL(ackInTime, 0) + FILL(resolvedInTime, 0)',
          usingMetrics: { ackInTime: sum('AcknowledgedInTime'), resolvedInTime: sum('ResolvedInTime') },
          period,
        }),
        missed: new cloudwatch.MathExpression({
          expression: 'FILL(ackLate, 0) + FILL(resolvedLate, 0) + FILL(breached, 0)',
          usingMetrics: {
            ackLate: sum('AcknowledgedLate'),
            resolvedLate: sum('ResolvedLate'),
            breached: sum('SlaBreach'),
          },
          period,
        }),
      },
      label: 'Deadlines missed (%)',
      period,
    });
  }
}
