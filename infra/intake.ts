import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import type { DistrictTable } from './district-table.js';
import { SanzhangFunction } from './sanzhang-function.js';

export interface IntakeProps {
  readonly config: DistrictConfig;
  readonly table: DistrictTable;
  readonly stateMachineArn: string;
}

/**
 * Third-party intake: the webhook that stores a partner's delivery and answers 202, the Open311
 * API, and the consumer of the table's stream that turns each stored delivery into a request. The
 * stream is what makes "never lost" hold: the stored delivery itself starts the processing, failed
 * records are retried, then parked in a dead-letter queue that raises an alarm.
 */
export class Intake extends Construct {
  readonly receiveDelivery: SanzhangFunction;
  readonly open311: SanzhangFunction;
  readonly processDeliveries: SanzhangFunction;
  readonly deadLetters: sqs.Queue;

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
      'Table stream: turn each stored delivery into a request (a household or triage) and start its lifecycle',
    )
      .bindTable(props.table, 'RW')
      .allowStartExecution(props.stateMachineArn);

    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter destination of the delivery stream: it holds the records that failed every retry, for an operator to re-drive.',
    });
    this.processDeliveries.fn.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SqsDlq(this.deadLetters),
        // Only new deliveries: every other write to the table never invokes the function.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { type: { S: lambda.FilterRule.isEqual('delivery') } } },
          }),
        ],
      }),
    );
  }

  /** Any record in the dead-letter queue is a delivery that is stored but not yet a request. */
  deadLetterMetric(period: Duration): cloudwatch.IMetric {
    return this.deadLetters.metricApproximateNumberOfMessagesVisible({
      period,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
  }
}
