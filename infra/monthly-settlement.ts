import { Construct } from 'constructs';
import { deploymentProfile } from './deployment-profile.js';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import {
  SETTLEMENT_STATES,
  SETTLEMENT_TASK_HANDLERS,
  settlementStateMachineArn,
  SettlementWorkflow,
} from './settlement-workflow.js';

/**
 * The monthly settlement: its state machine and schedule (settlement-workflow.ts) with the
 * functions of its steps, and the API that reads statements and leaderboards and settles a month
 * on demand.
 */
export class MonthlySettlement extends Construct {
  readonly workflow: SettlementWorkflow;
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    // Each step works through a whole community or the district: more than an API call's 10 s.
    const step = (stepId: string, state: keyof typeof SETTLEMENT_TASK_HANDLERS, description: string) =>
      new SanzhangFunction(this, stepId, {
        entry: SETTLEMENT_TASK_HANDLERS[state],
        description,
        config,
        timeoutSeconds: 300,
      }).bindTable(table, 'RW');
    const startSettlement = step(
      'StartSettlement',
      SETTLEMENT_STATES.startSettlement,
      'Settlement: check the month, open the run, list the communities',
    );
    const settleCommunity = step(
      'SettleCommunity',
      SETTLEMENT_STATES.settleCommunity,
      "Settlement: a community's statements, ranks and bonuses",
    );
    const rankDistrict = step(
      'RankDistrict',
      SETTLEMENT_STATES.rankDistrict,
      "Settlement: the district's ranks and leaderboard",
    );
    const notifyCommunity = step(
      'NotifyCommunity',
      SETTLEMENT_STATES.notifyCommunity,
      "Settlement: district ranks, SMS summaries and CSV rows of a community's leaders",
    );
    const finishSettlement = step(
      'FinishSettlement',
      SETTLEMENT_STATES.finishSettlement,
      'Settlement: close the month',
    );
    this.workflow = new SettlementWorkflow(this, 'Workflow', {
      districtId: config.district.id,
      timeZone: config.district.timeZone,
      tracing: deploymentProfile(config).tracing,
      startSettlement: startSettlement.fn,
      settleCommunity: settleCommunity.fn,
      rankDistrict: rankDistrict.fn,
      notifyCommunity: notifyCommunity.fn,
      finishSettlement: finishSettlement.fn,
    });

    const manageSettlements = new SanzhangFunction(this, 'ManageSettlements', {
      entry: 'functions/api/settlements.ts',
      description:
        '/statements, /leaderboards, /settlements: the monthly settlement, and settling a month on demand',
      config,
      parts: ['settlement'],
    })
      .bindTable(table, 'RO')
      .allowStartSettlement(settlementStateMachineArn(this, config.district.id));
    httpApi.route('settlements', manageSettlements.fn);
    this.functions = {
      manageSettlements,
      startSettlement,
      settleCommunity,
      rankDistrict,
      notifyCommunity,
      finishSettlement,
    };
  }
}
