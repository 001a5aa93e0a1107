import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { bundlingOptionsFor, REPOSITORY_ROOT } from '../infra/sanzhang-function.js';
import { loadDistrictConfigs } from '../infra/synthesize.js';
import { runLifecycleScenarios } from './lifecycle-scenarios.js';
import { printBusyGridDay, printSmsGoals } from './sms-figures.js';

/**
 * The figures a district's bill depends on, measured on the local stack: Step Functions state
 * transitions, DynamoDB capacity units (as DynamoDB Local reports them) and SMS segments per
 * scenario, and each Lambda bundle's size with the AWS SDK bundled in.
 */
const config = loadDistrictConfigs().find((candidate) => candidate.district.id === 'lvyuan');
if (!config) throw new Error('config/districts/lvyuan.json is missing');

/** The goal for a reminder: the wait's timeout runs `Escalate`, `NextStep`, then the wait again. */
const REMINDER_TRANSITIONS_GOAL = 3;

async function bundleSizes(): Promise<{ handler: string; bytes: number }[]> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'sanzhang-bundles-'));
  const entries = ['api', 'workflow', 'intake', 'scheduled'].flatMap((folder) =>
    readdirSync(path.join(REPOSITORY_ROOT, 'functions', folder)).map((file) => `functions/${folder}/${file}`),
  );
  try {
    return await Promise.all(
      entries.map(async (entry) => {
        const out = path.join(outdir, `${entry.replaceAll('/', '_')}.mjs`);
        await build({
          ...bundlingOptionsFor(config!),
          entryPoints: [path.join(REPOSITORY_ROOT, entry)],
          outfile: out,
        });
        return { handler: entry, bytes: statSync(out).size };
      }),
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

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
const sizes = await bundleSizes();
console.log('\nLambda bundles (esbuild, minified ESM, AWS SDK bundled, as deployed):\n');
console.table(sizes.map(({ handler, bytes }) => ({ handler, 'size (KB)': Math.round(bytes / 1024) })));
