import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { setTimeout as sleep } from 'node:timers/promises';

type Json = Record<string, unknown>;
type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

/** One event source mapping: its filter patterns and the handler module its function runs. */
export interface LocalMapping {
  name: string;
  patterns: Json[];
  handler: StreamHandler;
}

/** An EventBridge-style pattern as Lambda's filters use it: every key matches, a leaf lists allowed values. */
export function matchesPattern(pattern: Json, value: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = (value as Json | undefined)?.[key];
    return Array.isArray(expected) ? expected.includes(actual) : matchesPattern(expected as Json, actual);
  });
}

const POLL_MS = 20;
const ATTEMPTS = 5;
/** While the stream cannot be read, the wait between tries doubles up to this. */
const MAX_BACKOFF_MS = 2000;

/**
 * Lambda's event source mappings, played against DynamoDB Local's stream: reads every shard (from
 * when the consumer started), hands each mapping the records its filters (the template's) let
 * through, calling the same handler with the same event; a reported failure is retried from that
 * record, as Lambda does.
 */
export class LocalStreamConsumer {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | undefined>();
  private running = true;
  /** Completed polls of every shard, and the last one that handed records over. */
  private cycle = 0;
  private lastActiveCycle = 0;
  private loop: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(
    private readonly endpoint: string,
    private readonly tableName: string,
    private readonly mappings: LocalMapping[],
    private readonly onFailure: (mapping: string, record: StreamRecord, error: unknown) => void = () =>
      undefined,
    /** Told once when the stream cannot be read any more, and once when it can again. */
    private readonly report: (line: string) => void = () => undefined,
  ) {
    this.streams = new DynamoDBStreamsClient({
      endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  async start(): Promise<this> {
    const tables = new DynamoDBClient({
      endpoint: this.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { Table } = await tables.send(new DescribeTableCommand({ TableName: this.tableName }));
    tables.destroy();
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${this.tableName} has no stream`);
    // What was written before the system started (the demo import) is not for the consumer; what
    // is written once start() has returned is.
    await this.openShards(streamArn, 'LATEST');
    this.loop = this.poll(streamArn);
    return this;
  }

  /** Resolves once everything written so far has been handed to the handler (tests and the benchmark wait on it). */
  async drained(): Promise<void> {
    const from = this.cycle;
    while (this.running && (this.cycle < from + 2 || this.lastActiveCycle >= this.cycle)) {
      await sleep(POLL_MS);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopping.abort();
    await this.loop;
    this.streams.destroy();
  }

  /** Starts reading the shards not read yet: at start from their end, later (new shards) from their beginning. */
  private async openShards(streamArn: string, from: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const { StreamDescription } = await this.streams.send(
      new DescribeStreamCommand({ StreamArn: streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId ?? '';
      if (this.iterators.has(shardId)) continue;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: from }),
      );
      this.iterators.set(shardId, ShardIterator);
    }
  }

  /**
   * Polls until stopped. When the stream cannot be read (DynamoDB Local died or does not answer),
   * it says so once, waits longer and longer between tries, and goes on from where it was.
   */
  private async poll(streamArn: string): Promise<void> {
    let wait = POLL_MS;
    while (this.running) {
      try {
        await this.pollOnce(streamArn);
        if (wait > POLL_MS) this.report(`table stream: ${this.endpoint} answers again; reading resumed`);
        wait = POLL_MS;
      } catch (error) {
        if (!this.running) break;
        if (wait === POLL_MS) {
          this.report(
            `table stream: cannot read ${this.endpoint} (${String(error)}); retrying every ${MAX_BACKOFF_MS / 1000} s at most, while API routes that need the table answer 503`,
          );
        }
        wait = Math.min(Math.max(wait * 2, 100), MAX_BACKOFF_MS);
      }
      await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  private async pollOnce(streamArn: string): Promise<void> {
    let active = false;
    await this.openShards(streamArn, 'TRIM_HORIZON');
    for (const shardId of this.iterators.keys()) {
      active = (await this.readShard(shardId)) || active;
    }
    this.cycle += 1;
    if (active) this.lastActiveCycle = this.cycle;
  }

  /** Whether records were handed over. */
  private async readShard(shardId: string): Promise<boolean> {
    const iterator = this.iterators.get(shardId);
    if (!iterator || !this.running) return false;
    const { Records = [], NextShardIterator } = await this.streams.send(
      new GetRecordsCommand({ ShardIterator: iterator }),
    );
    this.iterators.set(shardId, NextShardIterator);
    let handedOver = false;
    // Each mapping gets its own records, as separate event source mappings on one stream do.
    for (const mapping of this.mappings) {
      const wanted = Records.filter((record) =>
        mapping.patterns.some((pattern) => matchesPattern(pattern, record as unknown as Json)),
      );
      if (wanted.length === 0) continue;
      handedOver = true;
      await this.deliver(mapping, wanted);
    }
    return handedOver;
  }

  private async deliver(mapping: LocalMapping, records: StreamRecord[]): Promise<void> {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      let failedAt: string | undefined;
      try {
        const result = await mapping.handler({ Records: pending } as unknown as DynamoDBStreamEvent);
        failedAt = result.batchItemFailures[0]?.itemIdentifier;
      } catch {
        failedAt = pending[0]?.dynamodb?.SequenceNumber;
      }
      if (failedAt === undefined) return;
      const from = pending.findIndex((record) => record.dynamodb?.SequenceNumber === failedAt);
      pending = pending.slice(Math.max(from, 0));
      if (attempt >= ATTEMPTS) {
        this.onFailure(
          mapping.name,
          pending[0] as StreamRecord,
          new Error(`stream record ${failedAt} failed ${ATTEMPTS} times`),
        );
        pending = pending.slice(1);
        attempt = 0;
      }
    }
  }
}
