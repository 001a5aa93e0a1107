import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CostUsageError, parseCostArgs } from '../../bin/cost-args.js';

const districts = ['lvyuan', 'demo'];

describe('parseCostArgs', () => {
  it('reads the district, the requests a month and the regions (both by default)', () => {
    expect(parseCostArgs(['--district', 'lvyuan', '--requests-per-month', '51800'], districts)).toEqual({
      district: 'lvyuan',
      requestsPerMonth: 51_800,
      regions: ['global', 'china'],
    });
    expect(
      parseCostArgs(['--requests-per-month', '10', '--district', 'demo', '--region', 'china'], districts)
        .regions,
    ).toEqual(['china']);
  });

  it.each([
    [['--requests-per-month', '10'], /--district is required/],
    [
      ['--district', 'nowhere', '--requests-per-month', '10'],
      /--district nowhere: no such district \(config\/districts has lvyuan, demo\)/,
    ],
    [['--district', 'lvyuan'], /--requests-per-month is required/],
    [
      ['--district', 'lvyuan', '--requests-per-month', 'many'],
      /--requests-per-month many: must be a whole number/,
    ],
    [['--district', 'lvyuan', '--requests-per-month', '-5'], /must be a whole number/],
    [['--district', 'lvyuan', '--requests-per-month', '0'], /at least 1/],
    [['--district', 'lvyuan', '--requests-per-month', '1.5'], /whole number/],
    [['--district', 'lvyuan', '--requests-per-month', '10', '--region', 'mars'], /global, china or both/],
    [['--district', 'lvyuan', '--months', '3'], /unknown argument --months/],
  ])('refuses %j with a clear message', (argv, message) => {
    expect(() => parseCostArgs(argv, districts)).toThrow(CostUsageError);
    expect(() => parseCostArgs(argv, districts)).toThrow(message);
  });
});

describe('npm run cost', () => {
  it('exits 2 with the message on a bad --district or --requests-per-month, before measuring anything', async () => {
    const run = (...argv: string[]) =>
      promisify(execFile)('npx', ['tsx', 'bin/cost.ts', ...argv]).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
    const district = await run('--district', 'atlantis', '--requests-per-month', '100');
    expect(district.code).toBe(2);
    expect(district.stderr).toMatch(/--district atlantis: no such district/);
    const rate = await run('--district', 'lvyuan', '--requests-per-month', 'lots');
    expect(rate.code).toBe(2);
    expect(rate.stderr).toMatch(/--requests-per-month lots: must be a whole number/);
  }, 120_000);
});
