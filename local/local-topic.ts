import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { NotificationTopic } from '../shared/adapters/notification-topic.js';
import { eventAttributes, type NotificationEvent } from '../shared/domain/notification.js';
import { matchesFilterPolicy, type MessageAttribute } from './sns-filter-policy.js';
import {
  LOCAL_ENVIRONMENT,
  queueDefinitions,
  queueMappings,
  topicSubscriptions,
  type QueueDefinition,
  type QueueMapping,
  type TopicSubscription,
} from './synthesized-template.js';
import type { UsageMeter } from './usage-meter.js';

type Json = Record<string, unknown>;

/** A queue's consumer: the handler module of the function its event source mapping invokes. */
export type QueueConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

/** The notifications topic's logical id starts so (infra/notifications.ts). */
export const NOTIFICATIONS_TOPIC_PREFIX = 'NotificationsNotificationsTopic';

interface QueuedMessage {
  messageId: string;
  body: string;
  attributes: Record<string, MessageAttribute>;
  sentAt: number;
  receiveCount: number;
}

/** A message a queue gave up on after maxReceiveCount receives, as its dead-letter queue holds it. */
export interface DeadLetter {
  queue: string;
  deadLetterQueue: string;
  body: string;
  receiveCount: number;
}

/** An e-mail the topic would have sent. */
export interface LocalEmail {
  to: string;
  body: string;
}

export interface LocalTopicOptions {
  /** How long a failed message stays invisible before it is received again, from its visibility timeout (ms). */
  redeliveryDelayMs: (visibilityTimeoutSeconds: number) => number;
  print?: (line: string) => void;
  /** Counts the topic's publishes, the queues' messages and batches, and each consumer's invocations. */
  meter?: UsageMeter;
}

const arn = (service: string, name: string) =>
  `arn:${LOCAL_ENVIRONMENT.partition}:${service}:${LOCAL_ENVIRONMENT.region}:${LOCAL_ENVIRONMENT.accountId}:${name}`;

/**
 * One SQS queue and the function its event source mapping feeds, played in process: batches of the
 * mapping's size, one batch at a time; a message the consumer reports failed (or all of a batch
 * whose invocation threw, or whose report names an unknown id) is received again after the
 * visibility timeout, and after maxReceiveCount receives goes to the dead-letter list.
 */
class LocalQueue {
  private readonly visible: QueuedMessage[] = [];
  private readonly invisible = new Set<ReturnType<typeof setTimeout>>();
  private working: Promise<void> | undefined;

  constructor(
    readonly definition: QueueDefinition,
    private readonly mapping: QueueMapping,
    private readonly consumer: QueueConsumer,
    private readonly deadLetters: DeadLetter[],
    private readonly options: LocalTopicOptions,
  ) {}

  send(message: QueuedMessage): void {
    this.visible.push(message);
    this.work();
  }

  get idle(): boolean {
    return this.visible.length === 0 && this.invisible.size === 0 && this.working === undefined;
  }

  stop(): void {
    for (const timer of this.invisible) clearTimeout(timer);
    this.invisible.clear();
    this.visible.length = 0;
  }

  private work(): void {
    this.working ??= this.receiveAll().finally(() => {
      this.working = undefined;
      if (this.visible.length > 0) this.work();
    });
  }

  private async receiveAll(): Promise<void> {
    while (this.visible.length > 0) {
      const batch = this.visible.splice(0, this.mapping.batchSize);
      for (const message of batch) message.receiveCount += 1;
      const failed = await this.invoke(batch);
      for (const message of batch.filter((candidate) => failed.has(candidate.messageId)))
        this.failed(message);
    }
  }

  /** The ids of the messages that were not done. */
  private async invoke(batch: QueuedMessage[]): Promise<Set<string>> {
    const everything = new Set(batch.map((message) => message.messageId));
    try {
      const event = { Records: batch.map((message) => this.record(message)) };
      const meter = this.options.meter;
      meter?.count('queueBatches');
      const response = await (meter
        ? meter.invoke(this.mapping.functionLogicalId, () => this.consumer(event))
        : this.consumer(event));
      if (!this.mapping.reportBatchItemFailures) return new Set();
      const reported = (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
      // Lambda fails the whole batch when a reported id is not one of its messages.
      return reported.every((id) => everything.has(id)) ? new Set(reported) : everything;
    } catch (error) {
      this.options.print?.(
        `${this.definition.logicalId}: the consumer failed a batch of ${batch.length}: ${String(error)}`,
      );
      return everything;
    }
  }

  private failed(message: QueuedMessage): void {
    const redrive = this.definition.redrive;
    if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
      this.deadLetters.push({
        queue: this.definition.logicalId,
        deadLetterQueue: redrive.deadLetterQueueLogicalId,
        body: message.body,
        receiveCount: message.receiveCount,
      });
      this.options.print?.(
        `${this.definition.logicalId}: message ${message.messageId} failed ${message.receiveCount} times and went to ${redrive.deadLetterQueueLogicalId}`,
      );
      return;
    }
    const timer = setTimeout(() => {
      this.invisible.delete(timer);
      this.send(message);
    }, this.options.redeliveryDelayMs(this.definition.visibilityTimeoutSeconds));
    this.invisible.add(timer);
  }

  private record(message: QueuedMessage): SQSRecord {
    const messageAttributes: SQSMessageAttributes = Object.fromEntries(
      Object.entries(message.attributes).map(([name, attribute]) => [
        name,
        {
          dataType: attribute.DataType,
          stringValue: attribute.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    );
    return {
      messageId: message.messageId,
      receiptHandle: `${message.messageId}-${message.receiveCount}`,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: 'sns.amazonaws.com',
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes,
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: arn('sqs', this.definition.logicalId),
      awsRegion: LOCAL_ENVIRONMENT.region,
    };
  }
}

/**
 * The district's notifications topic, played as SNS plays it, from the synthesized template: each
 * published event goes to every subscription whose filter policy its attributes match (SNS's
 * semantics, local/sns-filter-policy.ts); a queue subscription's queue feeds its function's handler
 * module as the event source mapping would; e-mails are kept and printed. Delivery is
 * asynchronous, as SNS's is: `drained()` waits for it.
 */
export class LocalTopic implements NotificationTopic {
  readonly emails: LocalEmail[] = [];

  private constructor(
    private readonly subscriptions: TopicSubscription[],
    private readonly queues: Map<string, LocalQueue>,
    /** What the queues gave up on, as their dead-letter queues would hold it. */
    readonly deadLetters: DeadLetter[],
    private readonly options: LocalTopicOptions,
  ) {}

  /**
   * The topic whose logical id starts with `NOTIFICATIONS_TOPIC_PREFIX`, its subscriptions, their
   * queues and the functions that consume them. `consumers` names each function's handler module by
   * the start of its logical id (its construct path).
   */
  static fromTemplate(
    template: Json,
    consumers: Record<string, QueueConsumer>,
    options: LocalTopicOptions,
  ): LocalTopic {
    const subscriptions = topicSubscriptions(template).filter((subscription) =>
      subscription.topicLogicalId.startsWith(NOTIFICATIONS_TOPIC_PREFIX),
    );
    if (subscriptions.length === 0)
      throw new Error('the template has no subscription to the notifications topic');
    const onBody = subscriptions.find(
      (subscription) => subscription.filterPolicyScope !== 'MessageAttributes',
    );
    if (onBody) throw new Error(`${onBody.logicalId}: the local topic filters on message attributes only`);
    const definitions = new Map(queueDefinitions(template).map((queue) => [queue.logicalId, queue]));
    const mappings = queueMappings(template);
    const deadLetters: DeadLetter[] = [];
    const queues = new Map<string, LocalQueue>();
    for (const subscription of subscriptions.filter((candidate) => candidate.protocol === 'sqs')) {
      // The consumers parse the body as the event: without raw delivery it would be SNS's envelope.
      if (!subscription.rawMessageDelivery) {
        throw new Error(`${subscription.logicalId}: the local topic plays raw message delivery only`);
      }
      const definition = definitions.get(subscription.endpoint);
      const mapping = mappings.find((candidate) => candidate.queueLogicalId === subscription.endpoint);
      if (!definition || !mapping)
        throw new Error(`queue ${subscription.endpoint} has no consumer in the template`);
      const name = Object.keys(consumers).find((prefix) => mapping.functionLogicalId.startsWith(prefix));
      if (!name) throw new Error(`no local handler for the queue consumer ${mapping.functionLogicalId}`);
      queues.set(
        subscription.endpoint,
        new LocalQueue(definition, mapping, consumers[name] as QueueConsumer, deadLetters, options),
      );
    }
    return new LocalTopic(subscriptions, queues, deadLetters, options);
  }

  async publish(event: NotificationEvent): Promise<string> {
    const messageId = randomUUID();
    const message = JSON.stringify(event);
    const attributes = eventAttributes(event);
    const sentAt = Date.now();
    this.options.meter?.count('topicPublishes');
    for (const subscription of this.subscriptions) {
      if (!matchesFilterPolicy(subscription.filterPolicy, attributes)) continue;
      if (subscription.protocol === 'sqs') {
        this.options.meter?.count('queueMessages');
        this.queues.get(subscription.endpoint)?.send({
          messageId: randomUUID(),
          body: message,
          attributes,
          sentAt,
          receiveCount: 0,
        });
      } else {
        this.emails.push({ to: subscription.endpoint, body: message });
        this.options.print?.(`e-mail → ${subscription.endpoint}: ${event.kind} ${event.key}`);
      }
    }
    return messageId;
  }

  /** Whether every delivery so far is done: consumed, or parked in a dead-letter list. */
  get idle(): boolean {
    return [...this.queues.values()].every((queue) => queue.idle);
  }

  /** Resolves once the topic is idle. */
  async drained(): Promise<void> {
    while (!this.idle) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  stop(): void {
    for (const queue of this.queues.values()) queue.stop();
  }
}
