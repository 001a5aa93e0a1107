import { Construct } from 'constructs';
import type { ApiConstructProps } from './http-api.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamToFunction } from './table-stream.js';

/**
 * Third-party intake: the partners the district takes requests from (their secrets and Open311
 * API keys), the webhook that stores a partner's delivery and answers 202, the Open311 API, and
 * the consumer of the table's stream that turns each stored delivery into a request. The stream
 * is what makes "never lost" hold: the stored delivery itself starts the processing.
 */
export class Intake extends Construct {
  readonly functions: Record<string, SanzhangFunction>;
  readonly deliveries: TableStreamToFunction;

  constructor(scope: Construct, id: string, props: ApiConstructProps) {
    super(scope, id);
    const { config, table, httpApi } = props;
    const managePartners = new SanzhangFunction(this, 'ManagePartners', {
      entry: 'functions/api/partners.ts',
      description: '/partners: intake partners, their secrets and Open311 API keys',
      config,
    }).bindTable(table, 'RW');
    const receiveDelivery = new SanzhangFunction(this, 'ReceiveDelivery', {
      entry: 'functions/intake/receive-delivery.ts',
      description: "POST /intake/{partnerId}: check a partner's delivery, store it raw, answer 202",
      config,
    }).bindTable(table, 'RW');
    const open311 = new SanzhangFunction(this, 'Open311', {
      entry: 'functions/intake/open311.ts',
      description: '/open311/v2: GeoReport v2 discovery, services, requests and tokens (XML and JSON)',
      config,
    }).bindTable(table, 'RW');
    const processDeliveries = new SanzhangFunction(this, 'ProcessDeliveries', {
      entry: 'functions/intake/process-deliveries.ts',
      description: 'Table stream: turn each stored delivery into a request (in a household or in triage)',
      config,
    }).bindTable(table, 'RW');

    this.deliveries = new TableStreamToFunction(this, 'Deliveries', {
      table,
      target: processDeliveries,
      filter: insertedWith('NewImage', 'type', 'delivery'),
    });
    httpApi.route('partners', managePartners.fn);
    httpApi.route('receive-delivery', receiveDelivery.fn);
    httpApi.route('open311', open311.fn);
    this.functions = { managePartners, receiveDelivery, open311, processDeliveries };
  }
}
