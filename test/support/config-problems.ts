import { DistrictConfigError, parseDistrictConfig } from '../../shared/config/district-config.js';

/** Every problem the config schema finds in a raw config, each `<field path>: <why>`; none when valid. */
export function configProblems(raw: unknown): string[] {
  try {
    parseDistrictConfig(raw, 'test');
    return [];
  } catch (error) {
    if (error instanceof DistrictConfigError) return error.problems;
    throw error;
  }
}
