import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { handler as assignLeader } from '../functions/workflow/assign-leader.js';
import { handler as autoConfirm } from '../functions/workflow/auto-confirm.js';
import { handler as awaitCallback } from '../functions/workflow/await-callback.js';
import { handler as escalate } from '../functions/workflow/escalate.js';
import { LIFECYCLE_STATES } from '../infra/request-workflow.js';
import type { Workflow } from '../shared/adapters/workflow.js';
import type { NextStep } from '../shared/domain/request.js';
import type { UsageMeter } from './usage-meter.js';

type JsonObject = Record<string, unknown>;

/** The same handler modules Lambda runs, by the Task state that invokes them. */
const PLAIN_TASKS: Record<string, (event: unknown) => Promise<unknown>> = {
  [LIFECYCLE_STATES.assignToLeader]: assignLeader,
  [LIFECYCLE_STATES.escalate]: escalate,
  [LIFECYCLE_STATES.autoConfirm]: autoConfirm,
};
const CALLBACK_TASKS: string[] = [LIFECYCLE_STATES.awaitLeader, LIFECYCLE_STATES.awaitResident];

interface WaitingTask {
  requestId: string;
  state: string;
  resolve: (step: NextStep) => void;
  reject: (error: Error) => void;
  /** The wait's timeout as the task was given it (seconds from when it began), if it has one. */
  timeoutSeconds?: number;
  timer?: NodeJS.Timeout;
}

export interface LocalWorkflowOptions {
  /** Virtual seconds per real second for the waits; 0 keeps waits open until `expireWait` (tests). */
  timeScale: number;
  /**
   * An execution failed, as the "Execution Status Change" event tells EventBridge. What it returns is
   * awaited before the execution counts as failed, so a restart it starts is what `finished` follows.
   */
  onFailure?: (failure: { requestId: string; execution: string; error: unknown }) => Promise<void> | void;
  /** Before each Task state's handler: an error returned fails the invocation, as Lambda's would (fault injection). */
  taskFault?: () => Error | undefined;
  /** The wait before a Task state's retry, instead of the definition's (seconds, doubling) interval. */
  retryIntervalMs?: number;
  /** Counts each Task state's Lambda invocation under the function the definition names. */
  meter?: UsageMeter;
}

/**
 * The function each Task state invokes, by its logical id: the ARN in `Resource` (a task that
 * returns the payload only) or in `Parameters.FunctionName` (`lambda:invoke`, a callback's).
 */
export function taskFunctions(definition: JsonObject): Map<string, string> {
  const states = (definition.States ?? {}) as Record<
    string,
    { Resource?: unknown; Parameters?: { FunctionName?: unknown } }
  >;
  return new Map(
    Object.entries(states).flatMap(([name, state]) => {
      const arn = [state.Parameters?.FunctionName, state.Resource].find(
        (candidate): candidate is string => typeof candidate === 'string' && candidate.includes(':function:'),
      );
      return arn ? [[name, arn.split(':function:')[1]?.split(':')[0] ?? arn]] : [];
    }),
  );
}

function statesTimeout(): Error {
  const error = new Error('the wait for a callback timed out');
  error.name = 'States.Timeout';
  // States.TaskFailed never matches a timeout in Step Functions; the local engine knows that only of
  // its own timeout error, and reads this flag for the others.
  return Object.assign(error, { isRetryable: false });
}

/**
 * aws-local-stepfunctions resolves TimeoutSecondsPath against the task's Parameters, where Step
 * Functions resolves it against the state's input. Each wait passes the same value in its Payload,
 * so point the local engine there; the definition is otherwise run as synthesized.
 */
function withLocalTimeoutPaths(definition: JsonObject): JsonObject {
  const states = definition.States as Record<string, JsonObject>;
  const rewritten = Object.fromEntries(
    Object.entries(states).map(([name, state]) => {
      const path = state.TimeoutSecondsPath;
      const payload = (state.Parameters as JsonObject | undefined)?.Payload as
        Record<string, unknown> | undefined;
      const key = Object.entries(payload ?? {}).find(([, value]) => value === path)?.[0];
      if (typeof path !== 'string' || !key) return [name, state];
      return [name, { ...state, TimeoutSecondsPath: `$.Payload.${key.replace(/\.\$$/, '')}` }];
    }),
  );
  return { ...definition, States: rewritten };
}

/**
 * Runs the state machine definition synthesized by CDK with aws-local-stepfunctions. Task states
 * call the same handler modules Lambda runs; callback tasks get a minted token (the engine does not
 * fill $$.Task.Token) that `completeTask` settles, as SendTaskSuccess does in AWS.
 */
export class LocalWorkflow implements Workflow {
  private readonly machine: StateMachine;
  private readonly waiting = new Map<string, WaitingTask>();
  /** The latest execution of each request, by request id; restarted ones replace the failed one. */
  private readonly executions = new Map<string, Promise<unknown>>();
  private readonly started = new Set<string>();
  private readonly aborts = new Set<() => void>();
  private stopped = false;
  private readonly transitions = new Map<string, number>();
  private tokenCounter = 0;
  private readonly functions: Map<string, string>;

  constructor(
    definition: JsonObject,
    private readonly options: LocalWorkflowOptions,
  ) {
    const states = (definition.States ?? {}) as Record<string, { Type?: string }>;
    const unmapped = Object.entries(states)
      .filter(
        ([name, state]) => state.Type === 'Task' && !(name in PLAIN_TASKS) && !CALLBACK_TASKS.includes(name),
      )
      .map(([name]) => name);
    if (unmapped.length > 0) throw new Error(`no local handler for Task state(s): ${unmapped.join(', ')}`);
    this.functions = taskFunctions(definition);
    this.machine = new StateMachine(withLocalTimeoutPaths(definition) as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
  }

  async startLifecycle(requestId: string, name = requestId): Promise<void> {
    // Execution names are unique per state machine, as in Step Functions.
    if (this.started.has(name)) return;
    this.started.add(name);
    const overrides = Object.fromEntries([
      ...Object.entries(PLAIN_TASKS).map(([state, run]) => [
        state,
        (input: unknown) => this.invoke(() => this.metered(state, () => run(input))),
      ]),
      ...CALLBACK_TASKS.map((state) => [
        state,
        (input: unknown) => this.invoke(() => this.awaitCallback(state, input as JsonObject)),
      ]),
    ]);
    const retryIntervalMs = this.options.retryIntervalMs;
    const execution = this.machine.run(
      { requestId },
      {
        overrides: {
          taskResourceLocalHandlers: overrides,
          ...(retryIntervalMs === undefined
            ? {}
            : {
                retryIntervalOverrides: Object.fromEntries(
                  Object.keys(overrides).map((state) => [state, retryIntervalMs]),
                ),
              }),
        },
        context: { Task: { Token: 'minted-per-task' } },
      },
    );
    this.countTransitions(requestId, execution.eventLogs);
    this.aborts.add(execution.abort);
    const result = execution.result
      .catch(async (error: unknown) => {
        // An execution aborted by stop() did not fail.
        if (!this.stopped) await this.options.onFailure?.({ requestId, execution: name, error });
        throw error;
      })
      .finally(() => this.aborts.delete(execution.abort));
    result.catch(() => {});
    this.executions.set(requestId, result);
  }

  async completeTask(taskToken: string, step: NextStep): Promise<boolean> {
    const task = this.waiting.get(taskToken);
    if (!task) return false;
    this.settle(taskToken);
    task.resolve(step);
    return true;
  }

  /** Makes the wait on a request time out now, as the deadline passing would (tests). */
  expireWait(requestId: string): boolean {
    const entry = [...this.waiting.entries()].find(([, task]) => task.requestId === requestId);
    if (!entry) return false;
    this.settle(entry[0]);
    entry[1].reject(statesTimeout());
    return true;
  }

  /**
   * The callback state the request's execution waits in, the token it waits for and the wait's
   * timeout (seconds from when it began; a driver of virtual time expires it then), if it waits.
   */
  waitingOn(requestId: string): { state: string; token: string; timeoutSeconds?: number } | undefined {
    const entry = [...this.waiting.entries()].find(([, task]) => task.requestId === requestId);
    if (!entry) return undefined;
    const [token, { state, timeoutSeconds }] = entry;
    return { state, token, ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }) };
  }

  /** State transitions so far (StateEntered events), the unit Step Functions Standard bills. */
  transitionsOf(requestId: string): number {
    return this.transitions.get(requestId) ?? 0;
  }

  /** Resolves with the output of the request's last execution, or rejects with its failure (one not restarted). */
  async finished(requestId: string): Promise<unknown> {
    for (;;) {
      const execution = this.executions.get(requestId);
      try {
        return await execution;
      } catch (error) {
        if (this.executions.get(requestId) === execution) throw error;
      }
    }
  }

  /** Aborts every execution still running, as stopping the machine would; none of them counts as failed. */
  stop(): void {
    this.stopped = true;
    for (const abort of this.aborts) abort();
    for (const token of [...this.waiting.keys()]) this.settle(token);
  }

  private async invoke<T>(run: () => Promise<T>): Promise<T> {
    const fault = this.options.taskFault?.();
    if (fault) throw fault;
    return run();
  }

  private metered<T>(state: string, run: () => Promise<T>): Promise<T> {
    const meter = this.options.meter;
    return meter ? meter.invoke(this.functions.get(state) ?? state, run) : run();
  }

  private async awaitCallback(state: string, input: JsonObject): Promise<NextStep> {
    const payload = input.Payload as JsonObject;
    const requestId = String(payload.requestId);
    const token = `local-task-${++this.tokenCounter}-${requestId}`;
    // An execution waits on one task at a time: one the engine timed out itself (its deadline had
    // passed on the virtual clock) was abandoned by it, and is no longer waited on.
    for (const [earlier, task] of this.waiting) if (task.requestId === requestId) this.settle(earlier);
    const timeoutSeconds = Number(payload.timeoutSeconds);
    const settled = new Promise<NextStep>((resolve, reject) => {
      this.waiting.set(token, {
        requestId,
        state,
        resolve,
        reject,
        ...(Number.isFinite(timeoutSeconds) ? { timeoutSeconds } : {}),
      });
    });
    // The task may settle before the engine awaits it (stop, or an immediate reconcile).
    settled.catch(() => {});
    if (this.options.timeScale > 0 && Number.isFinite(timeoutSeconds)) {
      const task = this.waiting.get(token);
      if (task) {
        task.timer = setTimeout(
          () => this.expireToken(token),
          (timeoutSeconds * 1000) / this.options.timeScale,
        );
      }
    }
    try {
      await this.metered(state, () => awaitCallback({ ...payload, token }));
    } catch (error) {
      // The wait ended while its handler ran (it timed out, or was completed): that outcome stands,
      // as in Step Functions, where the task's timeout and SendTaskSuccess end it whatever the Lambda does.
      if (!this.waiting.has(token)) return settled;
      this.settle(token);
      throw error;
    }
    return settled;
  }

  private expireToken(token: string): void {
    const task = this.waiting.get(token);
    if (!task) return;
    this.settle(token);
    task.reject(statesTimeout());
  }

  private settle(token: string): void {
    clearTimeout(this.waiting.get(token)?.timer);
    this.waiting.delete(token);
  }

  private countTransitions(requestId: string, events: AsyncGenerator<{ type: string }>): void {
    void (async () => {
      for await (const event of events) {
        if (event.type === 'StateEntered') {
          this.transitions.set(requestId, (this.transitions.get(requestId) ?? 0) + 1);
        }
      }
    })().catch(() => {});
  }
}
