import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../infra/sanzhang-function.js';
import { METRIC_BREAKDOWNS } from '../../shared/config/metrics.js';
import { loadDistrictConfigs, synthesizeDistrict } from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { SLA_ALARM_MINIMUM_DEADLINES } from '../../shared/config/district-config.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { functionsOf, type TemplateResource } from '../support/synthesized.js';

type Json = Record<string, unknown>;
interface Resource extends TemplateResource {
  DependsOn?: string[];
}

const configs = loadDistrictConfigs();
const lvyuan = configs.find((config) => config.district.id === 'lvyuan') as DistrictConfig;
const nanguan = configs.find((config) => config.district.id === 'nanguan') as DistrictConfig;

const PROFILES = [
  { name: 'global', config: lvyuan },
  { name: 'China (cn-north-1)', config: nanguan },
] as const;

/** The partner routes, which have limits of their own. */
const PARTNER_ROUTES = API_ROUTES.filter(
  (route) => route.path.startsWith('/intake/') || route.path.startsWith('/open311/'),
).map((route) => `${route.method} ${route.path}`);

/** A template value with every `Fn::Join` joined and every other token written as `<its JSON>`. */
function joined(node: unknown): string {
  if (typeof node === 'string') return node;
  const join = (node as Json)['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) return join[1].map(joined).join(join[0]);
  return `<${JSON.stringify(node)}>`;
}

describe.each(PROFILES)('operations ($name)', ({ config }) => {
  let resources: Record<string, Resource>;
  const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
  const only = (type: string, prefix: string): [string, Resource] => {
    const found = ofType(type).filter(([id]) => id.startsWith(prefix));
    expect(found, `${type} ${prefix}*`).toHaveLength(1);
    return found[0] as [string, Resource];
  };
  const alarm = (prefix: string) => only('AWS::CloudWatch::Alarm', `Alarms${prefix}`)[1].Properties;
  const alarmsTopic = () => ({ Ref: only('AWS::SNS::Topic', 'NotificationsAlarmsTopic')[0] });
  /** Every dead-letter queue: a queue's redrive target, or a stream consumer's on-failure destination. */
  const deadLetterQueues = () => {
    const arns = [
      ...ofType('AWS::SQS::Queue').map(
        ([, queue]) => (queue.Properties.RedrivePolicy as Json | undefined)?.deadLetterTargetArn,
      ),
      ...ofType('AWS::Lambda::EventSourceMapping').map(
        ([, mapping]) =>
          ((mapping.Properties.DestinationConfig as Json | undefined)?.OnFailure as Json | undefined)
            ?.Destination,
      ),
    ].filter((arn) => arn !== undefined) as { 'Fn::GetAtt': [string, string] }[];
    return [...new Set(arns.map((arn) => arn['Fn::GetAtt'][0]))];
  };
  const dashboardBody = () => {
    const [, dashboard] = only('AWS::CloudWatch::Dashboard', 'Dashboard');
    return joined(dashboard.Properties.DashboardBody);
  };
  const widgets = () =>
    (
      JSON.parse(dashboardBody().replace(/<\{[^>]*\}>/g, 'TOKEN')) as {
        widgets: { type: string; properties: { title: string; metrics?: unknown[][]; query?: string } }[];
      }
    ).widgets;
  const widget = (title: string) => {
    const found = widgets().find((candidate) => candidate.properties.title.startsWith(title));
    expect(found, title).toBeDefined();
    return JSON.stringify(found?.properties);
  };

  beforeAll(() => {
    resources = synthesizeDistrict(config).Resources as Record<string, Resource>;
  });

  describe('the dashboard', () => {
    it('is the district’s, named after its service', () => {
      const [, dashboard] = only('AWS::CloudWatch::Dashboard', 'Dashboard');
      expect(dashboard.Properties.DashboardName).toBe(`sanzhang-${config.district.id}`);
    });

    it('charts how requests are handled from the handlers’ metrics, in the district’s service', () => {
      const service = `"service","sanzhang-${config.district.id}"`;
      expect(widget('Requests open by level')).toContain(
        `"Sanzhang","OpenRequests","level","street",${service}`,
      );
      expect(widget('SLA compliance by community')).toMatch(
        /SEARCH\('\{Sanzhang,community,service\} MetricName=\\"AcknowledgedInTime\\"/,
      );
      for (const name of ['AcknowledgedLate', 'ResolvedInTime', 'ResolvedLate']) {
        expect(widget('SLA compliance by community')).toContain(`MetricName=\\"${name}\\"`);
      }
      const times = widget('Time to acknowledge');
      for (const [metric, stat] of [
        ['TimeToAcknowledge', 'p50'],
        ['TimeToAcknowledge', 'p90'],
        ['TimeToResolve', 'p90'],
      ]) {
        expect(times).toMatch(new RegExp(`"Sanzhang","${metric}",${service}[^\\]]*"stat":"${stat}"`));
      }
      expect(widget('Escalations by cause')).toContain(
        '{Sanzhang,cause,service} MetricName=\\"Escalation\\"',
      );
      expect(widget('Escalations by cause')).toContain(`"Sanzhang","Overdue",${service}`);
      expect(widget('SMS sent and failed')).toContain(`"Sanzhang","SmsFailed",${service}`);
      expect(widget('SMS sent and failed')).toContain(`"Sanzhang","SmsSent",${service}`);
      expect(widget('Partner deliveries')).toContain(
        `"Sanzhang","IntakeDelivery","outcome","rejected",${service}`,
      );
      expect(widget('SLA: deadlines missed')).toContain('IF(met + missed');
    });

    it('names only metrics the handlers emit, and the access log’s count of throttled requests', () => {
      const named = [...dashboardBody().matchAll(/"Sanzhang","(\w+)"|MetricName=\\"(\w+)\\"/g)].map(
        ([, metric, searched]) => metric ?? searched,
      );
      expect(named.length).toBeGreaterThan(10);
      for (const name of named)
        expect([...Object.keys(METRIC_BREAKDOWNS), 'ApiThrottled'], name).toContain(name);
    });

    it('charts every function’s errors and throttles, both state machines, and every dead-letter queue', () => {
      const functions = ofType('AWS::Lambda::Function').map(([id]) => id);
      for (const id of functions) {
        expect(widget('Function errors'), id).toContain(`"AWS/Lambda","Errors","FunctionName","TOKEN"`);
        expect(dashboardBody(), id).toContain(`<{"Ref":"${id}"}>`);
      }
      expect(JSON.parse(widget('Function errors')).metrics).toHaveLength(functions.length);
      expect(JSON.parse(widget('Function throttles')).metrics).toHaveLength(functions.length);
      for (const [id] of ofType('AWS::StepFunctions::StateMachine')) {
        for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
          expect(dashboardBody()).toMatch(
            new RegExp(`"AWS/States","${metric}","StateMachineArn","<\\{"Ref":"${id}"\\}>"`),
          );
        }
      }
      const queues = deadLetterQueues();
      expect(queues.length).toBeGreaterThanOrEqual(7);
      expect(JSON.parse(widget('Dead-letter queues')).metrics).toHaveLength(queues.length);
      for (const queue of queues) {
        expect(dashboardBody(), queue).toContain(
          `"AWS/SQS","ApproximateNumberOfMessagesVisible","QueueName","<{"Fn::GetAtt":["${queue}","QueueName"]}>"`,
        );
      }
    });

    it('lists the throttled requests by route from the access log', () => {
      expect(widget('Throttled requests by route')).toContain(
        'filter status = \\"429\\" and integrationLatency = \\"-\\"',
      );
    });
  });

  describe('the alarms', () => {
    it('all go to the alarms topic, each with a runbook line', () => {
      const alarms = ofType('AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(40);
      for (const [id, { Properties }] of alarms) {
        expect(Properties.AlarmActions, id).toEqual([alarmsTopic()]);
        expect(Properties.TreatMissingData, id).toBe('notBreaching');
        // What it means, then what to do.
        expect(String(Properties.AlarmDescription).length, id).toBeGreaterThanOrEqual(60);
        expect(Properties.AlarmDescription, id).toMatch(/:/);
      }
    });

    it('are each in the runbook of docs/operations.md (what it means, what to do)', () => {
      const operations = readFileSync(path.join(REPOSITORY_ROOT, 'docs/operations.md'), 'utf8');
      const start = operations.indexOf('## Runbook');
      const runbook = operations.slice(start, operations.indexOf('\n## ', start));
      for (const [id] of ofType('AWS::CloudWatch::Alarm')) {
        const name = id.replace(/^Alarms/, '').replace(/[0-9A-F]{8}$/, '');
        const row = name.endsWith('ErrorsAlarm') ? '<Function>ErrorsAlarm' : name;
        expect(runbook, id).toMatch(new RegExp(`^\\| \`${row}\` +\\| \\S.* \\| \\S.* \\|$`, 'm'));
      }
    });

    it("are each in the README's Operations section, with what it means and what to do", () => {
      const readme = readFileSync(path.join(REPOSITORY_ROOT, 'README.md'), 'utf8');
      const start = readme.indexOf('## Operations');
      const section = readme.slice(start, readme.indexOf('\n## ', start));
      const rows = section.split('\n').filter((line) => /^\| `/.test(line));
      for (const [id] of ofType('AWS::CloudWatch::Alarm')) {
        const name = id
          .replace(/^Alarms/, '')
          .replace(/[0-9A-F]{8}$/, '')
          .replace(/Alarm$/, '');
        const named = name.endsWith('Errors') && !name.startsWith('Api') ? '<Function>Errors' : name;
        const row = rows.find((line) => line.split('|')[1]?.includes(`\`${named}\``));
        expect(row, id).toMatch(/^\|[^|]+\| \S[^|]* \| \S[^|]* \|$/);
      }
    });

    it('goes off above the configured SLA breach rate of an hour with enough deadlines', () => {
      const sla = alarm('SlaBreachRateAlarm');
      expect(sla).toMatchObject({
        Threshold: config.operations.slaBreachRatePercent,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
      });
      const metrics = sla.Metrics as { Id: string; Expression?: string; MetricStat?: Json }[];
      expect(metrics.find((metric) => metric.Expression?.startsWith('IF('))?.Expression).toBe(
        `IF(met + missed >= ${SLA_ALARM_MINIMUM_DEADLINES}, 100 * missed / (met + missed), 0)`,
      );
      const counted = metrics.flatMap((metric) =>
        metric.MetricStat ? [(metric.MetricStat.Metric as Json).MetricName] : [],
      );
      expect(counted.sort()).toEqual(
        ['AcknowledgedInTime', 'AcknowledgedLate', 'ResolvedInTime', 'ResolvedLate', 'SlaBreach'].sort(),
      );
      for (const metric of metrics.filter((candidate) => candidate.MetricStat)) {
        expect(metric.MetricStat).toMatchObject({
          Metric: {
            Namespace: 'Sanzhang',
            Dimensions: [{ Name: 'service', Value: `sanzhang-${config.district.id}` }],
          },
          Period: 3600,
          Stat: 'Sum',
        });
      }
    });

    it('goes off on any SMS that failed for good, and on any request the stage throttled', () => {
      expect(alarm('SmsFailedAlarm')).toMatchObject({
        Namespace: 'Sanzhang',
        MetricName: 'SmsFailed',
        Dimensions: [{ Name: 'service', Value: `sanzhang-${config.district.id}` }],
        Statistic: 'Sum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
      const throttled = alarm('ApiThrottledAlarm');
      expect(throttled).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
      const [stat] = (throttled.Metrics as { MetricStat: Json }[]).map((metric) => metric.MetricStat);
      expect(stat).toMatchObject({
        Metric: {
          Namespace: 'Sanzhang',
          MetricName: 'ApiThrottled',
          Dimensions: [{ Name: 'ApiId', Value: { Ref: only('AWS::ApiGatewayV2::Api', 'HttpApi')[0] } }],
        },
        Stat: 'Sum',
      });
      // The count comes from the access log: a 429 that never reached a function (a handler's own 429 did).
      const [, filter] = only('AWS::Logs::MetricFilter', 'HttpApiThrottledRequests');
      expect(filter.Properties).toMatchObject({
        FilterPattern: '{ ($.status = "429") && ($.integrationLatency = "-") }',
        LogGroupName: { Ref: only('AWS::Logs::LogGroup', 'HttpApiAccessLogs')[0] },
        MetricTransformations: [
          {
            MetricNamespace: 'Sanzhang',
            MetricName: 'ApiThrottled',
            MetricValue: '1',
            Dimensions: [{ Key: 'ApiId', Value: '$.apiId' }],
          },
        ],
      });
      const [, stage] = only('AWS::ApiGatewayV2::Stage', 'HttpApiDefaultStage');
      expect(JSON.parse(String((stage.Properties.AccessLogSettings as Json).Format))).toMatchObject({
        apiId: '$context.apiId',
        status: '$context.status',
        integrationLatency: '$context.integrationLatency',
      });
    });

    it('goes off when a lifecycle or a settlement execution fails or times out', () => {
      for (const [name, machine] of [
        ['LifecycleFailedAlarm', 'RequestLifecycleStateMachine'],
        ['SettlementFailedAlarm', 'MonthlySettlementStateMachine'],
      ] as const) {
        const metrics = alarm(name).Metrics as { Expression?: string; MetricStat?: Json }[];
        expect(metrics.find((metric) => metric.Expression)?.Expression).toBe(
          'FILL(failed, 0) + FILL(timedOut, 0)',
        );
        const stateMachine = { Ref: only('AWS::StepFunctions::StateMachine', machine)[0] };
        expect(metrics.flatMap((metric) => (metric.MetricStat ? [metric.MetricStat.Metric] : []))).toEqual([
          {
            Namespace: 'AWS/States',
            MetricName: 'ExecutionsFailed',
            Dimensions: [{ Name: 'StateMachineArn', Value: stateMachine }],
          },
          {
            Namespace: 'AWS/States',
            MetricName: 'ExecutionsTimedOut',
            Dimensions: [{ Name: 'StateMachineArn', Value: stateMachine }],
          },
        ]);
      }
    });

    it('goes off on any message in any dead-letter queue', () => {
      const watched = ofType('AWS::CloudWatch::Alarm')
        .filter(([, { Properties }]) => Properties.MetricName === 'ApproximateNumberOfMessagesVisible')
        .map(([, { Properties }]) => {
          expect(Properties).toMatchObject({ Statistic: 'Maximum', Threshold: 1 });
          return ((Properties.Dimensions as { Value: { 'Fn::GetAtt': [string] } }[])[0]?.Value[
            'Fn::GetAtt'
          ] ?? [])[0];
        });
      expect(watched.sort()).toEqual(deadLetterQueues().sort());
    });

    it('goes off on the errors of every function but the lifecycle restarter (a failed restart is a failed execution, already alarmed)', () => {
      const alarmed = ofType('AWS::CloudWatch::Alarm')
        .filter(([, { Properties }]) => Properties.MetricName === 'Errors')
        .map(([, { Properties }]) => (Properties.Dimensions as { Value: { Ref: string } }[])[0]?.Value.Ref);
      const functions = ofType('AWS::Lambda::Function').map(([id]) => id);
      expect(alarmed.sort()).toEqual(
        functions.filter((id) => !id.startsWith('RequestLifecycleRestartLifecycle')).sort(),
      );
    });
  });

  describe('the API’s throttling', () => {
    it('limits every partner route on its own, and the rest by the stage’s default', () => {
      const [, stage] = only('AWS::ApiGatewayV2::Stage', 'HttpApiDefaultStage');
      const { api, intake, open311 } = config.operations.throttling;
      expect(stage.Properties.DefaultRouteSettings).toEqual({
        ThrottlingRateLimit: api.ratePerSecond,
        ThrottlingBurstLimit: api.burst,
      });
      const settings = stage.Properties.RouteSettings as Record<string, Json>;
      expect(Object.keys(settings).sort()).toEqual([...PARTNER_ROUTES].sort());
      for (const [route, limits] of Object.entries(settings)) {
        const own = route.includes('/intake/') ? intake : open311;
        expect(limits, route).toEqual({
          ThrottlingRateLimit: own.ratePerSecond,
          ThrottlingBurstLimit: own.burst,
        });
      }
      // CloudFormation refuses route settings for a route it has not created yet.
      const routeIds = ofType('AWS::ApiGatewayV2::Route')
        .filter(([, route]) => PARTNER_ROUTES.includes(String(route.Properties.RouteKey)))
        .map(([id]) => id);
      expect(routeIds).toHaveLength(PARTNER_ROUTES.length);
      expect(stage.DependsOn).toEqual(expect.arrayContaining(routeIds));
    });
  });

  describe('permissions', () => {
    it('lets a stream consumer only send to its dead-letter queue (all Lambda calls to park a record)', () => {
      const parked = ofType('AWS::Lambda::EventSourceMapping').filter(
        ([, mapping]) => mapping.Properties.DestinationConfig !== undefined,
      );
      expect(parked.length).toBeGreaterThanOrEqual(4);
      for (const [id, mapping] of parked) {
        const queueArn = ((mapping.Properties.DestinationConfig as Json).OnFailure as Json).Destination;
        const consumer = (mapping.Properties.FunctionName as { Ref: string }).Ref;
        const fn = functionsOf(resources).find((candidate) => candidate.id === consumer);
        const onQueue = fn?.statements.filter(
          (statement) => JSON.stringify(statement.Resource) === JSON.stringify(queueArn),
        );
        expect(onQueue, id).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: queueArn }]);
      }
    });

    it('grants no task failure or heartbeat (no code sends them), and task success only on the lifecycle', () => {
      const actions = functionsOf(resources).flatMap(({ statements }) =>
        statements.flatMap((statement) => [statement.Action].flat()),
      );
      expect(actions).toContain('states:SendTaskSuccess');
      expect(actions).not.toContain('states:SendTaskFailure');
      expect(actions).not.toContain('states:SendTaskHeartbeat');
      expect(
        actions.filter((action) => action.startsWith('states:') && action !== 'states:StartExecution'),
      ).toEqual(Array(4).fill('states:SendTaskSuccess'));
    });
  });
});

describe('the operations config', () => {
  it('sets the SLA alarm’s threshold and the partner routes’ limits', () => {
    const tuned: DistrictConfig = {
      ...lvyuan,
      operations: {
        slaBreachRatePercent: 35,
        throttling: {
          api: { ratePerSecond: 50, burst: 80 },
          intake: { ratePerSecond: 3, burst: 6 },
          open311: { ratePerSecond: 4, burst: 8 },
        },
      },
    };
    const resources = synthesizeDistrict(tuned).Resources as Record<string, Resource>;
    const of = (type: string, prefix: string) =>
      Object.entries(resources).find(([id, resource]) => resource.Type === type && id.startsWith(prefix))?.[1]
        ?.Properties as Json;
    expect(of('AWS::CloudWatch::Alarm', 'AlarmsSlaBreachRateAlarm').Threshold).toBe(35);
    expect(of('AWS::CloudWatch::Alarm', 'AlarmsSlaBreachRateAlarm').AlarmDescription).toMatch(
      /^More than 35%/,
    );
    const stage = of('AWS::ApiGatewayV2::Stage', 'HttpApiDefaultStage');
    expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 });
    expect((stage.RouteSettings as Record<string, Json>)['POST /intake/{partnerId}']).toEqual({
      ThrottlingRateLimit: 3,
      ThrottlingBurstLimit: 6,
    });
    expect((stage.RouteSettings as Record<string, Json>)['POST /open311/v2/{file}']).toEqual({
      ThrottlingRateLimit: 4,
      ThrottlingBurstLimit: 8,
    });
  });

  it('defaults to a 20% breach rate, 100/200 for the API and 10/20 for each partner route', () => {
    const { operations } = configs.find((config) => config.district.id === 'lvyuan') as DistrictConfig;
    expect(operations).toEqual({
      slaBreachRatePercent: 20,
      throttling: {
        api: { ratePerSecond: 100, burst: 200 },
        intake: { ratePerSecond: 10, burst: 20 },
        open311: { ratePerSecond: 10, burst: 20 },
      },
    });
  });
});
