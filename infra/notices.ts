import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';

/** Notices to a place (通知公告): the API that posts, lists and confirms them. */
export class Notices extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const manageNotices = new SanzhangFunction(this, 'ManageNotices', {
      entry: 'functions/api/notices.ts',
      description: '/notices, /households/{id}/notices: post a notice, list, read and confirm notices',
      config,
    }).bindTable(table, 'RW');
    httpApi.route('notices', manageNotices.fn);
    this.functions = { manageNotices };
  }
}
