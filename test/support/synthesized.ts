import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A maker of temporary directories for one test file (cloud assemblies, config folders), each
 * removed after the file's tests. Call it at the top of the file.
 */
export function temporaryDirectoriesForThisFile(): (prefix: string) => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

export interface Violation {
  ruleName: string;
  description: string;
  severity: string;
}

/** The findings synthesis reported (cdk-nag's, CloudFormation's region check) in an assembly's validation report. */
export function validationViolations(assemblyDirectory: string): Violation[] {
  const report = JSON.parse(readFileSync(path.join(assemblyDirectory, 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations?: Violation[] }[];
  };
  return report.pluginReports.flatMap((plugin) => plugin.violations ?? []);
}

/** The functions that text people: every SMS provider's grant goes to exactly these. */
export const SMS_SENDERS = [
  'ActOnRequest',
  'AssignLeader',
  'AutoConfirm',
  'Escalate',
  'ManageNodes',
  'Regrid',
  'NotifyCommunity',
  'SignIn',
  'ReleaseMessages',
];
