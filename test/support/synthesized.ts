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

/**
 * The functions that text people: every SMS provider's grant goes to exactly these. Sign-in texts
 * its codes itself (a code never travels through the notifications topic); every other SMS is
 * sent by the SMS queue's consumer, or by the release of what waited (quiet hours, retries).
 */
export const SMS_SENDERS = ['SendSms', 'SignIn', 'ReleaseMessages'];

type Json = Record<string, unknown>;

/** A resource of a synthesized template. */
export interface TemplateResource {
  Type: string;
  Properties: Json;
}

/** A statement of an IAM policy document. */
export interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * Each Lambda function of a template: its logical id, the Allow statements of every policy
 * attached to its role, and its environment variables.
 */
export function functionsOf(resources: Record<string, TemplateResource>) {
  const policies = Object.values(resources).filter((resource) => resource.Type === 'AWS::IAM::Policy');
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
    .map(([id, fn]) => {
      const role = (fn.Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
      const statements = policies
        .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: PolicyStatement[] }).Statement)
        .filter((statement) => statement.Effect === 'Allow');
      const environment = ((fn.Properties.Environment as Json | undefined)?.Variables ?? {}) as Json;
      return { id, statements, environment };
    });
}

/** An S3 bucket's properties that keep it private (no public access, no ACLs) and encrypted (SSE-S3). */
export const PRIVATE_ENCRYPTED_BUCKET = {
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
  },
};
