import { loadDistrictConfigs } from '../infra/synthesize.js';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { printBundleFigures } from './bundle-figures.js';
import { runLifecycleScenarios } from './lifecycle-scenarios.js';
import { printBusyGridDay, printSmsGoals } from './sms-figures.js';
import { logger } from '../shared/logger.js';

/**
 * The figures a district's bill depends on, measured on the local stack: Step Functions state
 * transitions, DynamoDB capacity units (as DynamoDB Local reports them) and SMS segments per
 * scenario, and each Lambda bundle's size with the AWS SDK bundled in.
 */
// The figures are the output; the handlers' info logs stay quiet, as in the local run.
logger.setLogLevel('WARN');

const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('config/districts/lvyuan.json is missing');

/** The goal for a reminder: the wait's timeout runs `Escalate`, `NextStep`, then the wait again. */
const REMINDER_TRANSITIONS_GOAL = 3;

async function printLifecycleFigures(config: DistrictConfig) {
  const { rows } = await runLifecycleScenarios(config);
  console.log('\nPer request (measured on DynamoDB Local and the synthesized state machine):\n');
  console.table(
    rows
      .filter((row) => row.key !== 'view' && row.key !== 'notice')
      .map(({ scenario, whole }) => ({
        scenario,
        'state transitions': whole.transitions,
        'read units': Number(whole.capacity.read.toFixed(1)),
        'write units': Number(whole.capacity.write.toFixed(1)),
        'DynamoDB calls': whole.capacity.calls,
        'SMS segments': whole.smsSegments,
      })),
  );
  const rowOf = (key: string) => rows.find((row) => row.key === key);
  printSmsGoals({
    happyPath: rowOf('happyPath')?.whole.smsSegments ?? NaN,
    escalationByTimeout: rowOf('timeout')?.afterMark?.smsSegments,
    escalationByLeader: rowOf('leader')?.afterMark?.smsSegments,
  });
  await printBusyGridDay(config);
  console.log(
    `\nState transitions per reminder (from the wait's timeout at the reminder to the next wait): ` +
      `${rowOf('reminder')?.afterMark?.transitions} (goal ≤ ${REMINDER_TRANSITIONS_GOAL})`,
  );
}

// `npm run bench -- --bundles`: the bundle figures alone.
if (!process.argv.includes('--bundles')) await printLifecycleFigures(config);
await printBundleFigures(config);
