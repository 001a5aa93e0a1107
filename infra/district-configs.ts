import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DistrictConfig, validateDistrictConfig } from '../shared/config/district-config.js';
import { longestLinkSms } from '../shared/domain/sms-templates.js';

/** Where the district config files live: one `<district>.json` per district. */
export const DISTRICT_CONFIG_DIR = fileURLToPath(new URL('../config/districts/', import.meta.url));

/** The district config files of a directory: every `*.json`, in name order. */
export function districtConfigFiles(configDir: string = DISTRICT_CONFIG_DIR): string[] {
  return readdirSync(configDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => path.join(configDir, file));
}

export interface CheckedDistrictConfig {
  readonly file: string;
  /** The validated config; undefined when the file has problems. */
  readonly config: DistrictConfig | undefined;
  /** Every problem of the file, each `<field path>: <why>`; empty when it is valid. */
  readonly problems: string[];
}

function readJson(file: string): { raw?: unknown; problem?: string } {
  try {
    return { raw: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    return { problem: `(root): not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * A domain too long for leaders' SMS links: the longest link template, with the district's
 * signature and its longest data, must stay within one 70-character segment.
 */
const SEGMENT = 70;

function linkProblems(config: DistrictConfig | undefined): string[] {
  const domain = config?.web?.domain;
  if (!config || domain === undefined) return [];
  const longest = longestLinkSms(config.sms.signature, `https://${domain}`);
  if (longest.length <= SEGMENT) return [];
  return [
    `web.domain: is ${longest.length - SEGMENT} character(s) too long for leaders' SMS links: ` +
      `${longest.template} with the signature, its longest data and https://${domain}/l/<token> takes ` +
      `${longest.length} characters, over one SMS (${SEGMENT}) (docs/web.md, "SMS links")`,
  ];
}

/**
 * Validates district config files together: each against the schema (every problem, not the first),
 * and across the files, one file per district id.
 */
export function checkDistrictConfigFiles(files: readonly string[]): CheckedDistrictConfig[] {
  const checked = files.map((file) => {
    const { raw, problem } = readJson(file);
    if (problem !== undefined) return { file, config: undefined, problems: [problem] };
    const validated = validateDistrictConfig(raw);
    const problems = [...validated.problems, ...linkProblems(validated.config)];
    return { file, config: problems.length > 0 ? undefined : validated.config, problems };
  });
  const fileOfDistrict = new Map<string, string>();
  return checked.map((entry) => {
    const id = entry.config?.district.id;
    if (id === undefined) return entry;
    const other = fileOfDistrict.get(id);
    if (other === undefined) {
      fileOfDistrict.set(id, entry.file);
      return entry;
    }
    const problem = `district.id: "${id}" is already used by ${path.basename(other)}`;
    return { file: entry.file, config: undefined, problems: [problem] };
  });
}
