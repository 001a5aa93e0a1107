import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamToFunction } from './table-stream.js';

/**
 * Notices to a place (通知公告): the API that posts, lists and confirms them, and the stream
 * consumer that fans each new notice out to the leaders of its place (reader items and their SMS,
 * queued for the outbox). The unread reminders run in the 15-minute reconciler (RequestLifecycle).
 */
export class Notices extends Construct {
  readonly functions: Record<string, SanzhangFunction>;
  readonly fanOut: TableStreamToFunction;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const manageNotices = new SanzhangFunction(this, 'ManageNotices', {
      entry: 'functions/api/notices.ts',
      description: '/notices, /households/{id}/notices: post a notice, list, read and confirm notices',
      config,
    }).bindTable(table, 'RW');
    httpApi.route('notices', manageNotices.fn);
    const fanOutNotice = new SanzhangFunction(this, 'FanOut', {
      entry: 'functions/notifications/fan-out-notice.ts',
      description: "New notices (the table's stream): a reader item and an SMS per leader of the place",
      config,
      // A community's subtree is a few hundred nodes and posts: reading it and writing each pair takes seconds.
      timeoutSeconds: 60,
    }).bindTable(table, 'RW');
    this.fanOut = new TableStreamToFunction(this, 'NewNotices', {
      table,
      target: fanOutNotice,
      filter: insertedWith('NewImage', 'type', 'notice'),
    });
    this.functions = { manageNotices, fanOutNotice };
  }
}
