import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';

/** The points API: leaders' accounts and entries, awards and volunteer hours, the rewards catalogue and redemptions. */
export class PointsApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const managePoints = new SanzhangFunction(this, 'ManagePoints', {
      entry: 'functions/api/points.ts',
      description: "/accounts, /points: leaders' balances and entries, one-off awards, volunteer hours",
      config,
    }).bindTable(table, 'RW');
    const manageRewards = new SanzhangFunction(this, 'ManageRewards', {
      entry: 'functions/api/rewards.ts',
      description: '/rewards, /redemptions: the catalogue, redeem, fulfil, cancel',
      config,
    }).bindTable(table, 'RW');

    httpApi.route('points', managePoints.fn);
    httpApi.route('rewards', manageRewards.fn);
    this.functions = { managePoints, manageRewards };
  }
}
