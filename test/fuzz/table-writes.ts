import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalSystem } from '../../local/local-system.js';

/** One item written (inserted, changed or removed), by its key. */
export interface TableWrite {
  event: string;
  key: string;
}

const keyOf = (item: Record<string, unknown>) => `${String(item.PK)} | ${String(item.SK)}`;

/**
 * Every write to the table since the last `take()`, read from DynamoDB Local's stream by the test
 * harness itself (not the product's consumer): a case's writes are read right after its answer,
 * so each write is laid at the door of the request that made it.
 */
export class TableWrites {
  private readonly streams: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | undefined>();
  private streamArn = '';

  constructor(private readonly system: LocalSystem) {
    this.streams = new DynamoDBStreamsClient({
      endpoint: system.stack.dynamoDb.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  async start(): Promise<this> {
    const { Table } = await this.system.observer.db.send(
      new DescribeTableCommand({ TableName: this.system.observer.name }),
    );
    this.streamArn = Table?.LatestStreamArn ?? '';
    if (!this.streamArn) throw new Error('the table has no stream');
    await this.openShards('LATEST');
    return this;
  }

  /** The writes since the previous call. */
  async take(): Promise<TableWrite[]> {
    await this.openShards('TRIM_HORIZON');
    const writes: TableWrite[] = [];
    for (const [shardId, iterator] of this.iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await this.streams.send(
        new GetRecordsCommand({ ShardIterator: iterator }),
      );
      this.iterators.set(shardId, NextShardIterator);
      for (const record of Records) {
        const keys = record.dynamodb?.Keys ?? {};
        writes.push({
          event: record.eventName ?? '?',
          key: `${keys.PK?.S ?? '?'} | ${keys.SK?.S ?? '?'}`,
        });
      }
    }
    return writes;
  }

  stop(): void {
    this.streams.destroy();
  }

  private async openShards(from: 'LATEST' | 'TRIM_HORIZON'): Promise<void> {
    const { StreamDescription } = await this.streams.send(
      new DescribeStreamCommand({ StreamArn: this.streamArn }),
    );
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId ?? '';
      if (this.iterators.has(shardId)) continue;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ShardIteratorType: from }),
      );
      this.iterators.set(shardId, ShardIterator);
    }
  }
}

/** Every item of the table by key, as JSON (tests only: the product never scans). */
export async function tableSnapshot(system: LocalSystem): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await system.observer.db.send(
      new ScanCommand({ TableName: system.observer.name, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.set(keyOf(item), JSON.stringify(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The keys whose item was added, changed or removed between two snapshots. */
export function changedKeys(before: Map<string, string>, after: Map<string, string>): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key));
}
