import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { districtStateMachine, retryFailures, stateMachineArn } from './state-machines.js';
import type { NextStep } from '../shared/domain/request.js';

/** The states of the request lifecycle, by name; the local engine maps Task states to handlers with these. */
export const LIFECYCLE_STATES = {
  assignToLeader: 'AssignToLeader',
  awaitLeader: 'AwaitLeader',
  escalate: 'Escalate',
  awaitResident: 'AwaitResident',
  autoConfirm: 'AutoConfirm',
  nextStep: 'NextStep',
  closed: 'Closed',
  unknownStep: 'UnknownStep',
} as const;
export type LifecycleStateName = (typeof LIFECYCLE_STATES)[keyof typeof LIFECYCLE_STATES];

/** The handler file (relative to the repository root) that each Task state invokes. */
export const LIFECYCLE_TASK_HANDLERS = {
  [LIFECYCLE_STATES.assignToLeader]: 'functions/workflow/assign-leader.ts',
  [LIFECYCLE_STATES.awaitLeader]: 'functions/workflow/await-callback.ts',
  [LIFECYCLE_STATES.escalate]: 'functions/workflow/escalate.ts',
  [LIFECYCLE_STATES.awaitResident]: 'functions/workflow/await-callback.ts',
  [LIFECYCLE_STATES.autoConfirm]: 'functions/workflow/auto-confirm.ts',
} as const;

/** The values of `$.step.next` that the `NextStep` choice understands. */
export const NEXT_STEPS = {
  awaitLeader: 'await-leader',
  escalate: 'escalate',
  awaitResident: 'await-resident',
  closed: 'closed',
} as const satisfies Record<string, NextStep['next']>;

/** Retries of a failing Task state, 2 s apart and doubling: about a minute before the execution fails. */
export const TASK_RETRIES = 5;

export function lifecycleStateMachineName(districtId: string): string {
  return `sanzhang-${districtId}-request-lifecycle`;
}

/** The state machine's ARN from its fixed name (see state-machines.ts). */
export function lifecycleStateMachineArn(scope: Construct, districtId: string): string {
  return stateMachineArn(scope, lifecycleStateMachineName(districtId));
}

export interface RequestWorkflowProps {
  readonly districtId: string;
  /** X-Ray tracing of the state machine (the deployment profile's). */
  readonly tracing: boolean;
  readonly assignLeader: lambda.IFunction;
  readonly awaitCallback: lambda.IFunction;
  readonly escalate: lambda.IFunction;
  readonly autoConfirm: lambda.IFunction;
}

/**
 * The closed loop of a resident's request as a Standard state machine (JSONPath):
 *
 *   AssignToLeader → AwaitLeader ─(timeout)→ Escalate
 *                        │                      │
 *                        └──────→ NextStep ←────┘ ←── AwaitResident ─(timeout)→ AutoConfirm
 *                                   │ await-leader / escalate / await-resident / closed
 *
 * Every step handler returns `{ next, version, timeoutSeconds, ... }` into `$.step`; `NextStep`
 * routes on `$.step.next`. The two waits hand their task token to await-callback, which stores
 * it on the request; the API completes it when a leader acts or the resident confirms. Each wait
 * times out after `$.step.timeoutSeconds`, computed by the handlers from the SLA policy: a leader's
 * wait runs first to its reminder (sla.reminders), where Escalate texts the holder once and
 * returns the wait for the rest up to the unchanged deadline, then to the deadline, where it escalates:
 *
 *   AwaitLeader ─(timeout at the reminder)→ Escalate: reminded → NextStep → AwaitLeader ─(timeout)→ Escalate
 */
export class RequestWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: RequestWorkflowProps) {
    super(scope, id);
    this.stateMachine = districtStateMachine(this, {
      name: lifecycleStateMachineName(props.districtId),
      comment: 'The closed loop of a resident request: assign, wait, escalate, confirm, close.',
      definition: this.definition(props),
      invokes: [props.assignLeader, props.awaitCallback, props.escalate, props.autoConfirm],
      workflow: 'lifecycle',
      tracing: props.tracing,
    });
  }

  /** The states and their transitions; returns the first, `AssignToLeader`. */
  private definition(props: RequestWorkflowProps): sfn.IChainable {
    const assignToLeader = this.step(LIFECYCLE_STATES.assignToLeader, props.assignLeader);
    const awaitLeader = this.wait(LIFECYCLE_STATES.awaitLeader, 'leader', props.awaitCallback);
    const escalate = this.step(LIFECYCLE_STATES.escalate, props.escalate);
    const awaitResident = this.wait(LIFECYCLE_STATES.awaitResident, 'resident', props.awaitCallback);
    const autoConfirm = this.step(LIFECYCLE_STATES.autoConfirm, props.autoConfirm);
    const closed = new sfn.Succeed(this, LIFECYCLE_STATES.closed, { stateName: LIFECYCLE_STATES.closed });
    const unknownStep = new sfn.Fail(this, LIFECYCLE_STATES.unknownStep, {
      stateName: LIFECYCLE_STATES.unknownStep,
      error: 'Sanzhang.UnknownStep',
      cause: 'A step handler returned a $.step.next that the lifecycle does not know.',
    });
    const nextStep = new sfn.Choice(this, LIFECYCLE_STATES.nextStep, { stateName: LIFECYCLE_STATES.nextStep })
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.awaitLeader), awaitLeader)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.escalate), escalate)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.awaitResident), awaitResident)
      .when(sfn.Condition.stringEquals('$.step.next', NEXT_STEPS.closed), closed)
      .otherwise(unknownStep);

    awaitLeader.addCatch(escalate, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    awaitResident.addCatch(autoConfirm, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timedOut' });
    assignToLeader.next(awaitLeader);
    awaitLeader.next(nextStep);
    escalate.next(nextStep);
    awaitResident.next(nextStep);
    autoConfirm.next(nextStep);
    return assignToLeader;
  }

  /** A step: the handler gets the request id and answers `{ next, version, timeoutSeconds, ... }` into `$.step`. */
  private step(stateName: string, fn: lambda.IFunction): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, stateName, {
      stateName,
      lambdaFunction: fn,
      payloadResponseOnly: true,
      payload: sfn.TaskInput.fromObject({ requestId: sfn.JsonPath.stringAt('$.requestId') }),
      resultPath: '$.step',
      retryOnServiceExceptions: false,
    });
    // After about a minute of failures the execution fails and the restart rule
    // (request-lifecycle.ts) starts a new one.
    retryFailures(task, Duration.seconds(2), TASK_RETRIES);
    return task;
  }

  /** A wait: await-callback stores the task token on the request; the SLA deadline times it out. */
  private wait(
    stateName: string,
    awaiting: 'leader' | 'resident',
    awaitCallback: lambda.IFunction,
  ): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, stateName, {
      stateName,
      lambdaFunction: awaitCallback,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        requestId: sfn.JsonPath.stringAt('$.requestId'),
        token: sfn.JsonPath.taskToken,
        awaiting,
        version: sfn.JsonPath.numberAt('$.step.version'),
        // Not needed in AWS; the local engine's time scale reads it (see local/local-workflow.ts).
        timeoutSeconds: sfn.JsonPath.numberAt('$.step.timeoutSeconds'),
      }),
      taskTimeout: sfn.Timeout.at('$.step.timeoutSeconds'),
      resultPath: '$.step',
      retryOnServiceExceptions: false,
    });
    // A DynamoDB error storing the token must not end the lifecycle (await-callback is idempotent);
    // States.TaskFailed never matches a States.Timeout, which is the SLA expiring and must be caught.
    retryFailures(task, Duration.seconds(2), TASK_RETRIES);
    return task;
  }
}
