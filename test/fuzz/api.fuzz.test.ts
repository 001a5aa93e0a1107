import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.js';
import { failureGroups, formatReport } from './report.js';
import { runFuzz } from './run-fuzz.js';

/**
 * The quick fuzz run of `npm test`: 1,000 generated requests across every route of the table, seeded
 * so a failure is the same on every machine (the long one: `npm run fuzz -- --cases 10000`).
 */
const CASES = 1000;
const SEED = 20261201;

let target: FuzzTarget;
beforeAll(async () => {
  target = await startFuzzTarget();
}, 300_000);
afterAll(() => target.system.stop());

it(`answers ${CASES} malformed requests with 4xx problems and writes nothing for them`, async () => {
  const report = await runFuzz(target, { cases: CASES, seed: SEED });
  console.log(formatReport(report));
  expect(report.cases).toBe(CASES);
  expect(failureGroups(report.failures)).toEqual([]);
}, 240_000);
