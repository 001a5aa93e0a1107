import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as escalateStep } from '../../functions/workflow/escalate.js';
import {
  actAsLeader,
  actAsResident,
  assignFirstLeader,
  escalate,
  submit,
} from '../../shared/domain/lifecycle.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import type { Transition } from '../../shared/domain/transition.js';
import { ServiceUnavailableError, ValidationError } from '../../shared/errors.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { METRICS_NAMESPACE } from '../../shared/config/metrics.js';
import { METRIC, recordMetric } from '../../shared/runtime/metrics.js';
import { countIfRejected } from '../../shared/services/intake/accept-delivery.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';
import {
  assignedRequest,
  conditionFailedOnRequest,
  ddb,
  givenHousehold,
  givenStoredRequest,
  mockDependencies,
  MONDAY_10,
  submittedRequest,
  unitLeader,
  type TestDependencies,
} from '../support/mock-dependencies.js';

/** The EMF lines written to stdout while a test runs, parsed. */
interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
}

let lines: EmfLine[];
let deps: TestDependencies;

beforeEach(() => {
  deps = mockDependencies();
  lines = [];
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    const text = String(chunk);
    if (!text.includes('"_aws"')) return write(chunk, ...(rest as []));
    lines.push(JSON.parse(text) as EmfLine);
    return true;
  });
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  useDependencies(undefined);
});
afterAll(() => {
  ddb.restore();
});

const directive = (line: EmfLine) => line._aws.CloudWatchMetrics[0]!;
/**
 * Each written metric: its name, unit, value and dimension sets (as `{key: value}` each). A metric
 * with breakdowns is two lines, `{service}` and its breakdowns' sets: merged here into one.
 */
const written = () =>
  lines
    .map((line) => {
      const { Metrics, Dimensions } = directive(line);
      const [metric] = Metrics;
      return {
        name: metric!.Name,
        unit: metric!.Unit,
        value: line[metric!.Name],
        dimensions: Dimensions.map((set) => Object.fromEntries(set.map((key) => [key, line[key]]))),
      };
    })
    .reduce<{ name: string; unit: string; value: unknown; dimensions: Record<string, unknown>[] }[]>(
      (metrics, metric) => {
        const previous = metrics.at(-1);
        if (previous?.name === metric.name) previous.dimensions.push(...metric.dimensions);
        else metrics.push(metric);
        return metrics;
      },
      [],
    );
const names = () => written().map((metric) => metric.name);
const SERVICE = { service: 'sanzhang-local' };
const at = (wallTime: string) => ({ config, now: shanghai(wallTime) });
const leader = () => ({ kind: 'leader' as const, id: unitLeader().holderId });

describe('the Escalate step', () => {
  const ID = 'R-METRICS-1';

  it('past the deadline writes an escalation by timeout and the unit level’s breach, each alone and by its breakdown', async () => {
    givenHousehold();
    givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' });
    deps.clock.set(new Date(shanghai('2026-11-23 12:00').getTime() + 1000));

    await escalateStep({ requestId: ID });

    expect(written()).toEqual([
      {
        name: METRIC.escalation,
        unit: 'Count',
        value: 1,
        dimensions: [SERVICE, { ...SERVICE, cause: 'timeout' }],
      },
      {
        name: METRIC.slaBreach,
        unit: 'Count',
        value: 1,
        dimensions: [SERVICE, { ...SERVICE, level: 'unit' }],
      },
    ]);
    expect(new Set(lines.map((line) => directive(line).Namespace))).toEqual(new Set([METRICS_NAMESPACE]));
  });

  it('retried after its transaction was committed writes nothing again', async () => {
    givenHousehold();
    const escalated = escalate(assignedRequest(ID), chainOf(), at('2026-11-23 12:01')).request;
    givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' }, { request: escalated });
    ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest(3));
    deps.clock.set(shanghai('2026-11-23 12:02'));

    await escalateStep({ requestId: ID });

    expect(lines).toEqual([]);
  });

  it('after a leader asked writes an escalation by the leader, and no breach', async () => {
    givenHousehold();
    const asked = actAsLeader(assignedRequest(ID), leader(), 'escalate', undefined, at('2026-11-23 10:20'));
    givenStoredRequest({ request: asked.request });
    deps.clock.set(shanghai('2026-11-23 10:21'));

    await escalateStep({ requestId: ID });

    expect(written()).toEqual([
      expect.objectContaining({
        name: METRIC.escalation,
        dimensions: [SERVICE, { ...SERVICE, cause: 'leader' }],
      }),
    ]);
  });
});

describe('a committed transition', () => {
  const record = (before: ServiceRequest | undefined, transition: Transition) => {
    recordMetric.transition(before, transition);
    return written();
  };

  it('opening a request counts it by channel and by category, in one line', () => {
    const opened = submit(
      {
        id: 'R-METRICS-2',
        household: household(),
        submittedBy: { kind: 'resident', id: household().residents[0]!.personId },
        category: 'repair',
        description: '楼道灯不亮了',
        priority: 'normal',
        photos: [],
      },
      { config, now: MONDAY_10 },
    );

    expect(record(undefined, opened)).toEqual([
      {
        name: METRIC.requestOpened,
        unit: 'Count',
        value: 1,
        dimensions: [SERVICE, { ...SERVICE, channel: 'resident' }, { ...SERVICE, category: 'repair' }],
      },
    ]);
  });

  it('an acknowledgement in time counts by community, with the time since the request was opened', () => {
    const before = assignedRequest();
    const acknowledged = actAsLeader(before, leader(), 'acknowledge', undefined, at('2026-11-23 10:30'));

    expect(record(before, acknowledged)).toEqual([
      {
        name: METRIC.acknowledgedInTime,
        unit: 'Count',
        value: 1,
        dimensions: [SERVICE, { ...SERVICE, community: before.ancestors.community }],
      },
      { name: METRIC.timeToAcknowledge, unit: 'Milliseconds', value: 30 * 60_000, dimensions: [SERVICE] },
    ]);
  });

  it('a resolution past its deadline counts as late, with the time to resolve', () => {
    const before = actAsLeader(assignedRequest(), leader(), 'acknowledge', undefined, at('2026-11-23 10:30'));
    const resolved = actAsLeader(before.request, leader(), 'resolve', '已修好', at('2026-12-03 10:00'));

    expect(record(before.request, resolved)).toEqual([
      expect.objectContaining({ name: METRIC.resolvedLate, dimensions: [SERVICE, expect.anything()] }),
      expect.objectContaining({ name: METRIC.timeToResolve, value: 10 * 24 * 3_600_000 }),
    ]);
  });

  it('the resident’s confirmation counts a closed request by category', () => {
    const acknowledged = actAsLeader(
      assignedRequest(),
      leader(),
      'acknowledge',
      undefined,
      at('2026-11-23 10:30'),
    );
    const resolved = actAsLeader(acknowledged.request, leader(), 'resolve', '已修好', at('2026-11-23 11:00'));
    const resident = resolved.request.submittedBy;
    const confirmed = actAsResident(
      resolved.request,
      resident,
      'confirm',
      { rating: 5 },
      at('2026-11-23 12:00'),
      new Set(),
    );

    expect(record(resolved.request, confirmed)).toEqual([
      expect.objectContaining({
        name: METRIC.requestClosed,
        dimensions: [SERVICE, { ...SERVICE, category: 'repair' }],
      }),
    ]);
  });

  it('the street’s missed deadline makes the request overdue: an escalation, a breach at the street, and Overdue once', () => {
    let request = assignedRequest();
    while (request.level !== 'street') {
      request = escalate(request, chainOf(), { config, now: new Date(request.deadline) }).request;
    }
    const overdue = escalate(request, chainOf(), { config, now: new Date(request.deadline) });
    const reminded = escalate(overdue.request, chainOf(), {
      config,
      now: new Date(overdue.request.deadline),
    });

    expect(record(request, overdue).map((metric) => metric.name)).toEqual([
      METRIC.escalation,
      METRIC.slaBreach,
      METRIC.overdue,
    ]);
    expect(written()[1]!.dimensions).toEqual([SERVICE, { ...SERVICE, level: 'street' }]);
    lines = [];
    // The supervisors' next reminder is no new escalation.
    expect(record(overdue.request, reminded)).toEqual([]);
  });

  it('a first assignment past a vacant post is an escalation for vacancy', () => {
    const submitted = submittedRequest();
    const [unit, ...above] = chainOf();
    const vacantUnit = [{ ...unit!, post: undefined }, ...above];
    const assigned = assignFirstLeader(submitted, vacantUnit, { config, now: MONDAY_10 });

    expect(assigned.request.level).toBe('building');

    expect(record(submitted, assigned)).toEqual([
      expect.objectContaining({
        name: METRIC.escalation,
        dimensions: [SERVICE, { ...SERVICE, cause: 'vacancy' }],
      }),
    ]);
  });
});

describe('the other services’ metrics', () => {
  it('count a partner’s refused delivery (a 4xx), not our own 503', () => {
    countIfRejected(new ValidationError('no description', []));
    countIfRejected(new ServiceUnavailableError('DynamoDB is throttling', 5));
    countIfRejected(new Error('a bug'));

    expect(written()).toEqual([
      expect.objectContaining({
        name: METRIC.intakeDelivery,
        dimensions: [SERVICE, { ...SERVICE, outcome: 'rejected' }],
      }),
    ]);
  });

  it('count settled leaders by their number', () => {
    recordMetric.leadersSettled(42);

    expect(written()).toEqual([
      { name: METRIC.leadersSettled, unit: 'Count', value: 42, dimensions: [SERVICE] },
    ]);
  });
});

describe('where the metrics go', () => {
  it('outside Lambda nothing is written unless POWERTOOLS_METRICS_DISABLED is set', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    recordMetric.smsSent();
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    recordMetric.smsSent();
    expect(lines).toEqual([]);

    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', undefined);
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'sanzhang-lvyuan-SendSms');
    recordMetric.smsSent();
    expect(names()).toEqual([METRIC.smsSent]);
  });
});
