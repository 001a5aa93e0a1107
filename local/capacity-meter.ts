import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

interface ConsumedCapacity {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  CapacityUnits?: number;
}

export interface Capacity {
  read: number;
  write: number;
  calls: number;
}

const READS = new Set([
  'GetItemCommand',
  'BatchGetItemCommand',
  'QueryCommand',
  'ScanCommand',
  'TransactGetItemsCommand',
]);

/**
 * Asks DynamoDB for the capacity every call consumes (ReturnConsumedCapacity: TOTAL) and adds it
 * up, so the benchmark reports measured units, not estimates.
 */
export class CapacityMeter {
  private totals: Capacity = { read: 0, write: 0, calls: 0 };

  constructor(db: DynamoDBDocumentClient) {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        (args.input as Record<string, unknown>).ReturnConsumedCapacity = 'TOTAL';
        const result = await next(args);
        const output = result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] };
        const consumed = [output.ConsumedCapacity ?? []].flat();
        const isRead = READS.has(context.commandName ?? '');
        for (const unit of consumed) {
          const total = unit.CapacityUnits ?? 0;
          this.totals.read += unit.ReadCapacityUnits ?? (isRead ? total : 0);
          this.totals.write += unit.WriteCapacityUnits ?? (isRead ? 0 : total);
        }
        this.totals.calls += 1;
        return result;
      },
      { step: 'initialize', name: 'capacityMeter' },
    );
  }

  /** The capacity consumed since the last reset, then starts counting again. */
  take(): Capacity {
    const taken = this.totals;
    this.totals = { read: 0, write: 0, calls: 0 };
    return taken;
  }
}
