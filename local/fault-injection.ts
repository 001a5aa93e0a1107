import type { ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-dynamodb';
import type { Pluggable } from '@smithy/types';
import type { Notifier } from '../shared/adapters/notifier.js';
import type { Workflow } from '../shared/adapters/workflow.js';
import { mulberry32 } from '../demo/random.js';
import type { NextStep } from '../shared/domain/request.js';

/**
 * Fault injection for the local run and the tests (off unless asked for): a given share of the
 * calls to DynamoDB, SNS (the outbox) and Step Functions (the local engine) fail the way those
 * services fail — throttled, a 500, a timeout — and the workflow's callbacks arrive twice or late.
 * The product sees them only through its clients and ports, as it would in AWS.
 */
export type FaultService = 'dynamodb' | 'sns' | 'stepfunctions' | 'lambda';
export type FaultKind =
  'throttling' | 'server-error' | 'timeout' | 'callback-twice' | 'callback-late' | 'task-failed';

export interface FaultOptions {
  /** The share of calls that fail, in [0, 1]. */
  rate: number;
  /** The PRNG's seed: the same seed draws the same faults for the same sequence of calls. */
  seed: number;
  /** How late a late callback arrives, in milliseconds (the engine's clock). */
  lateCallbackMs?: number;
}

/** What the SDK would have thrown: its retry strategy and the product's handlers read these fields. */
class InjectedFault extends Error {
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; attempts?: number };

  constructor(name: string, status: number, message: string) {
    super(`${message} (injected)`);
    this.name = name;
    this.$fault = status < 500 ? 'client' : 'server';
    this.$metadata = { httpStatusCode: status };
  }
}

const SHAPES: Record<FaultService, Partial<Record<FaultKind, () => InjectedFault>>> = {
  dynamodb: {
    throttling: () =>
      new InjectedFault(
        'ProvisionedThroughputExceededException',
        400,
        'The level of configured provisioned throughput for the table was exceeded',
      ),
    'server-error': () => new InjectedFault('InternalServerError', 500, 'Internal server error'),
    timeout: () => new InjectedFault('TimeoutError', 0, 'The response did not arrive in time'),
  },
  sns: {
    throttling: () => new InjectedFault('ThrottledException', 429, 'Rate exceeded'),
    'server-error': () => new InjectedFault('InternalErrorException', 500, 'Internal error'),
    timeout: () => new InjectedFault('TimeoutError', 0, 'The response did not arrive in time'),
  },
  stepfunctions: {
    throttling: () => new InjectedFault('ThrottlingException', 400, 'Rate exceeded'),
    'server-error': () => new InjectedFault('InternalServerError', 500, 'Internal server error'),
    timeout: () => new InjectedFault('TimeoutError', 0, 'The response did not arrive in time'),
  },
  lambda: {
    // The errors the definition retries (LAMBDA_SERVICE_ERRORS): Lambda itself failed to run the handler.
    'task-failed': () =>
      new InjectedFault('Lambda.ServiceException', 500, 'Lambda was unable to run the function'),
  },
};

/** The switch: draws the faults from a seeded PRNG and counts what it injected, by service and kind. */
export class FaultInjector {
  readonly rate: number;
  readonly seed: number;
  readonly lateCallbackMs: number;
  private readonly random: () => number;
  private readonly counts = new Map<string, number>();
  private armed = false;
  private forcedTaskFailures = 0;

  constructor(options: FaultOptions) {
    if (!(options.rate >= 0 && options.rate <= 1))
      throw new Error('the fault rate must be a share in [0, 1]');
    this.rate = options.rate;
    this.seed = options.seed;
    this.lateCallbackMs = options.lateCallbackMs ?? 50;
    this.random = mulberry32(options.seed);
  }

  /** Faults are drawn from now on. */
  arm(): void {
    this.armed = true;
  }

  /** No more faults (a test's own checks after the batch). */
  disarm(): void {
    this.armed = false;
  }

  /** The fault this call gets, if any, among the kinds that apply to it. */
  draw<Kind extends FaultKind>(kinds: readonly Kind[]): Kind | undefined {
    if (!this.armed || this.rate === 0 || this.random() >= this.rate) return undefined;
    return kinds[Math.floor(this.random() * kinds.length)];
  }

  /** A fault drawn for a call, counted, as the error that service throws. */
  error(service: FaultService, kind: FaultKind): InjectedFault {
    this.count(service, kind);
    const shape = SHAPES[service][kind];
    if (!shape) throw new Error(`no ${kind} fault for ${service}`);
    return shape();
  }

  count(service: FaultService, what: string): void {
    const key = `${service} ${what}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** Counts by service and kind (and, for DynamoDB, how many the SDK's retries absorbed or let through). */
  report(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  total(): number {
    return [...this.counts.entries()]
      .filter(([key]) => !/ (absorbed|surfaced)$/.test(key))
      .reduce((sum, [, count]) => sum + count, 0);
  }

  /** One line per count, for the console and the test's output. */
  summary(): string {
    const lines = Object.entries(this.report()).map(([key, count]) => `  ${key}: ${count}`);
    return `faults injected (rate ${this.rate}, seed ${this.seed}):\n${lines.join('\n') || '  none'}`;
  }

  /**
   * The SDK middleware for a DynamoDB client. A call drawn to fail fails one or two of the SDK's
   * attempts (its retries absorb them) or all of them (the handler sees the error); a timeout is a
   * response lost after DynamoDB did the work, so the retry finds it done.
   */
  dynamoDbMiddleware(): Pluggable<ServiceInputTypes, ServiceOutputTypes> {
    const plans = new WeakMap<object, { kind: 'throttling' | 'server-error' | 'timeout'; failing: number }>();
    const attempts = new WeakMap<object, number>();
    const ours = new WeakSet<object>();
    return {
      applyToStack: (stack) => {
        // Outside the retries: one decision per call, and whether the fault reached the caller.
        stack.add(
          (next, context) => async (args) => {
            const kind = this.draw(['throttling', 'server-error', 'timeout'] as const);
            // A third fail every attempt; the others one or two, which the SDK's retries absorb.
            if (kind) {
              const failing = this.random() < 1 / 3 ? Infinity : 1 + Math.floor(this.random() * 2);
              plans.set(context, { kind, failing });
            }
            try {
              const result = await next(args);
              if (kind) this.count('dynamodb', 'absorbed');
              return result;
            } catch (error) {
              if (kind && ours.has(error as object)) this.count('dynamodb', 'surfaced');
              throw error;
            }
          },
          { step: 'initialize', name: 'faultInjectionDecision' },
        );
        // Inside the retries: each attempt.
        stack.add(
          (next, context) => async (args) => {
            const plan = plans.get(context);
            const attempt = (attempts.get(context) ?? 0) + 1;
            attempts.set(context, attempt);
            if (!plan || attempt > plan.failing) return next(args);
            if (plan.kind === 'timeout') await next(args);
            const error = this.error('dynamodb', plan.kind);
            ours.add(error);
            throw error;
          },
          { step: 'deserialize', name: 'faultInjectionAttempt', priority: 'high' },
        );
      },
    };
  }

  /** Every SMS and supervisors' message may fail before it is accepted, as SNS does when throttled or down. */
  notifier(inner: Notifier): Notifier {
    const attempt = <T>(send: () => Promise<T>): Promise<T> => {
      const kind = this.draw(['throttling', 'server-error', 'timeout'] as const);
      return kind ? Promise.reject(this.error('sns', kind)) : send();
    };
    return {
      sendSms: (phone, message) => attempt(() => inner.sendSms(phone, message)),
      notifySupervisors: (message) => attempt(() => inner.notifySupervisors(message)),
    };
  }

  /**
   * StartExecution and SendTaskSuccess fail (throttled, a 500, or a timeout after the call went
   * through); a SendTaskSuccess may also reach the engine twice, or late.
   */
  workflow(inner: Workflow): Workflow {
    return {
      startLifecycle: async (requestId, execution) => {
        const kind = this.draw(['throttling', 'server-error', 'timeout'] as const);
        if (!kind) return inner.startLifecycle(requestId, execution);
        if (kind === 'timeout') await inner.startLifecycle(requestId, execution);
        throw this.error('stepfunctions', kind);
      },
      completeTask: async (taskToken: string, step: NextStep) => {
        const kind = this.draw([
          'throttling',
          'server-error',
          'timeout',
          'callback-twice',
          'callback-late',
        ] as const);
        switch (kind) {
          case undefined:
            return inner.completeTask(taskToken, step);
          case 'callback-twice': {
            this.count('stepfunctions', kind);
            const [first] = await Promise.all([
              inner.completeTask(taskToken, step),
              inner.completeTask(taskToken, step),
            ]);
            return first;
          }
          case 'callback-late':
            // Accepted now, delivered later: the caller goes on as if the workflow had moved.
            this.count('stepfunctions', kind);
            setTimeout(() => void inner.completeTask(taskToken, step), this.lateCallbackMs).unref();
            return true;
          case 'timeout':
            await inner.completeTask(taskToken, step);
            throw this.error('stepfunctions', kind);
          default:
            throw this.error('stepfunctions', kind);
        }
      },
    };
  }

  /** The next `count` Task state invocations fail, armed or not: a test exhausts a state's retries with it. */
  failNextTasks(count: number): void {
    this.forcedTaskFailures = count;
  }

  /** Before a Task state's handler runs: Lambda may fail to run it (a retryable error of the definition). */
  taskFault(): Error | undefined {
    if (this.forcedTaskFailures > 0) {
      this.forcedTaskFailures -= 1;
      return this.error('lambda', 'task-failed');
    }
    return this.draw(['task-failed'] as const) ? this.error('lambda', 'task-failed') : undefined;
  }
}
