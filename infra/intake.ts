import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { DistrictTable } from './district-table.js';
import { SanzhangFunction } from './sanzhang-function.js';
import { insertedWith, TableStreamConsumer } from './table-stream.js';

export interface IntakeProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
}

/**
 * Third-party intake: the webhook that stores a partner's delivery and answers 202, the Open311
 * API, and the consumer of the table's stream that turns each stored delivery into a request. The
 * stream is what makes "never lost" hold: the stored delivery itself starts the processing.
 */
export class Intake extends Construct {
  readonly receiveDelivery: SanzhangFunction;
  readonly open311: SanzhangFunction;
  readonly processDeliveries: SanzhangFunction;
  readonly deliveries: TableStreamConsumer;

  constructor(scope: Construct, id: string, props: IntakeProps) {
    super(scope, id);
    const fn = (fnId: string, entry: string, description: string) =>
      new SanzhangFunction(this, fnId, { entry, description, config: props.config });

    this.receiveDelivery = fn(
      'ReceiveDelivery',
      'functions/intake/receive-delivery.ts',
      "POST /intake/{partnerId}: check a partner's delivery, store it raw, answer 202",
    ).bindTable(props.table, 'RW');
    this.open311 = fn(
      'Open311',
      'functions/intake/open311.ts',
      '/open311/v2: GeoReport v2 discovery, services, requests and tokens (XML and JSON)',
    ).bindTable(props.table, 'RW');
    this.processDeliveries = fn(
      'ProcessDeliveries',
      'functions/intake/process-deliveries.ts',
      'Table stream: turn each stored delivery into a request (in a household or in triage)',
    ).bindTable(props.table, 'RW');

    this.deliveries = new TableStreamConsumer(this, 'Deliveries', {
      table: props.table,
      consumer: this.processDeliveries,
      filter: insertedWith('NewImage', 'type', 'delivery'),
    });
  }
}
