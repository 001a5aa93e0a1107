import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { districtStateMachine, retryFailures, stateMachineArn } from './state-machines.js';

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
  /** X-Ray tracing of the state machine (the deployment profile's). */
  readonly tracing: boolean;
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
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: SettlementWorkflowProps) {
    super(scope, id);
    const name = settlementStateMachineName(props.districtId);
    this.stateMachine = districtStateMachine(this, {
      name,
      comment: 'Monthly settlement: statements, ranks, bonuses and SMS summaries for the month that ended.',
      definition: this.definition(props),
      timeout: Duration.hours(6),
      invokes: [
        props.startSettlement,
        props.settleCommunity,
        props.rankDistrict,
        props.notifyCommunity,
        props.finishSettlement,
      ],
      workflow: 'settlement',
      tracing: props.tracing,
    });
    this.schedule = this.scheduleMonthly(name, props.timeZone);
  }

  /** The states and their transitions; returns the first, `StartSettlement`. */
  private definition(props: SettlementWorkflowProps): sfn.IChainable {
    const month = sfn.TaskInput.fromObject({ month: sfn.JsonPath.stringAt('$.start.month') });
    const start = this.step(SETTLEMENT_STATES.startSettlement, props.startSettlement, undefined, '$.start');
    const settled = new sfn.Succeed(this, SETTLEMENT_STATES.settled, {
      stateName: SETTLEMENT_STATES.settled,
    });
    const settleCommunities = this.perCommunity(
      SETTLEMENT_STATES.settleCommunities,
      SETTLEMENT_STATES.settleCommunity,
      props.settleCommunity,
    );
    const rankDistrict = this.step(SETTLEMENT_STATES.rankDistrict, props.rankDistrict, month, '$.ranks');
    const notifyCommunities = this.perCommunity(
      SETTLEMENT_STATES.notifyCommunities,
      SETTLEMENT_STATES.notifyCommunity,
      props.notifyCommunity,
    );
    const finish = this.step(SETTLEMENT_STATES.finishSettlement, props.finishSettlement, month, '$.result');
    const alreadySettled = new sfn.Choice(this, SETTLEMENT_STATES.alreadySettled, {
      stateName: SETTLEMENT_STATES.alreadySettled,
    })
      .when(sfn.Condition.booleanEquals('$.start.settled', true), settled)
      .otherwise(settleCommunities);
    start.next(alreadySettled);
    settleCommunities.next(rankDistrict).next(notifyCommunities).next(finish).next(settled);
    return start;
  }

  /** Without a payload the function gets the state's whole input (`{}` or `{month}`, a Map item). */
  private step(
    stateName: string,
    fn: lambda.IFunction,
    payload: sfn.TaskInput | undefined,
    resultPath: string,
  ): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, stateName, {
      stateName,
      lambdaFunction: fn,
      payloadResponseOnly: true,
      ...(payload ? { payload } : {}),
      resultPath,
      retryOnServiceExceptions: false,
    });
    task.addRetry({ errors: REFUSALS, maxAttempts: 0 });
    retryFailures(task, Duration.seconds(5), 4);
    return task;
  }

  /** A Map over the communities `StartSettlement` listed, `stateName` for each. */
  private perCommunity(mapName: string, stateName: string, fn: lambda.IFunction): sfn.Map {
    return new sfn.Map(this, mapName, {
      stateName: mapName,
      itemsPath: '$.start.communities',
      maxConcurrency: SETTLEMENT_MAX_CONCURRENCY,
      resultPath: sfn.JsonPath.DISCARD,
    }).itemProcessor(this.step(stateName, fn, undefined, '$.result'));
  }

  /** EventBridge Scheduler, in the district's zone: the target starts the month that just ended. */
  private scheduleMonthly(name: string, timeZone: string): scheduler.CfnSchedule {
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
    return new scheduler.CfnSchedule(this, 'Schedule', {
      name: `${name}-schedule`,
      description: 'Settles the month that just ended, at 02:00 on the 1st in the district time zone.',
      scheduleExpression: SETTLEMENT_SCHEDULE,
      scheduleExpressionTimezone: timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.stateMachine.stateMachineArn,
        roleArn: scheduleRole.roleArn,
        input: '{}',
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 10 },
      },
    });
  }
}
