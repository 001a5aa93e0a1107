import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { lvyuanDemoDistrict } from '../demo/lvyuan-district.js';
import { ManualClock } from '../shared/domain/clock.js';
import { startLocalApi } from './local-api.js';
import { CLAIMS } from '../shared/http/caller.js';
import type { FaultOptions } from './fault-injection.js';
import { demoClaims, LocalAuth, type Claims } from './local-auth.js';
import { localRoutes } from './local-routes.js';
import { localWeb } from './local-web.js';
import { startLocalStack, type LocalStack } from './local-stack.js';
import { createDocumentClient } from '../shared/store/document-client.js';
import { getRequest } from '../shared/store/request-store.js';
import type { DistrictTable } from '../shared/store/table.js';
import type { UsageMeter } from './usage-meter.js';

export interface ApiResult {
  status: number;
  body: Record<string, unknown>;
}

const district = lvyuanDemoDistrict();

/**
 * The whole local system driven from code, for the integration tests and the benchmark: calls go
 * through the local API over HTTP, and time moves only when the driver says so.
 */
export class LocalSystem {
  readonly clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));
  readonly auth = new LocalAuth();
  /** Lifecycle executions that failed and were not restarted: requests left without a workflow. */
  readonly failures: { requestId: string; error: unknown }[] = [];
  /** Lifecycle executions that failed and the restart rule replaced. */
  readonly restarts: { requestId: string; error: unknown; restartedAs: string }[] = [];
  /** What the local run prints on its console (SMS, the table stream's state, parked records). */
  readonly printed: string[] = [];
  stack!: LocalStack;
  /** The driver's own view of the table, so its polling never counts against the system's figures. */
  observer!: DistrictTable;
  private server!: Server;
  private base = '';

  constructor(
    private readonly config: DistrictConfig,
    private readonly options: {
      faults?: FaultOptions;
      /** Serve the built pages too (`npm run web:build`), for the end-to-end tests in a browser. */
      web?: boolean;
      /** Leaders' SMS carry links to this server (`/l/<token>`), as `npm start`'s do. */
      links?: boolean;
      /** Counts what the system does that AWS bills (bin/cost.ts). */
      meter?: UsageMeter;
    } = {},
  ) {}

  async start(): Promise<this> {
    this.stack = await startLocalStack({
      config: this.config,
      timeScale: 0,
      clock: this.clock,
      seedDemoDistrict: true,
      signIn: this.auth.settings,
      print: (line) => this.printed.push(line),
      publicUrl: () => this.base,
      ...(this.options.links ? { siteUrl: () => this.base } : {}),
      onWorkflowFailure: (requestId, error, restartedAs) => {
        if (restartedAs) this.restarts.push({ requestId, error, restartedAs });
        else this.failures.push({ requestId, error });
      },
      ...(this.options.faults ? { faults: this.options.faults } : {}),
      ...(this.options.meter ? { meter: this.options.meter } : {}),
    });
    this.observer = {
      db: createDocumentClient({ endpoint: this.stack.dynamoDb.endpoint }),
      name: this.stack.deps.table.name,
    };
    this.server = await startLocalApi({
      port: 0,
      auth: this.auth,
      localRoutes: localRoutes({ district, auth: this.auth, stack: this.stack }),
      clock: this.clock,
      ...(this.options.meter ? { meter: this.options.meter } : {}),
      rawRoutes: [
        ...(this.options.web
          ? [
              localWeb({
                config: () => ({ apiUrl: '', districtName: this.config.district.name, timeScale: 1 }),
              }),
            ]
          : []),
        this.stack.photos.handle,
      ],
    });
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
    this.observer.db.destroy();
    await this.stack.stop();
  }

  get workflow() {
    return this.stack.workflow;
  }

  get outbox() {
    return this.stack.outbox.sent;
  }

  /** Where the local API listens (`http://127.0.0.1:<port>`), for clients that speak HTTP themselves. */
  get url(): string {
    return this.base;
  }

  /** A token for a demo person, or for anyone else by id (their grants come from the table, as in AWS). */
  async tokenFor(personId: string, override: Claims = {}): Promise<string> {
    const claims = demoClaims(district, personId) ?? { [CLAIMS.personId]: personId };
    return this.auth.sign({ ...claims, ...override });
  }

  async call(
    method: string,
    path: string,
    options: {
      as?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      /** The body is not JSON (text/csv): returned as `{ text }`. */
      raw?: boolean;
    } = {},
  ): Promise<ApiResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.as) headers.authorization = `Bearer ${await this.tokenFor(options.as)}`;
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      // A redirect (a leader's SMS link) is the answer under test, not a page to load.
      redirect: 'manual',
      ...(options.rawBody !== undefined
        ? { body: options.rawBody }
        : options.body !== undefined
          ? { body: JSON.stringify(options.body) }
          : {}),
    });
    const text = await response.text();
    const json = !options.raw || response.headers.get('content-type')?.includes('json');
    return {
      status: response.status,
      body: !text ? {} : json ? (JSON.parse(text) as Record<string, unknown>) : { text },
    };
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
        const stored = await getRequest(this.observer, requestId);
        if (waiting?.state === state && stored?.taskToken === waiting.token) return;
      }
      if (this.failures.length > 0) throw new Error(`workflow failed: ${String(this.failures[0]?.error)}`);
      await sleep(25);
    }
    throw new Error(
      `request ${requestId} never reached ${state} (now ${this.workflow.waitingOn(requestId)?.state})`,
    );
  }

  /**
   * Waits until everything written so far has gone through the table stream's consumers (deliveries,
   * new requests, new messages) and every notification they published through its channels.
   */
  async streamHandled(): Promise<void> {
    // The queues' consumers write too (inbox items, a message marked sent), and those writes are
    // stream records again: settled is a round in which the topic had nothing left to deliver.
    for (let busy = true; busy;) {
      await this.stack.tableStream.drained();
      busy = !this.stack.notifications.idle;
      await this.stack.notifications.drained();
    }
  }

  /** The deadline passes: the clock moves past it and the waiting task times out, as in Step Functions. */
  async passDeadline(requestId: string): Promise<void> {
    const { deadline } = await this.request(requestId);
    this.clock.set(new Date(new Date(String(deadline)).getTime() + 1000));
    if (!this.workflow.expireWait(requestId)) throw new Error(`request ${requestId} is not waiting`);
  }

  /** The reminder comes: the clock moves to it and the waiting task times out, as in Step Functions. */
  async passReminder(requestId: string): Promise<void> {
    const { reminderAt } = await this.request(requestId);
    if (typeof reminderAt !== 'string') throw new Error(`request ${requestId} has no reminder to come`);
    this.clock.set(new Date(new Date(reminderAt).getTime() + 1000));
    if (!this.workflow.expireWait(requestId)) throw new Error(`request ${requestId} is not waiting`);
  }

  async request(requestId: string): Promise<Record<string, unknown>> {
    const stored = await getRequest(this.observer, requestId);
    if (!stored) throw new Error(`no request ${requestId}`);
    return stored.request as unknown as Record<string, unknown>;
  }
}
