import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  bundlingOptionsFor,
  DISTRICT_CONFIG_GLOBAL,
  REPOSITORY_ROOT,
} from '../../infra/sanzhang-function.js';
import {
  addDistrictStacks,
  loadDistrictConfigs,
  SKIP_BUNDLING_CONTEXT,
  synthesizeDistrictAssembly,
  type SynthesizedDistrict,
} from '../../infra/synthesize.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { INDEX_PROJECTION } from '../../shared/store/keys.js';
import { GSI_NAMES } from '../../infra/district-table.js';
import { DistrictHttpApi } from '../../infra/http-api.js';
import { PARTNER_SECRET_PURPOSE } from '../../shared/adapters/secret-sealer.js';
import {
  PRIVATE_ENCRYPTED_BUCKET,
  SMS_SENDERS,
  temporaryDirectoriesForThisFile,
  validationViolations,
} from '../support/synthesized.js';

const temporaryDirectory = temporaryDirectoriesForThisFile();

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DeletionPolicy?: string;
}
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** The partners' routes (they prove themselves in the handler: signature, URL token, API key) and sign-in's. */
const PUBLIC_ROUTES: string[] = API_ROUTES.filter((route) => 'public' in route && route.public).map(
  (route) => `${route.method} ${route.path}`,
);

/**
 * Every function by its construct id, with how its logical ID starts: the id of the construct that
 * owns it and its own, or (the functions running executions invoke) its own, as it was deployed.
 */
const FUNCTION_LOGICAL_IDS = {
  SubmitRequest: 'RequestsApiSubmitRequest',
  ListRequests: 'RequestsApiListRequests',
  GetRequest: 'RequestsApiGetRequest',
  ActOnRequest: 'RequestsApiActOnRequest',
  UploadPhotos: 'RequestsApiUploadPhotos',
  RequestStats: 'RequestsApiRequestStats',
  FollowShortLink: 'RequestsApiFollowShortLink',
  ManageNodes: 'HierarchyApiManageNodes',
  ManageHouseholds: 'HierarchyApiManageHouseholds',
  ManagePeople: 'HierarchyApiManagePeople',
  ManageProviders: 'HierarchyApiManageProviders',
  Regrid: 'HierarchyApiRegrid',
  DistrictProfile: 'HierarchyApiDistrictProfile',
  ManagePoints: 'PointsApiManagePoints',
  ManageRewards: 'PointsApiManageRewards',
  ManageMe: 'MeApiManageMe',
  ManageNotices: 'NoticesManageNotices',
  FanOutNotice: 'NoticesFanOut',
  ManagePartners: 'IntakeManagePartners',
  ReceiveDelivery: 'IntakeReceiveDelivery',
  Open311: 'IntakeOpen311',
  ProcessDeliveries: 'IntakeProcessDeliveries',
  ReceiveSmsStatus: 'SmsStatusReceiveSmsStatus',
  StartLifecycle: 'RequestLifecycleStartLifecycle',
  Reconcile: 'RequestLifecycleReconcile',
  RestartLifecycle: 'RequestLifecycleRestartLifecycle',
  AssignLeader: 'AssignLeader',
  Escalate: 'Escalate',
  AutoConfirm: 'AutoConfirm',
  AwaitCallback: 'AwaitCallback',
  ManageSettlements: 'MonthlySettlementManageSettlements',
  StartSettlement: 'StartSettlement',
  SettleCommunity: 'SettleCommunity',
  RankDistrict: 'RankDistrict',
  NotifyCommunity: 'NotifyCommunity',
  FinishSettlement: 'FinishSettlement',
  SignIn: 'SignIn',
  PublishNotifications: 'NotificationsPublishNotifications',
  SendSms: 'NotificationsSendSms',
  DeliverToInbox: 'NotificationsDeliverToInbox',
  ArchiveNotifications: 'NotificationsArchiveNotifications',
  SendEmail: 'NotificationsSendEmail',
  ListMessages: 'MessagesApiListMessages',
  ReleaseMessages: 'MessageReleaseReleaseMessages',
} as const;
type FunctionName = keyof typeof FUNCTION_LOGICAL_IDS;
const FUNCTIONS = Object.keys(FUNCTION_LOGICAL_IDS) as FunctionName[];
const SETTLEMENT_FUNCTIONS: readonly FunctionName[] = [
  'StartSettlement',
  'SettleCommunity',
  'RankDistrict',
  'NotifyCommunity',
  'FinishSettlement',
];

const config = loadDistrictConfigs().find(
  (candidate) => candidate.district.id === 'lvyuan',
) as DistrictConfig;
let synthesized: SynthesizedDistrict;
let template: Template;
let resources: Record<string, Resource>;

beforeAll(() => {
  synthesized = synthesizeDistrictAssembly(config, {
    outdir: temporaryDirectory('sanzhang-synth-'),
  });
  template = Template.fromJSON(synthesized.template);
  resources = synthesized.template.Resources as Record<string, Resource>;
});

function logicalIdOf(type: string, prefix: string): string {
  const ids = Object.keys(resources).filter((id) => id.startsWith(prefix) && resources[id]?.Type === type);
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0] as string;
}

function functionId(name: FunctionName): string {
  return logicalIdOf('AWS::Lambda::Function', `${FUNCTION_LOGICAL_IDS[name]}Function`);
}

function lambdaOf(name: FunctionName): Resource {
  return resources[functionId(name)] as Resource;
}

function logGroupOf(name: FunctionName): string {
  return ((lambdaOf(name).Properties.LoggingConfig as Json).LogGroup as { Ref: string }).Ref;
}

/** Every Allow statement of every IAM policy attached to the function's role. */
function statementsOf(name: FunctionName): Statement[] {
  const role = (lambdaOf(name).Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
  return Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === role))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
    .filter((statement) => statement.Effect === 'Allow');
}

function actionsOf(name: FunctionName): string[] {
  return statementsOf(name).flatMap((statement) => [statement.Action].flat());
}

function functionsAllowed(action: string): FunctionName[] {
  return FUNCTIONS.filter((name) => actionsOf(name).includes(action));
}

const lifecycleArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':states:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':stateMachine:sanzhang-lvyuan-request-lifecycle',
    ],
  ],
};

describe('DistrictStack', () => {
  it('is named after the district', () => {
    expect(synthesized.stackName).toBe('Sanzhang-lvyuan');
    expect(synthesized.template.Description).toMatch(/绿园区/);
  });

  describe('functions', () => {
    it('builds every function the same way: Node 24, arm64, traced, 10 s (settlement steps, the reconciler and the release 300 s, the notice fan-out 60 s, the SMS and e-mail senders 30 s), 512 MB, JSON logs', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(FUNCTIONS.length);
      for (const name of FUNCTIONS) {
        expect(lambdaOf(name).Properties, name).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Timeout:
            SETTLEMENT_FUNCTIONS.includes(name) || name === 'Reconcile' || name === 'ReleaseMessages'
              ? 300
              : name === 'FanOutNotice'
                ? 60
                : name === 'SendSms' || name === 'SendEmail'
                  ? 30
                  : 10,
          MemorySize: 512,
          Handler: 'index.handler',
          LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: expect.any(String) } },
        });
      }
    });

    it('gives every function its own log group, kept for a month', () => {
      for (const name of FUNCTIONS) {
        const logGroup = resources[logGroupOf(name)] as Resource;
        expect(logGroup.Type, name).toBe('AWS::Logs::LogGroup');
        expect(logGroup.Properties.RetentionInDays).toBe(30);
      }
      expect(new Set(FUNCTIONS.map(logGroupOf)).size).toBe(FUNCTIONS.length);
    });

    it('tells every function its table and nothing more than it needs', () => {
      const env = (name: FunctionName) =>
        (lambdaOf(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of FUNCTIONS) {
        // The lifecycle starter only starts executions, the archive only writes its bucket: no table at all.
        expect(env(name).TABLE_NAME, name).toEqual(
          name === 'StartLifecycle' || name === 'ArchiveNotifications'
            ? undefined
            : { Ref: logicalIdOf('AWS::DynamoDB::Table', 'DistrictTable') },
        );
        expect(env(name).SANZHANG_DISTRICT_ID).toBe('lvyuan');
        // The config is baked into the bundle, not passed in the (4 KB) environment.
        expect(env(name).SANZHANG_DISTRICT_CONFIG).toBeUndefined();
      }
      expect(env('StartLifecycle').STATE_MACHINE_ARN).toEqual(lifecycleArn);
      expect(env('SubmitRequest').STATE_MACHINE_ARN).toBeUndefined();
      expect(actionsOf('StartLifecycle')).not.toContain('dynamodb:GetItem');
      expect(env('SendSms').SUPERVISORS_TOPIC_ARN).toEqual({
        Ref: logicalIdOf('AWS::SNS::Topic', 'NotificationsSupervisorsTopic'),
      });
    });

    it('bundles ESM for node24 with the SDK inside and the validated config baked in', () => {
      const options = bundlingOptionsFor(config);
      expect(options).toMatchObject({
        format: 'esm',
        target: 'node24',
        minify: true,
        sourcemap: true,
        external: [],
      });
      expect(options.banner.js).toContain('createRequire');
      const baked = options.define[DISTRICT_CONFIG_GLOBAL];
      expect(JSON.parse(JSON.parse(baked ?? '""') as string)).toEqual(config);
    });

    it('loads a bundled handler with the config and the SDK, and nothing from node_modules', async () => {
      const outdir = temporaryDirectory('sanzhang-bundle-');
      await build({
        ...bundlingOptionsFor(config),
        entryPoints: { index: path.join(REPOSITORY_ROOT, 'functions/workflow/escalate.ts') },
        outdir,
        outExtension: { '.js': '.mjs' },
        logLevel: 'silent',
      });
      const bundle = readFileSync(path.join(outdir, 'index.mjs'), 'utf8');
      expect(bundle).toContain(config.district.name);
      expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
      // A fresh process, outside the repository: the bundle must stand alone. With the config
      // baked in, building the dependencies gets as far as the first environment variable.
      const probe = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(path.join(outdir, 'index.mjs'))});
           try { await m.handler({ requestId: 'R1' }); } catch (error) { console.log(JSON.stringify(error.message)); }`,
        ],
        {
          cwd: outdir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', AWS_REGION: 'ap-southeast-1' },
        },
      );
      expect(probe.stderr).toBe('');
      expect(JSON.parse(probe.stdout)).toBe('environment variable TABLE_NAME is not set');
    });
  });

  describe('table', () => {
    it('is one on-demand table with PITR, deletion protection, encryption and retention', () => {
      template.resourceCountIs('AWS::DynamoDB::Table', 1);
      template.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: { SSEEnabled: true },
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
        }),
      });
    });

    it('has four overloaded string GSIs: three projecting the listing summary, the month index keys only', () => {
      const table = resources[logicalIdOf('AWS::DynamoDB::Table', 'DistrictTable')] as Resource;
      expect(table.Properties.GlobalSecondaryIndexes).toEqual(
        GSI_NAMES.map((name) => ({
          IndexName: name,
          KeySchema: [
            { AttributeName: `${name}PK`, KeyType: 'HASH' },
            { AttributeName: `${name}SK`, KeyType: 'RANGE' },
          ],
          Projection:
            name === 'GSI4'
              ? { ProjectionType: 'KEYS_ONLY' }
              : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...INDEX_PROJECTION] },
        })),
      );
      const attributes = table.Properties.AttributeDefinitions as {
        AttributeName: string;
        AttributeType: string;
      }[];
      expect(attributes.every((attribute) => attribute.AttributeType === 'S')).toBe(true);
      expect(attributes.map((attribute) => attribute.AttributeName).sort()).toEqual(
        ['PK', 'SK', ...GSI_NAMES.flatMap((name) => [`${name}PK`, `${name}SK`])].sort(),
      );
    });

    it('runs the reconciler every 15 minutes', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(15 minutes)',
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionId('Reconcile'), 'Arn'] },
          }),
        ],
      });
    });

    it('restarts a lifecycle execution that failed or timed out (not one an operator aborted)', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { status: ['FAILED', 'TIMED_OUT'], stateMachineArn: [lifecycleArn] },
        },
        Targets: [
          Match.objectLike({
            Arn: { 'Fn::GetAtt': [functionId('RestartLifecycle'), 'Arn'] },
            RetryPolicy: Match.objectLike({ MaximumRetryAttempts: Match.anyValue() }),
          }),
        ],
      });
    });

    it.each([
      ['new deliveries to their processor', 'IntakeDeliveriesDeadLetters', 'ProcessDeliveries'],
      ['new requests to the lifecycle starter', 'LifecycleStartsDeadLetters', 'StartLifecycle'],
      ['new notices to their fan-out', 'NoticesNewNoticesDeadLetters', 'FanOutNotice'],
    ] as const)(
      'feeds %s, retrying, then parking them in an alarmed dead-letter queue',
      (_what, queuePrefix, fn) => {
        const queue = logicalIdOf('AWS::SQS::Queue', queuePrefix);
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          FunctionName: { Ref: functionId(fn) },
          StartingPosition: 'TRIM_HORIZON',
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          BisectBatchOnFunctionError: true,
          MaximumRetryAttempts: 10,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queue, 'Arn'] } } },
        });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: 'ApproximateNumberOfMessagesVisible',
          Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        });
      },
    );

    it('streams new images, and expires delivery and rejection records', () => {
      const table = resources[logicalIdOf('AWS::DynamoDB::Table', 'DistrictTable')] as Resource;
      expect(table.Properties).toMatchObject({
        StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      });
    });
  });

  describe('state machine', () => {
    it('are two Standard state machines with fixed names, full logging and X-Ray tracing', () => {
      template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
      for (const name of ['sanzhang-lvyuan-request-lifecycle', 'sanzhang-lvyuan-monthly-settlement']) {
        template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
          StateMachineName: name,
          StateMachineType: 'STANDARD',
          TracingConfiguration: { Enabled: true },
          LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
        });
      }
    });

    it('settles monthly at 02:00 on the 1st in the district zone, with a role that may only start the settlement', () => {
      const settlement = logicalIdOf('AWS::StepFunctions::StateMachine', 'MonthlySettlementStateMachine');
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 2 1 * ? *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: Match.objectLike({ Arn: { Ref: settlement }, Input: '{}' }),
      });
      const schedule = resources[logicalIdOf('AWS::Scheduler::Schedule', 'MonthlySettlement')] as Resource;
      const roleId = ((schedule.Properties.Target as Json).RoleArn as { 'Fn::GetAtt': string[] })[
        'Fn::GetAtt'
      ][0];
      const policies = Object.values(resources).filter(
        (resource) =>
          resource.Type === 'AWS::IAM::Policy' &&
          JSON.stringify(resource.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
      );
      expect(
        policies.flatMap(
          (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
        ),
      ).toEqual([{ Effect: 'Allow', Action: 'states:StartExecution', Resource: { Ref: settlement } }]);
    });

    it('releases held SMS at the end of quiet hours in the district zone and sweeps every 5 minutes, with a role that may only invoke the release', () => {
      template.resourceCountIs('AWS::Scheduler::Schedule', 3);
      const release = functionId('ReleaseMessages');
      const target = Match.objectLike({ Arn: { 'Fn::GetAtt': [release, 'Arn'] }, Input: '{}' });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(30 7 * * ? *)',
        ScheduleExpressionTimezone: 'Asia/Shanghai',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: target,
      });
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(5 minutes)',
        Target: target,
      });
      const roleId = logicalIdOf('AWS::IAM::Role', 'MessageReleaseScheduleRole');
      const statements = Object.values(resources)
        .filter(
          (resource) =>
            resource.Type === 'AWS::IAM::Policy' &&
            JSON.stringify(resource.Properties.Roles) === JSON.stringify([{ Ref: roleId }]),
        )
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
      expect(statements).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [release, 'Arn'] } },
      ]);
    });
  });

  describe('HTTP API', () => {
    it('has every route, each behind the district’s JWT authorizer but the public ones', () => {
      const authorizerId = logicalIdOf('AWS::ApiGatewayV2::Authorizer', 'HttpApiDistrictJwt');
      const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')) as Resource[];
      expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
        [
          'GET /requests',
          'GET /requests/{id}',
          'POST /requests',
          'POST /requests/{id}/{action}',
          'POST /uploads',
          'POST /nodes',
          'GET /nodes/{id}',
          'PATCH /nodes/{id}',
          'DELETE /nodes/{id}',
          'GET /nodes/{id}/children',
          'POST /nodes/{id}/move',
          'PUT /nodes/{id}/post',
          'DELETE /nodes/{id}/post',
          'PUT /nodes/{id}/post/away',
          'PUT /nodes/{id}/deputy',
          'DELETE /nodes/{id}/deputy',
          'GET /nodes/{id}/post/history',
          'GET /households',
          'POST /households',
          'GET /households/{id}',
          'PATCH /households/{id}',
          'DELETE /households/{id}',
          'POST /people',
          'GET /people/{id}',
          'PATCH /people/{id}',
          'POST /regrid',
          'POST /providers',
          'GET /providers',
          'GET /providers/{id}',
          'GET /accounts/me',
          'GET /accounts/{personId}',
          'POST /points/awards',
          'GET /points/awards/allowance',
          'POST /points/volunteer-hours',
          'POST /rewards',
          'GET /rewards',
          'PATCH /rewards/{id}',
          'POST /rewards/{id}/redeem',
          'GET /redemptions',
          'POST /redemptions/{id}/fulfil',
          'POST /redemptions/{id}/cancel',
          'GET /statements/{month}',
          'GET /leaderboards/{month}',
          'GET /settlements/{month}/summary.csv',
          'POST /settlements/{month}',
          'GET /district',
          'GET /stats/requests',
          'GET /messages',
          'POST /partners',
          'GET /partners',
          'GET /partners/{id}',
          'PATCH /partners/{id}',
          'POST /partners/{id}/secrets',
          'DELETE /partners/{id}/secrets/{secretId}',
          'POST /partners/{id}/api-keys',
          'DELETE /partners/{id}/api-keys/{keyId}',
          'GET /partners/{id}/rejections',
          'GET /me/preferences',
          'PUT /me/preferences',
          'GET /me/inbox',
          'POST /me/inbox/read',
          'POST /notices',
          'GET /notices',
          'GET /notices/{id}',
          'POST /notices/{id}/read',
          'GET /households/{id}/notices',
          ...PUBLIC_ROUTES,
        ].sort(),
      );
      for (const route of routes) {
        const routeKey = String(route.Properties.RouteKey);
        expect(route.Properties, routeKey).toMatchObject(
          PUBLIC_ROUTES.includes(routeKey)
            ? { AuthorizationType: 'NONE' }
            : { AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } },
        );
      }
      // The issuer is the API itself: its sign-in routes publish the discovery document and key set.
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        JwtConfiguration: {
          Issuer: { 'Fn::GetAtt': [logicalIdOf('AWS::ApiGatewayV2::Api', 'HttpApi'), 'ApiEndpoint'] },
          Audience: ['sanzhang-lvyuan'],
        },
      });
      template.resourceCountIs('AWS::Cognito::UserPool', 0);
    });

    it('routes each route to its own function', () => {
      const integrationTarget = (routeKey: string) => {
        const route = Object.values(resources).find((resource) => resource.Properties?.RouteKey === routeKey);
        const target = (route?.Properties.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })[
          'Fn::Join'
        ][1][1].Ref;
        const uri = (resources[target] as Resource).Properties.IntegrationUri as {
          'Fn::GetAtt': [string, string];
        };
        return uri['Fn::GetAtt'][0];
      };
      expect(integrationTarget('POST /requests')).toBe(functionId('SubmitRequest'));
      expect(integrationTarget('GET /requests')).toBe(functionId('ListRequests'));
      expect(integrationTarget('GET /requests/{id}')).toBe(functionId('GetRequest'));
      expect(integrationTarget('POST /requests/{id}/{action}')).toBe(functionId('ActOnRequest'));
      expect(integrationTarget('POST /uploads')).toBe(functionId('UploadPhotos'));
      for (const route of ['POST /nodes', 'PUT /nodes/{id}/post', 'GET /nodes/{id}/post/history']) {
        expect(integrationTarget(route), route).toBe(functionId('ManageNodes'));
      }
      expect(integrationTarget('PATCH /households/{id}')).toBe(functionId('ManageHouseholds'));
      expect(integrationTarget('GET /households')).toBe(functionId('ManageHouseholds'));
      expect(integrationTarget('GET /district')).toBe(functionId('DistrictProfile'));
      expect(integrationTarget('GET /stats/requests')).toBe(functionId('RequestStats'));
      expect(integrationTarget('PATCH /people/{id}')).toBe(functionId('ManagePeople'));
      expect(integrationTarget('POST /regrid')).toBe(functionId('Regrid'));
      expect(integrationTarget('POST /partners')).toBe(functionId('ManagePartners'));
      expect(integrationTarget('POST /intake/{partnerId}')).toBe(functionId('ReceiveDelivery'));
      expect(integrationTarget('POST /settlements/{month}')).toBe(functionId('ManageSettlements'));
      for (const route of [
        'GET /me/preferences',
        'PUT /me/preferences',
        'GET /me/inbox',
        'POST /me/inbox/read',
      ]) {
        expect(integrationTarget(route), route).toBe(functionId('ManageMe'));
      }
      for (const route of ['POST /auth/codes', 'POST /auth/tokens', 'GET /.well-known/jwks.json']) {
        expect(integrationTarget(route), route).toBe(functionId('SignIn'));
      }
    });

    it('shares one integration and one invoke permission per function among its routes (a stack holds at most 500 resources)', () => {
      const functions = new Set(API_ROUTES.map((route) => route.handler)).size;
      template.resourceCountIs('AWS::ApiGatewayV2::Integration', functions);
      const permissions = Object.values(template.findResources('AWS::Lambda::Permission')) as Resource[];
      expect(
        permissions.filter((permission) => permission.Properties.Principal === 'apigateway.amazonaws.com'),
      ).toHaveLength(functions);
      expect(Object.keys(template.toJSON().Resources as object).length).toBeLessThanOrEqual(450);
    });

    it('fails synthesis when no function serves the routes of a handler', () => {
      const app = new App({ context: SKIP_BUNDLING_CONTEXT, outdir: temporaryDirectory('sanzhang-routes-') });
      new DistrictHttpApi(new Stack(app, 'Unrouted'), 'HttpApi', {
        districtId: 'lvyuan',
        signIn: 'phone-code',
        throttling: config.operations.throttling,
      });
      expect(() => app.synth()).toThrow(/no function serves the routes of the submit-request handler/);
    });

    it('logs access and throttles on the default stage', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpApiAccessLogs'), 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context\\.requestId'),
        },
        DefaultRouteSettings: {
          ThrottlingRateLimit: Match.anyValue(),
          ThrottlingBurstLimit: Match.anyValue(),
        },
      });
    });
  });

  describe('least privilege', () => {
    const WRITES = [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:ConditionCheckItem',
    ];

    it('lets list, get, the statistics, the SMS view, SMS links, the district profile and the lifecycle restarter read the table, never write it', () => {
      for (const name of [
        'ListRequests',
        'GetRequest',
        'RequestStats',
        'ListMessages',
        'FollowShortLink',
        'DistrictProfile',
        'RestartLifecycle',
      ] as const) {
        const dynamo = new Set(actionsOf(name).filter((action) => action.startsWith('dynamodb:')));
        expect([...dynamo].sort(), name).toEqual(
          ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'].sort(),
        );
        expect(
          actionsOf(name)
            .filter((action) => !action.startsWith('dynamodb:'))
            .sort(),
          name,
        ).toEqual(
          [
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'xray:PutTraceSegments',
            'xray:PutTelemetryRecords',
            ...(name === 'RestartLifecycle' ? ['states:StartExecution'] : []),
            // The request's photos are shown through links it signs.
            ...(name === 'GetRequest' ? ['s3:GetObject'] : []),
          ].sort(),
        );
      }
      for (const name of [
        'SubmitRequest',
        'ActOnRequest',
        'ManageNodes',
        'ManageHouseholds',
        'ManagePeople',
        'ManageProviders',
        'ManagePoints',
        'ManageRewards',
        'ManageMe',
        'Regrid',
        'AssignLeader',
        'AwaitCallback',
      ] as const) {
        expect(actionsOf(name)).toEqual(expect.arrayContaining(WRITES));
      }
    });

    it('never allows Scan, and never an action wildcard', () => {
      const everyAction = Object.values(resources)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy')
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .flatMap((statement) => [statement.Action].flat());
      expect(everyAction).not.toContain('dynamodb:Scan');
      expect(everyAction.filter((action) => action.includes('*'))).toEqual([]);
    });

    it('scopes table access to the table and its four indexes', () => {
      const table = logicalIdOf('AWS::DynamoDB::Table', 'DistrictTable');
      const tableResources = statementsOf('ActOnRequest')
        .filter((statement) => [statement.Action].flat().some((action) => action.startsWith('dynamodb:')))
        .flatMap((statement) => [statement.Resource].flat());
      expect(tableResources).toEqual(
        expect.arrayContaining([
          { 'Fn::GetAtt': [table, 'Arn'] },
          ...GSI_NAMES.map((index) => ({
            'Fn::Join': ['', [{ 'Fn::GetAtt': [table, 'Arn'] }, `/index/${index}`]],
          })),
        ]),
      );
      expect(tableResources).toHaveLength(1 + GSI_NAMES.length);
    });

    it('lets only the lifecycle starter (fed new requests by the stream), the reconciler and the restarter start a lifecycle, and only manage-settlements a settlement', () => {
      expect(functionsAllowed('states:StartExecution').sort()).toEqual([
        'ManageSettlements',
        'Reconcile',
        'RestartLifecycle',
        'StartLifecycle',
      ]);
      for (const starter of ['StartLifecycle', 'Reconcile', 'RestartLifecycle'] as const) {
        const statement = statementsOf(starter).find((s) => s.Action === 'states:StartExecution');
        expect(statement?.Resource, starter).toEqual(lifecycleArn);
      }
      const settle = statementsOf('ManageSettlements').find((s) => s.Action === 'states:StartExecution');
      expect(JSON.stringify(settle?.Resource)).toContain('stateMachine:sanzhang-lvyuan-monthly-settlement');
    });

    it('lets only act-on-request, await-callback and the re-routers complete task tokens, on the lifecycle only', () => {
      // Changing a post or moving a node re-routes open requests, which completes their waiting tasks.
      const completers = ['ActOnRequest', 'AwaitCallback', 'ManageNodes', 'Regrid'] as const;
      expect(functionsAllowed('states:SendTaskSuccess').sort()).toEqual([...completers].sort());
      for (const name of completers) {
        const statement = statementsOf(name).find((s) =>
          [s.Action].flat().includes('states:SendTaskSuccess'),
        );
        expect(statement).toEqual({
          Effect: 'Allow',
          Action: 'states:SendTaskSuccess',
          Resource: lifecycleArn,
        });
      }
    });

    it('grants no Step Functions action the code never calls (StartExecution and SendTaskSuccess are all it sends)', () => {
      const stepFunctionsActions = Object.values(resources)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy')
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .flatMap((statement) => [statement.Action].flat())
        .filter((action) => action.startsWith('states:'));
      expect(new Set(stepFunctionsActions)).toEqual(
        new Set(['states:StartExecution', 'states:SendTaskSuccess']),
      );
    });

    it('lets the SMS senders publish to phones from a policy that holds only that', () => {
      const smsSenders = FUNCTIONS.filter((name) =>
        statementsOf(name).some(
          (statement) => statement.Action === 'sns:Publish' && statement.Resource === '*',
        ),
      );
      expect(smsSenders.sort()).toEqual([...SMS_SENDERS].sort());
      const smsPolicies = Object.entries(resources).filter(
        ([id, resource]) => resource.Type === 'AWS::IAM::Policy' && id.includes('SmsToPhones'),
      );
      expect(smsPolicies).toHaveLength(smsSenders.length);
      for (const [, policy] of smsPolicies) {
        expect((policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement).toEqual([
          { Effect: 'Allow', Action: 'sns:Publish', Resource: '*' },
        ]);
      }
    });

    it('lets only the SMS sender publish to the supervisors topic', () => {
      const topic = logicalIdOf('AWS::SNS::Topic', 'NotificationsSupervisorsTopic');
      const publishers = FUNCTIONS.filter((name) =>
        statementsOf(name).some(
          (statement) =>
            statement.Action === 'sns:Publish' && JSON.stringify(statement.Resource).includes(topic),
        ),
      );
      expect(publishers.sort()).toEqual(['ReleaseMessages', 'SendSms']);
    });

    it('lets only the webhook receiver open partner secrets and only the partners API seal them; no other role touches KMS', () => {
      const key = logicalIdOf('AWS::KMS::Key', 'IntakePartnerSecretsKey');
      const onlyWithPartnerSecretContext = (action: string) => ({
        Effect: 'Allow',
        Action: action,
        Resource: { 'Fn::GetAtt': [key, 'Arn'] },
        Condition: { StringEquals: { 'kms:EncryptionContext:purpose': PARTNER_SECRET_PURPOSE } },
      });
      expect(functionsAllowed('kms:Decrypt')).toEqual(['ReceiveDelivery']);
      expect(functionsAllowed('kms:Encrypt')).toEqual(['ManagePartners']);
      // Every statement of every role's policy (functions, state machines, schedules) that names KMS or the key.
      const kmsStatements = Object.values(resources)
        .filter((resource) => resource.Type === 'AWS::IAM::Policy')
        .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter(
          (statement) =>
            [statement.Action].flat().some((action) => action.startsWith('kms:')) ||
            JSON.stringify(statement.Resource).includes(key),
        );
      expect(kmsStatements).toEqual(
        expect.arrayContaining([
          onlyWithPartnerSecretContext('kms:Encrypt'),
          onlyWithPartnerSecretContext('kms:Decrypt'),
        ]),
      );
      expect(kmsStatements).toHaveLength(2);
      const env = (name: FunctionName) =>
        (lambdaOf(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(FUNCTIONS.filter((name) => env(name).PARTNER_SECRETS_KEY_ARN !== undefined).sort()).toEqual([
        'ManagePartners',
        'ReceiveDelivery',
      ]);
      // The key policy only hands the decision to the account's IAM policies: the statements above are all.
      const keyResource = resources[key] as Resource;
      expect(keyResource.Properties.EnableKeyRotation).toBe(true);
      expect(keyResource.DeletionPolicy).toBe('Retain');
      expect(keyResource.Properties.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
      expect((keyResource.Properties.KeyPolicy as { Statement: unknown[] }).Statement).toEqual([
        {
          Effect: 'Allow',
          Action: 'kms:*',
          Principal: {
            AWS: {
              'Fn::Join': [
                '',
                ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root'],
              ],
            },
          },
          Resource: '*',
        },
      ]);
    });

    it('uses no AWS managed policies', () => {
      for (const role of Object.values(template.findResources('AWS::IAM::Role')) as Resource[]) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('photo storage', () => {
    const bucketId = () => logicalIdOf('AWS::S3::Bucket', 'PhotoStorageBucket');
    const bucketArn = () => ({ 'Fn::GetAtt': [bucketId(), 'Arn'] });
    const uploads = () => ({ 'Fn::Join': ['', [bucketArn(), '/uploads/*']] });

    it('is a private, TLS-only, encrypted bucket that is kept, with its lifecycle', () => {
      const bucket = resources[bucketId()] as Resource & { DeletionPolicy?: string };
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties).toMatchObject({
        ...PRIVATE_ENCRYPTED_BUCKET,
        LifecycleConfiguration: {
          Rules: [
            {
              Status: 'Enabled',
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 90 }],
            },
          ],
        },
      });
      // No expiration: photos stay as long as the requests that name them.
      expect(JSON.stringify(bucket.Properties.LifecycleConfiguration)).not.toMatch(/Expiration/);
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: bucketId() },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    });

    it('lets only the form signer put, only the functions that take or show photos get, under uploads/ only', () => {
      // The archive consumer puts into its own bucket (the notifications tests).
      expect(functionsAllowed('s3:PutObject')).toEqual(['UploadPhotos', 'ArchiveNotifications']);
      expect(functionsAllowed('s3:GetObject').sort()).toEqual([
        'ActOnRequest',
        'GetRequest',
        'SubmitRequest',
      ]);
      expect(functionsAllowed('s3:ListBucket').sort()).toEqual(['ActOnRequest', 'SubmitRequest']);
      for (const name of FUNCTIONS.filter((name) => name !== 'ArchiveNotifications')) {
        for (const statement of statementsOf(name)) {
          const actions = [statement.Action].flat();
          if (actions.some((action) => action.startsWith('s3:') && action !== 's3:ListBucket')) {
            expect(statement.Resource, name).toEqual(uploads());
          }
          if (actions.includes('s3:ListBucket')) expect(statement.Resource, name).toEqual(bucketArn());
        }
      }
      const env = (name: FunctionName) =>
        (lambdaOf(name).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      for (const name of FUNCTIONS) {
        const granted = ['UploadPhotos', 'SubmitRequest', 'ActOnRequest', 'GetRequest'].includes(name);
        expect(env(name).PHOTO_BUCKET_NAME, name).toEqual(granted ? { Ref: bucketId() } : undefined);
      }
    });
  });

  describe('notifications', () => {
    it('texts the supervisors and e-mails the alarm contacts over TLS-only topics', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sms',
        Endpoint: '+8613800000001',
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@lvyuan.example.cn',
      });
      const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')) as Resource[];
      expect(policies).toHaveLength(3);
      for (const policy of policies) {
        expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: logicalIdOf('AWS::SNS::Topic', 'NotificationsAlarmsTopic') }],
        MetricName: 'Errors',
      });
    });
  });

  describe('outputs', () => {
    it('exports what clients and operators need', () => {
      expect(Object.keys(synthesized.template.Outputs as Json).sort()).toEqual(
        [
          'ApiUrl',
          'SettlementStateMachineArn',
          'StateMachineArn',
          'TableName',
          'TokenIssuer',
          'TokenAudience',
          'SigningKeyArn',
        ].sort(),
      );
    });
  });

  describe('cdk-nag AwsSolutions', () => {
    it('reports no unacknowledged finding', () => {
      expect(validationViolations(synthesized.assemblyDirectory)).toEqual([]);
    });

    it('acknowledges only specific findings, each with a specific reason', () => {
      const acknowledgements = synthesized.acknowledgements;
      expect(acknowledgements.length).toBeGreaterThan(0);
      for (const { id, reason, path: at } of acknowledgements) {
        expect(id, at).toMatch(/^AwsSolutions-[A-Za-z]+\d+(\[.+\])?$/);
        // Wildcard acknowledgements name the exact wildcard they accept.
        if (id.startsWith('AwsSolutions-IAM5')) expect(id, at).toMatch(/\[Resource::.+\]$/);
        expect(reason.length, `${at} ${id}`).toBeGreaterThanOrEqual(60);
        expect(reason, `${at} ${id}`).not.toMatch(
          /^(n\/a|todo|tbd|ok|suppress(ed)?|ignore(d)?|not needed)\b/i,
        );
      }
      expect([...new Set(acknowledgements.map((ack) => ack.id.replace(/<.*>/, '<fn>')))].sort()).toEqual(
        [
          'AwsSolutions-APIG4',
          'AwsSolutions-IAM5[Resource::*]',
          'AwsSolutions-IAM5[Resource::<fn>:*]',
          'AwsSolutions-IAM5[Resource::<fn>/uploads/*]',
          'AwsSolutions-IAM5[Resource::<fn>/notifications/*]',
          'AwsSolutions-S1',
          'AwsSolutions-SQS3',
        ].sort(),
      );
    });

    it('fails synthesis on a finding nobody acknowledged', () => {
      const outdir = temporaryDirectory('sanzhang-nag-');
      const app = new App({ context: SKIP_BUNDLING_CONTEXT, outdir });
      const [stack] = addDistrictStacks(app, [config]);
      if (!stack) throw new Error('no stack');
      new sns.Topic(stack, 'TopicWithoutTls');
      // In-process synthesis throws with the report; the CLI prints it and exits non-zero.
      expect(() => app.synth()).toThrow(/TopicWithoutTls[\s\S]*AwsSolutions-SNS3/);
      const report = readFileSync(path.join(outdir, 'validation-report.json'), 'utf8');
      expect(report).toContain('AwsSolutions-SNS3');
      expect(report).toContain('TopicWithoutTls');
    });
  });
});
