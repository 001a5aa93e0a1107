import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';

/** The caller's own corner of the API: their notification preferences and their app inbox. */
export class MeApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const manageMe = new SanzhangFunction(this, 'ManageMe', {
      entry: 'functions/api/me.ts',
      description: '/me: my notification preferences and my app inbox',
      config,
    }).bindTable(table, 'RW');

    httpApi.route('me', manageMe.fn);
    this.functions = { manageMe };
  }
}
