import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';

/** The outbox as the console reads it: the SMS of a day, queued, held and sent. Reads only. */
export class MessagesApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const listMessages = new SanzhangFunction(this, 'ListMessages', {
      entry: 'functions/api/messages.ts',
      description: 'GET /messages: the SMS of a day',
      config,
    }).bindTable(table, 'RO');
    httpApi.route('messages', listMessages.fn);
    this.functions = { listMessages };
  }
}
