import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { BundledPart } from '../shared/runtime/bundled-parts.js';
import { deploymentProfile } from './deployment-profile.js';
import type { DistrictTable } from './district-table.js';
import {
  LIFECYCLE_STATES,
  LIFECYCLE_TASK_HANDLERS,
  lifecycleStateMachineArn,
  RequestWorkflow,
} from './request-workflow.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamToFunction } from './table-stream.js';

export interface RequestLifecycleProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
}

/**
 * The request lifecycle: its state machine (request-workflow.ts) with the functions of its steps,
 * and what keeps every stored request in a workflow: the table's stream starts each new request's
 * execution, the reconciler redoes what the stream gave up on, and a rule restarts an execution
 * that failed or timed out while its request is open.
 */
export class RequestLifecycle extends Construct {
  readonly workflow: RequestWorkflow;
  /** The table's new requests, fed to the lifecycle starter. */
  readonly starts: TableStreamToFunction;
  readonly functions: Record<string, SanzhangFunction>;
  /** Not in `functions`: it has no errors alarm (an execution it fails to restart has already raised the failed-execution alarm). */
  readonly restartLifecycle: SanzhangFunction;

  constructor(scope: Construct, id: string, props: RequestLifecycleProps) {
    super(scope, id);
    const { config, table } = props;
    const stateMachineArn = lifecycleStateMachineArn(this, config.district.id);
    const step = (
      stepId: string,
      state: keyof typeof LIFECYCLE_TASK_HANDLERS,
      description: string,
      parts: BundledPart[] = [],
    ) =>
      new SanzhangFunction(this, stepId, {
        entry: LIFECYCLE_TASK_HANDLERS[state],
        description,
        config,
        parts,
      }).bindTable(table, 'RW');
    const assignLeader = step(
      'AssignLeader',
      LIFECYCLE_STATES.assignToLeader,
      'Lifecycle: route a request to the unit leader of the household',
    );
    const escalate = step(
      'Escalate',
      LIFECYCLE_STATES.escalate,
      'Lifecycle: escalate a request to the next level',
    );
    const autoConfirm = step(
      'AutoConfirm',
      LIFECYCLE_STATES.autoConfirm,
      'Lifecycle: confirm a resolved request the resident left unanswered',
    );
    const awaitCallback = step(
      'AwaitCallback',
      LIFECYCLE_STATES.awaitLeader,
      'Lifecycle: store the task token of a wait on the request',
      ['workflow'],
    ).allowTaskCallbacks(stateMachineArn);
    this.workflow = new RequestWorkflow(this, 'Workflow', {
      districtId: config.district.id,
      tracing: deploymentProfile(config).tracing,
      assignLeader: assignLeader.fn,
      awaitCallback: awaitCallback.fn,
      escalate: escalate.fn,
      autoConfirm: autoConfirm.fn,
    });

    // Whatever stores a request (the app, a partner's delivery), its insert starts the lifecycle.
    const startLifecycle = new SanzhangFunction(this, 'StartLifecycle', {
      entry: 'functions/workflow/start-lifecycle.ts',
      description: "Table stream: start each new request's lifecycle execution",
      config,
      parts: ['workflow'],
    }).allowStartExecution(stateMachineArn);
    this.starts = new TableStreamToFunction(this, 'LifecycleStarts', {
      table,
      target: startLifecycle,
      filter: insertedWith('Keys', 'SK', 'REQUEST'),
    });
    const reconcile = this.reconcileEveryQuarterHour(props, stateMachineArn);
    this.restartLifecycle = this.restartFailedExecutions(props, stateMachineArn);
    this.functions = { startLifecycle, reconcile, assignLeader, escalate, autoConfirm, awaitCallback };
  }

  /** What the stream gave up on after every retry, redone from the table every quarter of an hour. */
  private reconcileEveryQuarterHour(props: RequestLifecycleProps, stateMachineArn: string): SanzhangFunction {
    const reconcile = new SanzhangFunction(this, 'Reconcile', {
      entry: 'functions/scheduled/reconcile.ts',
      description:
        'Every 15 minutes: stored deliveries not yet requests, requests without a workflow, urgent notices not read in time',
      config: props.config,
      parts: ['workflow'],
      // It walks the district's communities: more than an API call's 10 s.
      timeoutSeconds: 300,
    })
      .bindTable(props.table, 'RW')
      .allowStartExecution(stateMachineArn);
    new events.Rule(this, 'ReconcileSchedule', {
      description: 'Finish what the table stream gave up on: deliveries to requests, requests to workflows',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new eventTargets.LambdaFunction(reconcile.fn, { retryAttempts: 2 })],
    });
    return reconcile;
  }

  /**
   * A lifecycle execution that fails or times out (every retry of a step failed) must not leave its
   * request open without a workflow: a new execution resumes it from the table. An operator's
   * ABORTED is on purpose and stays ended.
   */
  private restartFailedExecutions(props: RequestLifecycleProps, stateMachineArn: string): SanzhangFunction {
    const restartLifecycle = new SanzhangFunction(this, 'RestartLifecycle', {
      entry: 'functions/workflow/restart-lifecycle.ts',
      description:
        'EventBridge: a lifecycle execution failed or timed out; restart it if its request is still open',
      config: props.config,
      parts: ['workflow'],
    })
      .bindTable(props.table, 'RO')
      .allowStartExecution(stateMachineArn);
    new events.Rule(this, 'LifecycleRestarts', {
      description: 'Restart a request lifecycle execution that failed or timed out while its request is open',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT'], stateMachineArn: [stateMachineArn] },
      },
      targets: [new eventTargets.LambdaFunction(restartLifecycle.fn, { retryAttempts: 8 })],
    });
    return restartLifecycle;
  }
}
