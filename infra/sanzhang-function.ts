import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { bundledPartDefines, type BundledPart } from '../shared/runtime/bundled-parts.js';
import { deploymentProfile } from './deployment-profile.js';
import { METRICS_NAMESPACE } from '../shared/config/metrics.js';
import { serviceName } from './district-metrics.js';
import type { DistrictTable } from './district-table.js';
import { allowSmsSending, smsSendingPart } from './sms-provider.js';

/** The repository root: handler entries are given relative to it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * ESM output needs a real `require` for the CommonJS dependencies esbuild bundles
 * (parts of the AWS SDK's dependency tree still call `require`).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __sanzhangCreateRequire } from 'node:module'; const require = __sanzhangCreateRequire(import.meta.url);";

/** Where the handlers read the district config (JSON text) from; it is baked in at bundle time. */
export const DISTRICT_CONFIG_GLOBAL = 'process.env.SANZHANG_DISTRICT_CONFIG';

/**
 * The esbuild options every function is bundled with. The benchmark bundles with exactly
 * these options (plus entryPoints/outdir) so that the sizes it prints are the deployed sizes.
 *
 * The validated district config is baked into the bundle instead of being passed as an
 * environment variable (Lambda environment variables are limited to 4 KB, and a district's SLA
 * policy, calendar and points rules can outgrow that): `define` replaces the literal
 * `process.env.SANZHANG_DISTRICT_CONFIG` in shared/runtime/dependencies.ts with the JSON text.
 * `define` also folds the flags of the parts the function uses (shared/runtime/bundled-parts.ts),
 * so the AWS clients of the others drop out of its bundle.
 */
export function bundlingOptionsFor(config: DistrictConfig, parts: readonly BundledPart[] = []) {
  const configLiteral = JSON.stringify(JSON.stringify(config));
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: deploymentProfile(config).esbuildTarget,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    // Prefer the ESM builds of dependencies; they tree-shake better.
    mainFields: ['module', 'main'],
    // Bundle the AWS SDK: faster cold starts and no drift from the runtime's SDK version.
    external: [],
    banner: { js: ESM_REQUIRE_BANNER },
    define: { [DISTRICT_CONFIG_GLOBAL]: configLiteral, ...bundledPartDefines(parts) },
  } satisfies BuildOptions;
}

export type TableAccess = 'RO' | 'RW';

const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'];
// Transactions are authorized per item with these same actions (there is no TransactWriteItems action).
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

export interface SanzhangFunctionProps {
  /** The handler file, relative to the repository root, e.g. `functions/api/submit-request.ts`. */
  readonly entry: string;
  /** What the function does, in a sentence; shown in the Lambda console. */
  readonly description: string;
  readonly config: DistrictConfig;
  /** Default 10 s; the settlement steps work through a whole community. */
  readonly timeoutSeconds?: number;
  /**
   * The parts of its dependencies beyond the table that the function uses; it is bundled with
   * these alone. Each is granted by a method of this construct (or `usePart` from the construct
   * that owns the resource), and synthesis fails on a part granted but not bundled, or bundled but
   * never granted.
   */
  readonly parts?: readonly BundledPart[];
}

/**
 * How every Sanzhang function is built, decided in one place: the runtime, architecture and
 * tracing of the district's deployment profile (Node 24 on arm64 with X-Ray unless the config or
 * the partition says otherwise), the AWS SDK bundled into minified ESM with source maps, an
 * explicit log group with retention, and a role with no managed policies. Permissions are added
 * with methods that read as intent.
 */
export class SanzhangFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  readonly config: DistrictConfig;
  readonly parts: readonly BundledPart[];
  /** The handler file (absolute) and the esbuild options it is bundled with. */
  readonly entry: string;
  readonly bundlingOptions: ReturnType<typeof bundlingOptionsFor>;
  private readonly granted = new Set<BundledPart>();

  constructor(scope: Construct, id: string, props: SanzhangFunctionProps) {
    super(scope, id);
    this.config = props.config;
    this.parts = props.parts ?? [];
    this.entry = path.join(REPOSITORY_ROOT, props.entry);
    const esbuild = bundlingOptionsFor(props.config, this.parts);
    this.bundlingOptions = esbuild;
    this.node.addValidation({
      validate: () =>
        this.parts
          .filter((part) => !this.granted.has(part))
          .map(
            (part) => `${id} is bundled with the ${part} part but never granted it: drop it from its parts`,
          ),
    });
    const profile = deploymentProfile(props.config);

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });

    // Our own role instead of the default one, which carries the AWS managed
    // AWSLambdaBasicExecutionRole policy (logs:* on every log group of the account).
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${id}: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: this.entry,
      handler: 'handler',
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: path.join(REPOSITORY_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: profile.runtime,
      architecture: profile.architecture,
      memorySize: 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      tracing: profile.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        SANZHANG_DISTRICT_ID: props.config.district.id,
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: serviceName(props.config),
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        // Where Lambda has no X-Ray (China), the tracer would look for a trace that never comes.
        ...(profile.tracing ? {} : { POWERTOOLS_TRACE_ENABLED: 'false' }),
      },
      bundling: {
        format: OutputFormat.ESM,
        target: esbuild.target,
        minify: esbuild.minify,
        sourceMap: esbuild.sourcemap,
        sourcesContent: esbuild.sourcesContent,
        charset: Charset.UTF8,
        mainFields: esbuild.mainFields,
        externalModules: esbuild.external,
        banner: esbuild.banner.js,
        define: esbuild.define,
      },
    });

    if (!profile.latestRuntime) {
      Validations.of(this.fn).acknowledge({
        id: 'AwsSolutions-L1',
        reason: `The district config chooses ${props.config.runtime.nodejs} (runtime.nodejs): its region does not offer the latest Node.js runtime yet.`,
      });
    }
    if (profile.tracing) {
      Validations.of(this.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'Active X-Ray tracing adds xray:PutTraceSegments and xray:PutTelemetryRecords, which do not support resource-level permissions.',
      });
    }
  }

  /** Reads (RO) or reads and writes (RW) the district table and its three GSIs; never Scan. */
  bindTable(districtTable: DistrictTable, access: TableAccess): this {
    const table = districtTable.table;
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    const itemActions =
      access === 'RW' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : TABLE_READ_ACTIONS;
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: itemActions, resources: [table.tableArn] }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: districtTable.indexNames.map((indexName) => `${table.tableArn}/index/${indexName}`),
      }),
    );
    return this;
  }

  /**
   * Gives the function a part of its dependencies, with the environment that tells it where the
   * part's resource is; the construct that grants the part calls this. Throws unless the function
   * was bundled with the part (its `parts`).
   */
  usePart(part: BundledPart, environment: Record<string, string> = {}): this {
    if (!this.parts.includes(part)) {
      throw new Error(`${this.node.path} uses the ${part} part: add '${part}' to its parts`);
    }
    this.granted.add(part);
    for (const [name, value] of Object.entries(environment)) this.fn.addEnvironment(name, value);
    return this;
  }

  /** Publishes notices to the district supervisors' topic. */
  bindSupervisorsTopic(topic: sns.ITopic): this {
    this.usePart('snsSms', { SUPERVISORS_TOPIC_ARN: topic.topicArn });
    topic.grantPublish(this.role);
    return this;
  }

  /** Sends SMS to a leader's or resident's phone through the district's provider (infra/sms-provider.ts). */
  allowSmsToPhones(): this {
    this.usePart(smsSendingPart(this.config));
    allowSmsSending(this, this.fn, this.role, this.config);
    return this;
  }

  /** Starts a request's lifecycle execution. */
  allowStartExecution(stateMachineArn: string): this {
    this.usePart('workflow', { STATE_MACHINE_ARN: stateMachineArn });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn] }),
    );
    return this;
  }

  /** Starts the monthly settlement on demand (its own state machine only). */
  allowStartSettlement(stateMachineArn: string): this {
    this.usePart('settlement', { SETTLEMENT_STATE_MACHINE_ARN: stateMachineArn });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn] }),
    );
    return this;
  }

  /**
   * Completes the task token a waiting lifecycle step handed out (authorized on the state machine
   * ARN). Only SendTaskSuccess: a wait ends by its timeout or with the next step, never by a task
   * failure or a heartbeat (shared/adapters/step-functions-workflow.ts).
   */
  allowTaskCallbacks(stateMachineArn: string): this {
    this.usePart('workflow');
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['states:SendTaskSuccess'], resources: [stateMachineArn] }),
    );
    return this;
  }
}

/**
 * The finding id cdk-nag's AwsSolutions-IAM5 reports for a wildcard resource, e.g.
 * `AwsSolutions-IAM5[Resource::<SubmitRequestFunction1A2B3C.Arn>:*]`, so that an
 * acknowledgement names exactly the wildcard it accepts.
 */
export function wildcardResourceFinding(scope: Construct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flattenReference(Stack.of(scope).resolve(resource))}]`;
}

function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['Fn::Join'])) {
      const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
      return items.map(flattenReference).join(delimiter);
    }
    if (Array.isArray(record['Fn::GetAtt'])) {
      const [resource, attribute] = record['Fn::GetAtt'] as [unknown, unknown];
      return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
    }
    if ('Ref' in record) return `<${flattenReference(record.Ref)}>`;
    // CDK's asset bucket is named with `Fn::Sub` (`cdk-…-assets-${AWS::AccountId}-<region>`).
    if (typeof record['Fn::Sub'] === 'string') return flattenReference(record['Fn::Sub']);
  }
  return JSON.stringify(node);
}
