import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN } from '../../demo/demo-intake.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { startDynamoDbLocal, type RunningDynamoDb } from '../../local/dynamodb-local.js';
import { LocalStreamConsumer } from '../../local/local-stream.js';
import { LocalSystem } from '../../local/local-system.js';
import { config, district, household } from '../support/fixtures.js';

/**
 * The local run survives what production survives: DynamoDB Local dying leaves the server up,
 * answering 503 problem+json where the table is needed and everything else as before; the table
 * stream waits and resumes; stopping aborts the open workflows without calling them failed.
 */
describe('DynamoDB Local dies under the running system', () => {
  const system = new LocalSystem(config);
  const resident = household().residents[0]?.personId ?? '';
  let requestId = '';

  beforeAll(async () => {
    await system.start();
  });
  afterAll(async () => {
    await system.stop().catch(() => undefined);
  });

  it('lists everyone who can sign in, with their roles, the district admin included', async () => {
    const people = (await system.call('GET', '/local/people')).body as unknown as {
      id: string;
      roles: { role: string; scope: string }[];
    }[];
    const rolesOf = (id: string) => people.find((person) => person.id === id)?.roles.map((role) => role.role);
    expect(rolesOf(DEMO_ADMIN.id)).toEqual(['district_admin']);
    expect(rolesOf(resident)).toEqual(['resident']);
    expect(rolesOf('p-0269')).toEqual(['service_staff']);
    expect(rolesOf('p-0002')).toContain('community_staff');
    const allRoles = new Set(people.flatMap((person) => person.roles.map((role) => role.role)));
    expect([...allRoles].sort()).toEqual(
      [
        'building_leader',
        'community_staff',
        'district_admin',
        'grid_leader',
        'resident',
        'service_staff',
        'street_staff',
        'unit_leader',
      ].sort(),
    );
    expect(people.map((person) => person.id).sort()).toEqual(
      [...district.persons.map((person) => person.id), DEMO_ADMIN.id].sort(),
    );
    // Each of them gets a token; the admin's is honoured where only an admin may go.
    for (const person of people) {
      const token = await system.call('GET', `/local/token?person=${person.id}`, { raw: true });
      expect(token.status, person.id).toBe(200);
    }
    const admin = await system.call('GET', '/partners', { as: DEMO_ADMIN.id });
    expect(admin.status).toBe(200);
  });

  it('while it is up, a request is raised and its workflow waits for the leader', async () => {
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '单元门禁坏了', householdId: DEMO_HOUSEHOLD_ID },
    });
    expect(submitted.status).toBe(201);
    requestId = String(submitted.body.id);
    await system.streamHandled();
    await system.waitFor(requestId, 'AwaitLeader');
  });

  it('API routes answer 503 problem+json, the local routes still answer, the console says it once', async () => {
    await system.stack.dynamoDb.stop();
    for (const [method, path] of [
      ['GET', `/requests/${requestId}`],
      ['GET', '/requests?status=assigned'],
      ['POST', `/requests/${requestId}/acknowledge`],
    ] as const) {
      const response = await system.call(method, path, { as: resident });
      expect(response.status, `${method} ${path}`).toBe(503);
      expect(response.body).toMatchObject({ status: 503, title: 'Service unavailable' });
    }
    const token = await system.call('GET', `/local/token?person=${resident}`, { raw: true });
    expect(token.status).toBe(200);
    expect(String(token.body.text)).toMatch(/^ey/);
    expect((await system.call('GET', '/local/people')).status).toBe(200);
    await sleep(1500);
    expect(system.printed.filter((line) => line.startsWith('DynamoDB Local exited'))).toHaveLength(1);
    expect(system.printed.filter((line) => line.startsWith('table stream: cannot read'))).toHaveLength(1);
  });

  it('stopping aborts the open workflow without reporting it failed', async () => {
    const started = Date.now();
    await system.stop();
    expect(Date.now() - started).toBeLessThan(5000);
    const ended = await Promise.race([
      system.workflow.finished(requestId).then(
        () => 'completed',
        (error: unknown) => (error as Error).name,
      ),
      sleep(3000).then(() => 'still running'),
    ]);
    expect(ended).toBe('ExecutionAbortedError');
    await sleep(200);
    expect(system.failures).toEqual([]);
  });
});

/** A TCP proxy in front of DynamoDB Local that can be taken down and brought back on the same port. */
class Outage {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  constructor(target: number) {
    this.server = createServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
  }

  up(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(this.port, '127.0.0.1', () => {
        this.port = (this.server.address() as { port: number }).port;
        resolve();
      }),
    );
  }

  down(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    return closed;
  }
}

describe('the table stream when DynamoDB Local is unreachable', () => {
  let dynamoDb: RunningDynamoDb;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamoDb = await startDynamoDbLocal();
    client = new DynamoDBClient({
      endpoint: dynamoDb.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client.send(
      new CreateTableCommand({
        TableName: 'outage',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' },
      }),
    );
  });
  afterAll(async () => {
    client.destroy();
    await dynamoDb.stop();
  });

  it('says so once, backs off, and resumes from where it was when it answers again', async () => {
    const outage = new Outage(Number(new URL(dynamoDb.endpoint).port));
    await outage.up();
    const handled: string[] = [];
    const reported: string[] = [];
    const consumer = await new LocalStreamConsumer(
      `http://127.0.0.1:${outage.port}`,
      'outage',
      [
        {
          name: 'all',
          patterns: [{ eventName: ['INSERT'] }],
          handler: async (event) => {
            handled.push(...event.Records.map((record) => String(record.dynamodb?.Keys?.pk?.S)));
            return { batchItemFailures: [] };
          },
        },
      ],
      undefined,
      (line) => reported.push(line),
    ).start();
    try {
      const put = (pk: string) =>
        client.send(new PutItemCommand({ TableName: 'outage', Item: { pk: { S: pk } } }));
      await put('before');
      await expect.poll(() => handled, { timeout: 10_000 }).toEqual(['before']);
      await outage.down();
      await put('during');
      await sleep(2500);
      expect(reported).toHaveLength(1);
      expect(reported[0]).toMatch(/^table stream: cannot read/);
      await outage.up();
      await expect.poll(() => handled, { timeout: 10_000 }).toEqual(['before', 'during']);
      expect(reported).toHaveLength(2);
      expect(reported[1]).toMatch(/reading resumed/);
    } finally {
      await consumer.stop();
      await outage.down();
    }
  });
});
