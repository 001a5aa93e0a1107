import type { PricedRegion } from './prices.js';

/** What `npm run cost` was asked for. */
export interface CostArgs {
  district: string;
  requestsPerMonth: number;
  regions: PricedRegion[];
}

/** A usage error: the command prints it and exits 2. */
export class CostUsageError extends Error {
  override name = 'CostUsageError';
}

export const COST_USAGE =
  'usage: npm run cost -- --district <id> --requests-per-month <N> [--region global|china|both]';

/** Parses the command line against the districts that have a config; throws CostUsageError. */
export function parseCostArgs(argv: readonly string[], districts: readonly string[]): CostArgs {
  const values = new Map<string, string>();
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index] ?? '';
    const value = argv[index + 1];
    if (!['--district', '--requests-per-month', '--region'].includes(flag))
      throw new CostUsageError(`unknown argument ${flag}\n${COST_USAGE}`);
    if (value === undefined || value.startsWith('--'))
      throw new CostUsageError(`${flag} needs a value\n${COST_USAGE}`);
    values.set(flag, value);
  }
  const district = values.get('--district');
  if (!district) throw new CostUsageError(`--district is required\n${COST_USAGE}`);
  if (!districts.includes(district))
    throw new CostUsageError(
      `--district ${district}: no such district (config/districts has ${districts.join(', ')})`,
    );
  const rate = values.get('--requests-per-month');
  if (rate === undefined) throw new CostUsageError(`--requests-per-month is required\n${COST_USAGE}`);
  const requestsPerMonth = Number(rate);
  if (!/^\d+$/.test(rate) || !Number.isSafeInteger(requestsPerMonth) || requestsPerMonth < 1)
    throw new CostUsageError(`--requests-per-month ${rate}: must be a whole number of requests, at least 1`);
  const region = values.get('--region') ?? 'both';
  if (!['global', 'china', 'both'].includes(region))
    throw new CostUsageError(`--region ${region}: must be global, china or both`);
  const regions: PricedRegion[] = region === 'both' ? ['global', 'china'] : [region as PricedRegion];
  return { district, requestsPerMonth, regions };
}
