import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { lifecycleStateMachineArn } from './request-workflow.js';
import { SanzhangFunction } from './sanzhang-function.js';

/**
 * The requests API: residents raise requests and follow them, leaders and residents act on them.
 * Acting completes the lifecycle's waiting task and texts whoever must act next.
 */
export class RequestsApi extends Construct {
  readonly functions: Record<string, SanzhangFunction>;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const submitRequest = new SanzhangFunction(this, 'SubmitRequest', {
      entry: 'functions/api/submit-request.ts',
      description: 'POST /requests: raise a request',
      config,
    }).bindTable(table, 'RW');
    const listRequests = new SanzhangFunction(this, 'ListRequests', {
      entry: 'functions/api/list-requests.ts',
      description: 'GET /requests',
      config,
    }).bindTable(table, 'RO');
    const getRequest = new SanzhangFunction(this, 'GetRequest', {
      entry: 'functions/api/get-request.ts',
      description: 'GET /requests/{id}',
      config,
    }).bindTable(table, 'RO');
    const actOnRequest = new SanzhangFunction(this, 'ActOnRequest', {
      entry: 'functions/api/act-on-request.ts',
      description: 'POST /requests/{id}/{action}: acknowledge, resolve, escalate, confirm, reject',
      config,
    })
      .bindTable(table, 'RW')
      .allowTaskCallbacks(lifecycleStateMachineArn(this, config.district.id))
      .allowSmsToPhones();

    const requestStats = new SanzhangFunction(this, 'RequestStats', {
      entry: 'functions/api/stats.ts',
      description: 'GET /stats/requests: the charts, from the tallies the lifecycle keeps',
      config,
    }).bindTable(table, 'RO');

    httpApi.route('submit-request', submitRequest.fn);
    httpApi.route('list-requests', listRequests.fn);
    httpApi.route('get-request', getRequest.fn);
    httpApi.route('act-on-request', actOnRequest.fn);
    httpApi.route('stats', requestStats.fn);
    this.functions = { submitRequest, listRequests, getRequest, actOnRequest, requestStats };
  }
}
