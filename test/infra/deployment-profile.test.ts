import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { deploymentProfile } from '../../infra/deployment-profile.js';
import { bundlingOptionsFor, REPOSITORY_ROOT } from '../../infra/sanzhang-function.js';
import {
  loadDistrictConfigs,
  synthesizeDistrictAssembly,
  type SynthesizedDistrict,
} from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import {
  temporaryDirectoriesForThisFile,
  validationViolations as violationsIn,
} from '../support/synthesized.js';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
}
const temporaryDirectory = temporaryDirectoriesForThisFile();

/** The same district, deployed to the region given. */
function inRegion(config: DistrictConfig, region: string): DistrictConfig {
  return { ...config, deploy: { region } };
}

function synthesize(config: DistrictConfig): SynthesizedDistrict {
  return synthesizeDistrictAssembly(config, { outdir: temporaryDirectory('sanzhang-profile-') });
}

function resourcesOf(synthesized: SynthesizedDistrict, type: string): Resource[] {
  return Object.values(synthesized.template.Resources as Record<string, Resource>).filter(
    (resource) => resource.Type === type,
  );
}

/**
 * Every string of the template, with each `Fn::Join` joined and each `Fn::Sub` kept as written:
 * `{ Ref: 'AWS::Partition' }` reads `${AWS::Partition}`, any other token `<token>`.
 */
function templateStrings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(templateStrings);
  if (typeof node !== 'object' || node === null) return [];
  const record = node as Json;
  const join = record['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) {
    const [delimiter, parts] = join as [string, unknown[]];
    const joined = parts.map((part) => {
      if (typeof part === 'string') return part;
      if ((part as Json | null)?.Ref === 'AWS::Partition') return '${AWS::Partition}';
      return '<token>';
    });
    return [joined.join(delimiter), ...parts.flatMap(templateStrings)];
  }
  return Object.values(record).flatMap(templateStrings);
}

/** Every ARN in the template that names a partition other than the one given (or `${AWS::Partition}`). */
function arnsOutsidePartition(template: unknown, partition: string): string[] {
  const arnStart = /arn:(\$\{AWS::Partition\}|[^:]*):/g;
  return templateStrings(template).filter((text) =>
    [...text.matchAll(arnStart)].some(([, named]) => named !== partition && named !== '${AWS::Partition}'),
  );
}

function servicePrincipals(template: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Service') [value].flat().forEach((service) => found.add(String(service)));
        else walk(value);
      }
    }
  };
  walk(template);
  return [...found].sort();
}

function policyActions(synthesized: SynthesizedDistrict): string[] {
  return resourcesOf(synthesized, 'AWS::IAM::Policy').flatMap((policy) =>
    (policy.Properties.PolicyDocument as { Statement: { Action: string | string[] }[] }).Statement.flatMap(
      (statement) => [statement.Action].flat(),
    ),
  );
}

const validationViolations = (synthesized: SynthesizedDistrict) =>
  violationsIn(synthesized.assemblyDirectory);

const nanguan = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'nanguan',
) as DistrictConfig;
const lvyuan = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
let global: SynthesizedDistrict;
let china: SynthesizedDistrict;

// Synthesis throws on any cdk-nag AwsSolutions finding nobody fixed or acknowledged: that both
// synthesize is the first assertion.
beforeAll(() => {
  global = synthesize(inRegion(nanguan, 'ap-southeast-1'));
  china = synthesize(inRegion(nanguan, 'cn-north-1'));
}, 120_000);

describe('the deployment profile', () => {
  it('follows the partition of the region: tracing only outside China', () => {
    expect(deploymentProfile(inRegion(nanguan, 'ap-southeast-1'))).toMatchObject({
      partition: 'aws',
      tracing: true,
    });
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(deploymentProfile(inRegion(nanguan, region))).toMatchObject({
        partition: 'aws-cn',
        tracing: false,
      });
    }
  });

  it('serves the site with origin access control and directory URLs globally, and in China as CloudFront there can', () => {
    expect(deploymentProfile(inRegion(nanguan, 'ap-southeast-1')).site).toEqual({
      originAccess: 'control',
      rewritesDirectories: true,
      servesDefaultDomain: true,
    });
    // No OAC and no CloudFront Functions in the China regions; nothing served on *.cloudfront.cn.
    for (const region of ['cn-north-1', 'cn-northwest-1']) {
      expect(deploymentProfile(inRegion(nanguan, region)).site).toEqual({
        originAccess: 'identity',
        rewritesDirectories: false,
        servesDefaultDomain: false,
      });
    }
  });

  it('takes the runtime and architecture from the config, the bundles targeting the same Node', () => {
    const x86 = { ...nanguan, runtime: { nodejs: 'nodejs24.x', architecture: 'x86_64' } } as const;
    expect(deploymentProfile(x86).runtime.name).toBe('nodejs24.x');
    expect(deploymentProfile(x86).architecture.name).toBe('x86_64');
    expect(deploymentProfile(x86).latestRuntime).toBe(true);
    expect(bundlingOptionsFor(x86).target).toBe('node24');
    expect(deploymentProfile(nanguan).runtime.name).toBe('nodejs22.x');
    expect(deploymentProfile(nanguan).latestRuntime).toBe(false);
    expect(bundlingOptionsFor(nanguan).target).toBe('node22');
  });
});

describe('one district synthesized for a global region and for cn-north-1', () => {
  it('names every ARN in the partition of its region, or through AWS::Partition', () => {
    expect(arnsOutsidePartition(china.template, 'aws-cn')).toEqual([]);
    expect(arnsOutsidePartition(global.template, 'aws')).toEqual([]);
    // The check sees an ARN written into a string and one joined around the partition.
    expect(arnsOutsidePartition({ a: 'arn:aws:sns:cn-north-1:1:t' }, 'aws-cn')).toHaveLength(1);
    expect(
      arnsOutsidePartition({ 'Fn::Join': ['', ['arn:', 'aws', ':sns:', { Ref: 'AWS::Region' }]] }, 'aws-cn'),
    ).toHaveLength(1);
    expect(arnsOutsidePartition({ a: 'arn:aws-cn:sns:cn-north-1:1:t' }, 'aws-cn')).toEqual([]);
  });

  it('hard-codes no partition in the infrastructure code', () => {
    const infra = path.join(REPOSITORY_ROOT, 'infra');
    for (const file of readdirSync(infra).filter((name) => name.endsWith('.ts'))) {
      expect(readFileSync(path.join(infra, file), 'utf8'), file).not.toMatch(/arn:aws(-cn)?:/);
    }
  });

  it('uses the same service principals, in the form both partitions accept (<service>.amazonaws.com)', () => {
    const principals = servicePrincipals(china.template);
    expect(principals).toEqual(servicePrincipals(global.template));
    expect(principals).toEqual(
      expect.arrayContaining(['lambda.amazonaws.com', 'scheduler.amazonaws.com', 'states.amazonaws.com']),
    );
    for (const principal of principals) expect(principal).toMatch(/^[a-z0-9-.]+\.amazonaws\.com$/);
  });

  it('traces functions and state machines with X-Ray globally, and nothing in China', () => {
    const functionTracing = (synthesized: SynthesizedDistrict) =>
      resourcesOf(synthesized, 'AWS::Lambda::Function').map(
        (fn) => (fn.Properties.TracingConfig as Json | undefined)?.Mode,
      );
    const stateMachineTracing = (synthesized: SynthesizedDistrict) =>
      resourcesOf(synthesized, 'AWS::StepFunctions::StateMachine').map(
        (machine) => (machine.Properties.TracingConfiguration as Json | undefined)?.Enabled,
      );
    expect(new Set(functionTracing(global))).toEqual(new Set(['Active']));
    expect(new Set(stateMachineTracing(global))).toEqual(new Set([true]));
    expect(new Set(functionTracing(china))).toEqual(new Set([undefined]));
    expect(stateMachineTracing(china).every((enabled) => enabled !== true)).toBe(true);
    expect(policyActions(global).some((action) => action.startsWith('xray:'))).toBe(true);
    expect(policyActions(china).filter((action) => action.startsWith('xray:'))).toEqual([]);
    // The tracer in the code is off where Lambda does not trace (it would look for a trace that never comes).
    const tracerSetting = (synthesized: SynthesizedDistrict) =>
      resourcesOf(synthesized, 'AWS::Lambda::Function').map(
        (fn) =>
          ((fn.Properties.Environment as Json | undefined)?.Variables as Json | undefined)
            ?.POWERTOOLS_TRACE_ENABLED,
      );
    expect(new Set(tracerSetting(global))).toEqual(new Set([undefined]));
    expect(new Set(tracerSetting(china))).toEqual(new Set(['false']));
  });

  it('runs every function on the runtime and architecture of the config', () => {
    for (const synthesized of [global, china]) {
      for (const fn of resourcesOf(synthesized, 'AWS::Lambda::Function')) {
        expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
      }
    }
  });

  it('settles the month and releases held SMS with EventBridge Scheduler schedules in the district time zone in both', () => {
    for (const synthesized of [global, china]) {
      const expressions = resourcesOf(synthesized, 'AWS::Scheduler::Schedule').map(
        (schedule) => schedule.Properties,
      );
      expect(expressions).toHaveLength(3);
      expect(expressions).toContainEqual(
        expect.objectContaining({
          ScheduleExpression: 'cron(0 2 1 * ? *)',
          ScheduleExpressionTimezone: 'Asia/Shanghai',
        }),
      );
      expect(expressions).toContainEqual(
        expect.objectContaining({
          // Daily at the end of the district's quiet hours.
          ScheduleExpression: expect.stringMatching(/^cron\(\d+ \d+ \* \* \? \*\)$/),
          ScheduleExpressionTimezone: 'Asia/Shanghai',
        }),
      );
    }
  });

  it('is cdk-nag clean in both; in China it acknowledges only the missing tracing and the older runtime', () => {
    const ids = (synthesized: SynthesizedDistrict) =>
      new Set(synthesized.acknowledgements.map((acknowledgement) => acknowledgement.id));
    const onlyInChina = [...ids(china)].filter((id) => !ids(global).has(id));
    expect(onlyInChina).toEqual(['AwsSolutions-SF2']);
    expect(ids(global)).toContain('AwsSolutions-L1');
    expect(validationViolations(global)).toEqual([]);
  });

  it('uses no resource type either China region lacks', () => {
    // CloudFormation's own check of the template against the region's resource types.
    const ningxia = synthesize(inRegion(nanguan, 'cn-northwest-1'));
    for (const synthesized of [china, ningxia]) {
      expect(validationViolations(synthesized).map((violation) => violation.description)).toEqual([]);
      expect(resourcesOf(synthesized, 'AWS::Scheduler::Schedule')).toHaveLength(3);
    }
  }, 120_000);

  it('has no Cognito user pool and sends no SMS through SNS in China, as the global default does', () => {
    const lvyuanGlobal = synthesize(inRegion(lvyuan, 'ap-southeast-1'));
    const cognito = (synthesized: SynthesizedDistrict) =>
      Object.values(synthesized.template.Resources as Record<string, Resource>).filter((resource) =>
        resource.Type.startsWith('AWS::Cognito::'),
      );
    const smsSubscriptions = (synthesized: SynthesizedDistrict) =>
      resourcesOf(synthesized, 'AWS::SNS::Subscription').filter(
        (subscription) => subscription.Properties.Protocol === 'sms',
      );
    // Publish to a phone number cannot name a topic: it is granted on `*`.
    const publishToPhones = (synthesized: SynthesizedDistrict) =>
      resourcesOf(synthesized, 'AWS::IAM::Policy').flatMap((policy) =>
        (
          policy.Properties.PolicyDocument as {
            Statement: { Action: string | string[]; Resource: unknown }[];
          }
        ).Statement.filter(
          (statement) => [statement.Action].flat().includes('sns:Publish') && statement.Resource === '*',
        ),
      );
    expect(cognito(china)).toEqual([]);
    expect(smsSubscriptions(china)).toEqual([]);
    expect(publishToPhones(china)).toEqual([]);
    expect(smsSubscriptions(lvyuanGlobal).length).toBe(lvyuan.supervisors.length);
    expect(publishToPhones(lvyuanGlobal).length).toBeGreaterThan(0);
    expect(
      cognito(
        synthesize(inRegion({ ...lvyuan, auth: { ...lvyuan.auth, signIn: 'cognito' } }, 'ap-southeast-1')),
      ).length,
    ).toBeGreaterThan(0);
  }, 180_000);
});
