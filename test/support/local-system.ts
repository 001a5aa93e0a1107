import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ManualClock } from '../../shared/domain/clock.js';
import { startLocalApi } from '../../shared/local/local-api.js';
import { demoClaims, LocalAuth, type Claims } from '../../shared/local/local-auth.js';
import { startLocalStack, type LocalStack } from '../../shared/local/local-stack.js';
import { getRequest } from '../../shared/store/request-store.js';
import { config, district, shanghai } from './fixtures.js';

export interface ApiResult {
  status: number;
  body: Record<string, unknown>;
}

/** The whole local system for integration tests: time moves only when the test says so. */
export class LocalSystem {
  readonly clock = new ManualClock(shanghai('2026-11-23 10:00'));
  readonly auth = new LocalAuth();
  readonly failures: { requestId: string; error: unknown }[] = [];
  stack!: LocalStack;
  private server!: Server;
  private base = '';

  async start(): Promise<this> {
    this.stack = await startLocalStack({
      config,
      timeScale: 0,
      clock: this.clock,
      seedDemoDistrict: true,
      onWorkflowFailure: (requestId, error) => this.failures.push({ requestId, error }),
    });
    this.server = await startLocalApi({ port: 0, auth: this.auth });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    await this.stack.stop();
  }

  get workflow() {
    return this.stack.workflow;
  }

  get outbox() {
    return this.stack.outbox.sent;
  }

  async tokenFor(personId: string, override: Claims = {}): Promise<string> {
    const claims = demoClaims(district, personId);
    if (!claims) throw new Error(`no demo person ${personId}`);
    return this.auth.sign({ ...claims, ...override });
  }

  async call(
    method: string,
    path: string,
    options: { as?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.tokenFor(options.as)}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** Waits until the request's execution waits in `state` (the engine runs asynchronously). */
  async waitFor(requestId: string, state: 'AwaitLeader' | 'AwaitResident' | 'Closed'): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      if (state === 'Closed') {
        const done = await Promise.race([
          this.workflow.finished(requestId).then(() => true),
          sleep(25).then(() => false),
        ]);
        if (done) return;
      } else {
        const waiting = this.workflow.waitingOn(requestId);
        const stored = await getRequest(this.stack.deps.table, requestId);
        if (waiting?.state === state && stored?.taskToken === waiting.token) return;
      }
      if (this.failures.length > 0) throw new Error(`workflow failed: ${String(this.failures[0]?.error)}`);
      await sleep(25);
    }
    throw new Error(
      `request ${requestId} never reached ${state} (now ${this.workflow.waitingOn(requestId)?.state})`,
    );
  }

  /** The deadline passes: the clock moves past it and the waiting task times out, as in Step Functions. */
  async passDeadline(requestId: string): Promise<void> {
    const { deadline } = await this.request(requestId);
    this.clock.set(new Date(new Date(String(deadline)).getTime() + 1000));
    if (!this.workflow.expireWait(requestId)) throw new Error(`request ${requestId} is not waiting`);
  }

  async request(requestId: string): Promise<Record<string, unknown>> {
    const stored = await getRequest(this.stack.deps.table, requestId);
    if (!stored) throw new Error(`no request ${requestId}`);
    return stored.request as unknown as Record<string, unknown>;
  }

  /** Every item in the table; tests only, to prove that a rejected input wrote nothing. */
  async allItems(): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.stack.deps.table.db.send(
      new ScanCommand({ TableName: this.stack.deps.table.name }),
    );
    return Items;
  }
}
