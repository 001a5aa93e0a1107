import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { DistrictConfigError, type DistrictConfig } from '../shared/config/district-config.js';
import { checkDistrictConfigFiles, DISTRICT_CONFIG_DIR, districtConfigFiles } from './district-configs.js';
import { DistrictStack } from './district-stack.js';
import type { WebSiteSource } from './web-site.js';

export { DISTRICT_CONFIG_DIR } from './district-configs.js';

/** Skips NodejsFunction bundling for every stack (tests and the local run need the template only). */
export const SKIP_BUNDLING_CONTEXT = { 'aws:cdk:bundling-stacks': [] as string[] };

/**
 * Reads and validates every `*.json` in the directory. A bad file throws a DistrictConfigError
 * that names the file and the path of every wrong field (e.g. `sla.rules.0.acknowledgeMinutes`).
 */
export function loadDistrictConfigs(configDir: string = DISTRICT_CONFIG_DIR): DistrictConfig[] {
  const files = districtConfigFiles(configDir);
  if (files.length === 0) {
    throw new DistrictConfigError(configDir, ['no district config files (*.json) found']);
  }
  return checkDistrictConfigFiles(files).map(({ file, config, problems }) => {
    if (!config) throw new DistrictConfigError(file, problems);
    return config;
  });
}

/**
 * Adds one DistrictStack per config to the app, with the cdk-nag AwsSolutions checks on the whole app;
 * with `web`, each stack deploys the built pages as its site.
 */
export function addDistrictStacks(
  app: App,
  configs: readonly DistrictConfig[],
  web?: WebSiteSource,
): DistrictStack[] {
  const stacks = configs.map((config) => new DistrictStack(app, { config, ...(web ? { web } : {}) }));
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stacks;
}

export interface SynthesizeOptions {
  /** Bundle the functions with esbuild (slow); by default bundling is skipped. */
  readonly bundle?: boolean;
  /** Where the cloud assembly goes; by default a fresh temporary directory. */
  readonly outdir?: string;
  /** The built pages to deploy as the site; by default the stack has none. */
  readonly web?: WebSiteSource;
}

/** A rule finding accepted with `Validations.of(construct).acknowledge(...)`, and why. */
export interface Acknowledgement {
  /** The construct path the acknowledgement applies to (and to everything below it). */
  readonly path: string;
  /** The rule or finding id, e.g. `AwsSolutions-COG2` or `AwsSolutions-IAM5[Resource::*]`. */
  readonly id: string;
  readonly reason: string;
}

/** Every acknowledgement recorded in the construct tree under `scope`. */
export function acknowledgementsIn(scope: IConstruct): Acknowledgement[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

export interface SynthesizedDistrict {
  /** The CloudFormation template of the district's stack. */
  readonly template: Record<string, unknown>;
  /** The cloud assembly directory (holds `validation-report.json`, with the acknowledged findings). */
  readonly assemblyDirectory: string;
  readonly stackName: string;
  /** The cdk-nag findings acknowledged in the stack, with their reasons. */
  readonly acknowledgements: Acknowledgement[];
}

/**
 * Synthesizes one district's stack with the cdk-nag checks applied. Synthesis throws if any
 * AwsSolutions finding is neither fixed nor acknowledged.
 */
export function synthesizeDistrictAssembly(
  config: DistrictConfig,
  options: SynthesizeOptions = {},
): SynthesizedDistrict {
  const app = new App({
    context: options.bundle ? {} : SKIP_BUNDLING_CONTEXT,
    ...(options.outdir ? { outdir: options.outdir } : {}),
  });
  const [stack] = addDistrictStacks(app, [config], options.web);
  if (!stack) throw new Error('no stack was created');
  const assembly = app.synth();
  return {
    template: assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
    assemblyDirectory: assembly.directory,
    stackName: stack.stackName,
    acknowledgements: acknowledgementsIn(stack),
  };
}

/** The CloudFormation template (JSON) of one district's stack; bundling is skipped unless `bundle`. */
export function synthesizeDistrict(
  config: DistrictConfig,
  options: SynthesizeOptions = {},
): Record<string, unknown> {
  return synthesizeDistrictAssembly(config, options).template;
}
