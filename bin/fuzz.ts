import { parseArgs } from 'node:util';

// Every refused request would log a line: only warnings, unless asked (read when the handlers load).
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
const { startFuzzTarget } = await import('../test/fuzz/fuzz-target.js');
const { formatReport } = await import('../test/fuzz/report.js');
const { runFuzz } = await import('../test/fuzz/run-fuzz.js');

/**
 * `npm run fuzz [-- --cases 10000 --seed 1]`
 *
 * The long fuzz run: generated malformed requests for every route against the local API on
 * DynamoDB Local; prints the counts by status and by route, and each kind of failure with the seed
 * of a case that shows it (`--seed <that seed> --cases 1` runs that case alone). Exits 1 on failures.
 */
const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
console.log(`fuzzing ${cases} cases from seed ${seed}…`);
const target = await startFuzzTarget();
const start = Date.now();
try {
  const report = await runFuzz(target, {
    cases,
    seed,
    onCase: (index) => {
      if ((index + 1) % 500 === 0)
        console.log(`  ${index + 1} cases, ${Math.round((Date.now() - start) / 1000)} s`);
    },
  });
  console.log(formatReport(report));
  process.exitCode = report.failures.length > 0 ? 1 : 0;
} finally {
  await target.system.stop();
}
// The run is over: exit whatever handles the local system's workflows left open.
process.exit();
