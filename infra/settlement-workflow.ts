import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { LAMBDA_SERVICE_ERRORS, stateMachineArn } from './state-machines.js';
import { wildcardResourceFinding } from './sanzhang-function.js';

/** The states of the monthly settlement; the local engine maps Task states to handlers with these. */
export const SETTLEMENT_STATES = {
  startSettlement: 'StartSettlement',
  alreadySettled: 'AlreadySettled',
  settleCommunities: 'SettleCommunities',
  settleCommunity: 'SettleCommunity',
  rankDistrict: 'RankDistrict',
  notifyCommunities: 'NotifyCommunities',
  notifyCommunity: 'NotifyCommunity',
  finishSettlement: 'FinishSettlement',
  settled: 'Settled',
} as const;

/** The handler file (relative to the repository root) that each Task state invokes. */
export const SETTLEMENT_TASK_HANDLERS = {
  [SETTLEMENT_STATES.startSettlement]: 'functions/workflow/start-settlement.ts',
  [SETTLEMENT_STATES.settleCommunity]: 'functions/workflow/settle-community.ts',
  [SETTLEMENT_STATES.rankDistrict]: 'functions/workflow/rank-district.ts',
  [SETTLEMENT_STATES.notifyCommunity]: 'functions/workflow/notify-community.ts',
  [SETTLEMENT_STATES.finishSettlement]: 'functions/workflow/finish-settlement.ts',
} as const;

/** When the schedule fires: 02:00 on the 1st, in the district's zone (two hours for late writes to land). */
export const SETTLEMENT_SCHEDULE = 'cron(0 2 1 * ? *)';
/** How many communities are settled at once. */
export const SETTLEMENT_MAX_CONCURRENCY = 10;

/** A malformed or unfinished month: retrying cannot help, the execution fails with the reason. */
const REFUSALS = ['ValidationError', 'ConflictError'];

export function settlementStateMachineName(districtId: string): string {
  return `sanzhang-${districtId}-monthly-settlement`;
}

/** The state machine's ARN from its fixed name (see state-machines.ts). */
export function settlementStateMachineArn(scope: Construct, districtId: string): string {
  return stateMachineArn(scope, settlementStateMachineName(districtId));
}

export interface SettlementWorkflowProps {
  readonly districtId: string;
  /** IANA zone the schedule's cron is read in. */
  readonly timeZone: string;
  readonly startSettlement: lambda.IFunction;
  readonly settleCommunity: lambda.IFunction;
  readonly rankDistrict: lambda.IFunction;
  readonly notifyCommunity: lambda.IFunction;
  readonly finishSettlement: lambda.IFunction;
}

/**
 * The monthly settlement as a Standard state machine (JSONPath), started by an EventBridge
 * Scheduler schedule at 02:00 on the 1st in the district's zone with `{}` (the month that just
 * ended), or with `{month}` on demand:
 *
 *   StartSettlement → AlreadySettled? ─yes→ Settled
 *        └─no→ SettleCommunities (Map: SettleCommunity) → RankDistrict
 *              → NotifyCommunities (Map: NotifyCommunity) → FinishSettlement → Settled
 *
 * Each community is one Lambda invocation per phase, so no invocation does the district's work.
 */
export class SettlementWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: SettlementWorkflowProps) {
    super(scope, id);
    const name = settlementStateMachineName(props.districtId);

    /** Without a payload the function gets the state's whole input (`{}` or `{month}`, a Map item). */
    const step = (
      stateName: string,
      fn: lambda.IFunction,
      payload: sfn.TaskInput | undefined,
      resultPath: string,
    ) => {
      const task = new tasks.LambdaInvoke(this, stateName, {
        stateName,
        lambdaFunction: fn,
        payloadResponseOnly: true,
        ...(payload ? { payload } : {}),
        resultPath,
        retryOnServiceExceptions: false,
      });
      task.addRetry({ errors: REFUSALS, maxAttempts: 0 });
      // Every step is idempotent, so any other failure of theirs is retried too.
      task.addRetry({
        errors: [...LAMBDA_SERVICE_ERRORS, sfn.Errors.TASKS_FAILED],
        interval: Duration.seconds(5),
        maxAttempts: 4,
        backoffRate: 2,
      });
      return task;
    };
    const month = { month: sfn.JsonPath.stringAt('$.start.month') };
    const perCommunity = (mapName: string, stateName: string, fn: lambda.IFunction) =>
      new sfn.Map(this, mapName, {
        stateName: mapName,
        itemsPath: '$.start.communities',
        maxConcurrency: SETTLEMENT_MAX_CONCURRENCY,
        resultPath: sfn.JsonPath.DISCARD,
      }).itemProcessor(step(stateName, fn, undefined, '$.result'));

    const start = step(SETTLEMENT_STATES.startSettlement, props.startSettlement, undefined, '$.start');
    const settled = new sfn.Succeed(this, SETTLEMENT_STATES.settled, {
      stateName: SETTLEMENT_STATES.settled,
    });
    const settleCommunities = perCommunity(
      SETTLEMENT_STATES.settleCommunities,
      SETTLEMENT_STATES.settleCommunity,
      props.settleCommunity,
    );
    const rankDistrict = step(
      SETTLEMENT_STATES.rankDistrict,
      props.rankDistrict,
      sfn.TaskInput.fromObject(month),
      '$.ranks',
    );
    const notifyCommunities = perCommunity(
      SETTLEMENT_STATES.notifyCommunities,
      SETTLEMENT_STATES.notifyCommunity,
      props.notifyCommunity,
    );
    const finish = step(
      SETTLEMENT_STATES.finishSettlement,
      props.finishSettlement,
      sfn.TaskInput.fromObject(month),
      '$.result',
    );
    const alreadySettled = new sfn.Choice(this, SETTLEMENT_STATES.alreadySettled, {
      stateName: SETTLEMENT_STATES.alreadySettled,
    })
      .when(sfn.Condition.booleanEquals('$.start.settled', true), settled)
      .otherwise(settleCommunities);
    start.next(alreadySettled);
    settleCommunities.next(rankDistrict).next(notifyCommunities).next(finish).next(settled);

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      comment: 'Monthly settlement: statements, ranks, bonuses and SMS summaries for the month that ended.',
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      timeout: Duration.hours(6),
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });

    // EventBridge Scheduler, in the district's zone: the target starts the month that just ended.
    const scheduleRole = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: `Lets the monthly schedule start ${name}, and nothing else.`,
    });
    scheduleRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['states:StartExecution'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      name: `${name}-schedule`,
      description: 'Settles the month that just ended, at 02:00 on the 1st in the district time zone.',
      scheduleExpression: SETTLEMENT_SCHEDULE,
      scheduleExpressionTimezone: props.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.stateMachine.stateMachineArn,
        roleArn: scheduleRole.roleArn,
        input: '{}',
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 10 },
      },
    });

    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Step Functions log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing (xray:PutTraceSegments and friends) do not support resource-level permissions.',
    });
    for (const fn of [
      props.startSettlement,
      props.settleCommunity,
      props.rankDistrict,
      props.notifyCommunity,
      props.finishSettlement,
    ]) {
      Validations.of(this.stateMachine.role).acknowledge({
        id: wildcardResourceFinding(this, `${fn.functionArn}:*`),
        reason:
          'LambdaInvoke grants lambda:InvokeFunction on the function and its versions/aliases (<arn>:*); scoped to this one settlement function.',
      });
    }
  }
}
