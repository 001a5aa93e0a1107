import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { DistrictTable } from './district-table.js';
import { DistrictHttpApi } from './http-api.js';
import { Intake } from './intake.js';
import { Notifications } from './notifications.js';
import {
  LIFECYCLE_STATES,
  LIFECYCLE_TASK_HANDLERS,
  lifecycleStateMachineArn,
  RequestWorkflow,
} from './request-workflow.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamConsumer } from './table-stream.js';
import {
  SETTLEMENT_STATES,
  SETTLEMENT_TASK_HANDLERS,
  settlementStateMachineArn,
  SettlementWorkflow,
} from './settlement-workflow.js';

export interface DistrictStackProps extends Omit<StackProps, 'stackName' | 'env'> {
  readonly config: DistrictConfig;
}

/** `Sanzhang-<districtId>`: the stack's construct id and its CloudFormation name. */
export function districtStackName(config: DistrictConfig): string {
  return `Sanzhang-${config.district.id}`;
}

/**
 * One district's whole system: the API and its user pool, the request lifecycle, the table,
 * the notification topics and the alarms. Each function gets exactly the access it needs.
 */
export class DistrictStack extends Stack {
  readonly table: DistrictTable;
  readonly notifications: Notifications;
  readonly workflow: RequestWorkflow;
  readonly settlement: SettlementWorkflow;
  readonly httpApi: DistrictHttpApi;
  readonly intake: Intake;
  readonly lifecycleStarts: TableStreamConsumer;
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, props: DistrictStackProps) {
    const { config } = props;
    super(scope, districtStackName(config), {
      ...props,
      stackName: districtStackName(config),
      description: `三长联动 Sanzhang for ${config.district.name} (${config.district.id}): resident requests, escalation workflow, notifications.`,
      env: config.deploy ? { account: config.deploy.account, region: config.deploy.region } : undefined,
    });
    const districtId = config.district.id;
    const stateMachineArn = lifecycleStateMachineArn(this, districtId);

    this.table = new DistrictTable(this, 'DistrictTable');
    this.notifications = new Notifications(this, 'Notifications', { config });

    const fn = (id: string, entry: string, description: string) =>
      new SanzhangFunction(this, id, { entry, description, config });

    // The API: residents raise requests, leaders and residents act on them.
    const submitRequest = fn(
      'SubmitRequest',
      'functions/api/submit-request.ts',
      'POST /requests: raise a request',
    ).bindTable(this.table, 'RW');
    const listRequests = fn('ListRequests', 'functions/api/list-requests.ts', 'GET /requests').bindTable(
      this.table,
      'RO',
    );
    const getRequest = fn('GetRequest', 'functions/api/get-request.ts', 'GET /requests/{id}').bindTable(
      this.table,
      'RO',
    );
    const actOnRequest = fn(
      'ActOnRequest',
      'functions/api/act-on-request.ts',
      'POST /requests/{id}/{action}: acknowledge, resolve, escalate, confirm, reject',
    )
      .bindTable(this.table, 'RW')
      .allowTaskCallbacks(stateMachineArn)
      .allowSmsToPhones();

    // The hierarchy as a managed resource. Changing a post or moving a node re-routes open requests:
    // that commits request transitions, texts the new leaders and completes the waiting tasks.
    const manageNodes = fn(
      'ManageNodes',
      'functions/api/nodes.ts',
      '/nodes: create, read, rename, delete, list children, move; appoint and remove leaders',
    )
      .bindTable(this.table, 'RW')
      .allowTaskCallbacks(stateMachineArn)
      .allowSmsToPhones();
    const manageHouseholds = fn(
      'ManageHouseholds',
      'functions/api/households.ts',
      '/households: household records (members, tags, service needs)',
    ).bindTable(this.table, 'RW');
    const managePeople = fn(
      'ManagePeople',
      'functions/api/people.ts',
      '/people: the roster; a changed phone follows to posts and held requests',
    ).bindTable(this.table, 'RW');
    const manageProviders = fn(
      'ManageProviders',
      'functions/api/providers.ts',
      '/providers: the ten staff and volunteer teams requests are dispatched to',
    ).bindTable(this.table, 'RW');
    const managePoints = fn(
      'ManagePoints',
      'functions/api/points.ts',
      "/accounts, /points: leaders' balances and entries, one-off awards, volunteer hours",
    ).bindTable(this.table, 'RW');
    const manageRewards = fn(
      'ManageRewards',
      'functions/api/rewards.ts',
      '/rewards, /redemptions: the catalogue, redeem, fulfil, cancel',
    ).bindTable(this.table, 'RW');
    const manageSettlements = fn(
      'ManageSettlements',
      'functions/api/settlements.ts',
      '/statements, /leaderboards, /settlements: the monthly settlement, and settling a month on demand',
    )
      .bindTable(this.table, 'RO')
      .allowStartSettlement(settlementStateMachineArn(this, districtId));
    const managePartners = fn(
      'ManagePartners',
      'functions/api/partners.ts',
      '/partners: intake partners, their secrets and Open311 API keys',
    ).bindTable(this.table, 'RW');
    this.intake = new Intake(this, 'Intake', { config, table: this.table });
    const regrid = fn(
      'Regrid',
      'functions/api/regrid.ts',
      'POST /regrid: move buildings to another grid and re-route their open requests',
    )
      .bindTable(this.table, 'RW')
      .allowTaskCallbacks(stateMachineArn)
      .allowSmsToPhones();

    // The lifecycle's steps.
    const assignLeader = fn(
      'AssignLeader',
      LIFECYCLE_TASK_HANDLERS[LIFECYCLE_STATES.assignToLeader],
      'Lifecycle: route a request to the unit leader of the household',
    )
      .bindTable(this.table, 'RW')
      .allowSmsToPhones()
      .bindSupervisorsTopic(this.notifications.supervisorsTopic);
    const escalate = fn(
      'Escalate',
      LIFECYCLE_TASK_HANDLERS[LIFECYCLE_STATES.escalate],
      'Lifecycle: escalate a request to the next level',
    )
      .bindTable(this.table, 'RW')
      .allowSmsToPhones()
      .bindSupervisorsTopic(this.notifications.supervisorsTopic);
    const autoConfirm = fn(
      'AutoConfirm',
      LIFECYCLE_TASK_HANDLERS[LIFECYCLE_STATES.autoConfirm],
      'Lifecycle: confirm a resolved request the resident left unanswered',
    )
      .bindTable(this.table, 'RW')
      .allowSmsToPhones()
      .bindSupervisorsTopic(this.notifications.supervisorsTopic);
    // Whatever stores a request (the app, a partner's delivery), its insert starts the lifecycle.
    const startLifecycle = fn(
      'StartLifecycle',
      'functions/workflow/start-lifecycle.ts',
      "Table stream: start each new request's lifecycle execution",
    ).allowStartExecution(stateMachineArn);
    this.lifecycleStarts = new TableStreamConsumer(this, 'LifecycleStarts', {
      table: this.table,
      consumer: startLifecycle,
      filter: insertedWith('Keys', 'SK', 'REQUEST'),
    });
    // What the stream gave up on after every retry, redone from the table every quarter of an hour.
    const reconcile = new SanzhangFunction(this, 'Reconcile', {
      entry: 'functions/scheduled/reconcile.ts',
      description: 'Every 15 minutes: stored deliveries not yet requests, and requests without a workflow',
      config,
      // It walks the district's communities: more than an API call's 10 s.
      timeoutSeconds: 300,
    })
      .bindTable(this.table, 'RW')
      .allowStartExecution(stateMachineArn);
    new events.Rule(this, 'ReconcileSchedule', {
      description: 'Finish what the table stream gave up on: deliveries to requests, requests to workflows',
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new eventTargets.LambdaFunction(reconcile.fn, { retryAttempts: 2 })],
    });
    // A lifecycle execution that fails or times out (every retry of a step failed) must not leave its
    // request open without a workflow: a new execution resumes it from the table. An operator's
    // ABORTED is on purpose and stays ended.
    const restartLifecycle = fn(
      'RestartLifecycle',
      'functions/workflow/restart-lifecycle.ts',
      'EventBridge: a lifecycle execution failed or timed out; restart it if its request is still open',
    )
      .bindTable(this.table, 'RO')
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
    const awaitCallback = fn(
      'AwaitCallback',
      LIFECYCLE_TASK_HANDLERS[LIFECYCLE_STATES.awaitLeader],
      'Lifecycle: store the task token of a wait on the request',
    )
      .bindTable(this.table, 'RW')
      .allowTaskCallbacks(stateMachineArn);

    // The monthly settlement's steps.
    const settlementStep = (id: string, state: keyof typeof SETTLEMENT_TASK_HANDLERS, description: string) =>
      new SanzhangFunction(this, id, {
        entry: SETTLEMENT_TASK_HANDLERS[state],
        description,
        config,
        timeoutSeconds: 300,
      });
    const startSettlement = settlementStep(
      'StartSettlement',
      SETTLEMENT_STATES.startSettlement,
      'Settlement: check the month, open the run, list the communities',
    ).bindTable(this.table, 'RW');
    const settleCommunity = settlementStep(
      'SettleCommunity',
      SETTLEMENT_STATES.settleCommunity,
      "Settlement: a community's statements, ranks and bonuses",
    ).bindTable(this.table, 'RW');
    const rankDistrict = settlementStep(
      'RankDistrict',
      SETTLEMENT_STATES.rankDistrict,
      "Settlement: the district's ranks and leaderboard",
    ).bindTable(this.table, 'RW');
    const notifyCommunity = settlementStep(
      'NotifyCommunity',
      SETTLEMENT_STATES.notifyCommunity,
      "Settlement: district ranks, SMS summaries and CSV rows of a community's leaders",
    )
      .bindTable(this.table, 'RW')
      .allowSmsToPhones();
    const finishSettlement = settlementStep(
      'FinishSettlement',
      SETTLEMENT_STATES.finishSettlement,
      'Settlement: close the month',
    ).bindTable(this.table, 'RW');

    this.functions = {
      submitRequest,
      listRequests,
      getRequest,
      actOnRequest,
      manageNodes,
      manageHouseholds,
      managePeople,
      manageProviders,
      managePoints,
      manageRewards,
      manageSettlements,
      regrid,
      managePartners,
      receiveDelivery: this.intake.receiveDelivery,
      open311: this.intake.open311,
      processDeliveries: this.intake.processDeliveries,
      startLifecycle,
      reconcile,
      assignLeader,
      escalate,
      autoConfirm,
      awaitCallback,
      startSettlement,
      settleCommunity,
      rankDistrict,
      notifyCommunity,
      finishSettlement,
    };

    this.workflow = new RequestWorkflow(this, 'RequestLifecycle', {
      districtId,
      assignLeader: assignLeader.fn,
      awaitCallback: awaitCallback.fn,
      escalate: escalate.fn,
      autoConfirm: autoConfirm.fn,
    });

    this.settlement = new SettlementWorkflow(this, 'MonthlySettlement', {
      districtId,
      timeZone: config.district.timeZone,
      startSettlement: startSettlement.fn,
      settleCommunity: settleCommunity.fn,
      rankDistrict: rankDistrict.fn,
      notifyCommunity: notifyCommunity.fn,
      finishSettlement: finishSettlement.fn,
    });

    this.httpApi = new DistrictHttpApi(this, 'HttpApi', {
      districtId,
      handlers: {
        'submit-request': submitRequest.fn,
        'list-requests': listRequests.fn,
        'get-request': getRequest.fn,
        'act-on-request': actOnRequest.fn,
        nodes: manageNodes.fn,
        households: manageHouseholds.fn,
        people: managePeople.fn,
        providers: manageProviders.fn,
        regrid: regrid.fn,
        points: managePoints.fn,
        rewards: manageRewards.fn,
        settlements: manageSettlements.fn,
        partners: managePartners.fn,
        'receive-delivery': this.intake.receiveDelivery.fn,
        open311: this.intake.open311.fn,
      },
    });

    this.addAlarms();

    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: this.httpApi.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.httpApi.userPoolClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SettlementStateMachineArn', {
      value: this.settlement.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
  }

  /** Operators hear by e-mail when a lifecycle fails, a function errs or the API answers 5xx. */
  private addAlarms(): void {
    const action = new SnsAction(this.notifications.alarmsTopic);
    const period = Duration.minutes(5);
    const alarm = (id: string, metric: cloudwatch.IMetric, description: string) =>
      new cloudwatch.Alarm(this, id, {
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      }).addAlarmAction(action);

    const stateMachine = this.workflow.stateMachine;
    alarm(
      'LifecycleFailedAlarm',
      stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      'A request lifecycle execution failed: the restart rule gives an open request a new execution (at most 5 times); find out why it failed.',
    );
    alarm(
      'SettlementFailedAlarm',
      this.settlement.stateMachine.metricFailed({ period, statistic: cloudwatch.Stats.SUM }),
      'A monthly settlement failed: re-run it (it resumes where it stopped).',
    );
    alarm(
      'DeliveryDeadLettersAlarm',
      this.intake.deliveries.deadLetterMetric(period),
      'A partner delivery failed every retry of the stream: it is stored but not yet a request; the reconciler retries it from the table every 15 minutes (its errors alarm too); the message names the stream records.',
    );
    alarm(
      'LifecycleStartDeadLettersAlarm',
      this.lifecycleStarts.deadLetterMetric(period),
      'A new request could not start its lifecycle after every retry of the stream: the reconciler retries it from the table every 15 minutes; the message names the stream records.',
    );
    alarm(
      'ApiServerErrorsAlarm',
      this.httpApi.api.metricServerError({ period, statistic: cloudwatch.Stats.SUM }),
      'The HTTP API answered 5xx.',
    );
    for (const [name, fn] of Object.entries(this.functions)) {
      alarm(
        `${fn.node.id}ErrorsAlarm`,
        fn.fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM }),
        `The ${name} function failed (unhandled error or timeout).`,
      );
    }
  }
}
