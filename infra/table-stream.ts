import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DistrictTable } from './district-table.js';
import type { SanzhangFunction } from './sanzhang-function.js';

export interface TableStreamToFunctionProps {
  readonly table: DistrictTable;
  readonly target: SanzhangFunction;
  /** What the function is for: a filter pattern on the stream's records (`FilterCriteria.filter`). */
  readonly filter: Record<string, unknown>;
}

/**
 * A stream consumer's on-failure destination with the one permission Lambda uses to park a record
 * there, `sqs:SendMessage` (CDK's `SqsDlq` also grants GetQueueAttributes and GetQueueUrl, which
 * nothing calls).
 */
class SendOnlyDeadLetters implements lambda.IEventSourceDlq {
  constructor(private readonly queue: sqs.IQueue) {}

  bind(_target: lambda.IEventSourceMapping, targetHandler: lambda.IFunction): lambda.DlqDestinationConfig {
    targetHandler.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    return { destination: this.queue.queueArn };
  }
}

/** Items inserted into the table whose `attribute` is `value` (deliveries: `type`; requests: the key's `SK`). */
export const insertedWith = (where: 'NewImage' | 'Keys', attribute: string, value: string) => ({
  eventName: lambda.FilterRule.isEqual('INSERT'),
  dynamodb: { [where]: { [attribute]: { S: lambda.FilterRule.isEqual(value) } } },
});

/**
 * A function fed by the table's stream, filtered to what it is for: every other write never invokes
 * it. A failed record is retried (the function reports which; a batch is bisected), then its
 * pointer is parked in a dead-letter queue whose every message raises an alarm; what it was about is
 * still in the table, where the reconciler (functions/scheduled/reconcile.ts) finds it.
 */
export class TableStreamToFunction extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: TableStreamToFunctionProps) {
    super(scope, id);
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', {
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of a stream consumer: it holds the pointers to the stream records that failed every retry, for an operator to inspect.',
    });
    props.target.fn.addEventSource(
      new DynamoEventSource(props.table.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        onFailure: new SendOnlyDeadLetters(this.deadLetters),
        filters: [lambda.FilterCriteria.filter(props.filter)],
      }),
    );
    Validations.of(props.target.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        "A DynamoDB stream event source needs dynamodb:ListStreams, which does not support resource-level permissions; reading the stream is scoped to this table's stream ARN.",
    });
  }

  /** Any message is a record that is stored but was not handled: a delivery not yet a request, a request without a workflow. */
  deadLetterMetric(period: Duration): cloudwatch.IMetric {
    return this.deadLetters.metricApproximateNumberOfMessagesVisible({
      period,
      statistic: cloudwatch.Stats.MAXIMUM,
    });
  }
}
