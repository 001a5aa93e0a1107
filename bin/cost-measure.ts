import type { DistrictConfig } from '../shared/config/district-config.js';
import { ESCALATION_CAUSES, INTAKE_OUTCOMES, METRIC_BREAKDOWNS } from '../shared/config/metrics.js';
import { LEVELS } from '../shared/config/vocabulary.js';
import { lvyuanDemoDistrict } from '../demo/lvyuan-district.js';
import { taskFunctions } from '../local/local-workflow.js';
import { UsageMeter } from '../local/usage-meter.js';
import {
  functionConfigurations,
  functionSchedules,
  queueMappings,
  resourceCount,
  routeFunctions,
  scheduledFunctions,
  stateMachineDefinition,
  stateMachineLogicalId,
  STATE_MACHINE_PREFIXES,
} from '../local/synthesized-template.js';
import { NO_WORK, type ScenarioWork, type StackFacts, type Work } from './cost-model.js';
import { runLifecycleScenarios, type ScenarioRow, type Windows } from './lifecycle-scenarios.js';

/**
 * Measures what the bill needs on the local system: the lifecycle scenarios and a notice run once
 * each with a usage meter (functions, routes, topic, queues, KMS, log bytes), one run of each
 * scheduled function, and the synthesized template's configuration. About a minute and a half.
 */

export interface Measured {
  scenarios: ScenarioWork;
  windows: Windows;
  /** One run of the poller the polling design would need, measured as the reconciler's idle run. */
  poller: Work;
  stack: StackFacts;
}

/** How many values each breakdown dimension takes in a district: the metrics' vocabularies and the config's. */
export function dimensionValues(config: DistrictConfig, communities: number): Record<string, number> {
  return {
    channel: ['resident', 'leader', 'intake', 'open311'].length,
    category: config.categories.length,
    community: communities,
    level: LEVELS.length,
    cause: ESCALATION_CAUSES.length,
    outcome: INTAKE_OUTCOMES.length,
  };
}

/** Custom metrics (name × dimension set × value) the district's functions write (shared/config/metrics.ts): each with `{service}` alone and once per value of its breakdowns. */
export function customMetricCount(values: Record<string, number>): number {
  return Object.values(METRIC_BREAKDOWNS).reduce<number>(
    (sum, breakdowns) => sum + 1 + breakdowns.reduce((more, breakdown) => more + (values[breakdown] ?? 0), 0),
    0,
  );
}

function rowWork(rows: ScenarioRow[], key: ScenarioRow['key'], part: 'whole' | 'afterMark'): Work {
  const row = rows.find((candidate) => candidate.key === key);
  const work = row?.[part];
  if (!work) throw new Error(`the scenario ${key} measured no ${part}`);
  return work;
}

/** The notice's own part: the whole scenario less the read after its mark. */
function beforeMark(rows: ScenarioRow[], key: ScenarioRow['key']): Work {
  const row = rows.find((candidate) => candidate.key === key);
  if (!row?.afterMark) throw new Error(`the scenario ${key} has no mark`);
  return row.beforeMark ?? NO_WORK;
}

export async function measureForCost(config: DistrictConfig): Promise<Measured> {
  const meter = new UsageMeter();
  const restore = meter.captureLogs();
  const results = await runLifecycleScenarios(config, meter).finally(restore);
  const { rows, template } = results;
  const lifecycle = stateMachineDefinition(template, {
    logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.lifecycle),
  });
  const workflowFunctions = [...taskFunctions(lifecycle).values()];
  const schedulerIds = new Set(functionSchedules(template).map((schedule) => schedule.functionLogicalId));
  const schedules = scheduledFunctions(template).map((schedule) => ({
    ...schedule,
    scheduler: schedulerIds.has(schedule.functionLogicalId),
    run: results.scheduledRuns.get(schedule.functionLogicalId) ?? NO_WORK,
  }));
  const reconciler = [...results.scheduledRuns].find(([logicalId]) =>
    logicalId.startsWith('RequestLifecycleReconcile'),
  );
  const communities = lvyuanDemoDistrict().nodes.filter((node) => node.type === 'community').length;
  return {
    scenarios: {
      confirmed: rowWork(rows, 'happyPath', 'whole'),
      autoConfirmed: rowWork(rows, 'autoConfirm', 'whole'),
      escalationByTimeout: rowWork(rows, 'timeout', 'afterMark'),
      escalationByLeader: rowWork(rows, 'leader', 'afterMark'),
      reminder: rowWork(rows, 'reminder', 'afterMark'),
      view: rowWork(rows, 'view', 'afterMark'),
      notice: beforeMark(rows, 'notice'),
      noticeRead: rowWork(rows, 'notice', 'afterMark'),
      noticeRecipients: results.noticeRecipients,
    },
    windows: results.windows,
    poller: reconciler?.[1] ?? NO_WORK,
    stack: {
      functions: functionConfigurations(template),
      workflowFunctions,
      routes: routeFunctions(template),
      schedules,
      alarms: resourceCount(template, 'AWS::CloudWatch::Alarm'),
      dashboards: resourceCount(template, 'AWS::CloudWatch::Dashboard'),
      kmsKeys: resourceCount(template, 'AWS::KMS::Key'),
      secrets: resourceCount(template, 'AWS::SecretsManager::Secret'),
      polledQueues: queueMappings(template).length,
      customMetrics: customMetricCount(dimensionValues(config, communities)),
    },
  };
}
