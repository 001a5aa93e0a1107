import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { handler as finishSettlement } from '../functions/workflow/finish-settlement.js';
import { handler as notifyCommunity } from '../functions/workflow/notify-community.js';
import { handler as rankDistrict } from '../functions/workflow/rank-district.js';
import { handler as settleCommunity } from '../functions/workflow/settle-community.js';
import { handler as startSettlement } from '../functions/workflow/start-settlement.js';
import { SETTLEMENT_STATES } from '../infra/settlement-workflow.js';
import type { SettlementStarter } from '../shared/adapters/settlement-starter.js';
import type { Clock } from '../shared/domain/clock.js';
import { addMonths, endOfMonth, monthOf } from '../shared/domain/settlement.js';

type JsonObject = Record<string, unknown>;

/** The same handler modules Lambda runs, by the Task state that invokes them (Map items included). */
const TASKS: Record<string, (event: unknown) => Promise<unknown>> = {
  [SETTLEMENT_STATES.startSettlement]: startSettlement,
  [SETTLEMENT_STATES.settleCommunity]: settleCommunity,
  [SETTLEMENT_STATES.rankDistrict]: rankDistrict,
  [SETTLEMENT_STATES.notifyCommunity]: notifyCommunity,
  [SETTLEMENT_STATES.finishSettlement]: finishSettlement,
};

function taskStates(states: Record<string, JsonObject>): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const inner = (state.ItemProcessor ?? state.Iterator) as
      { States?: Record<string, JsonObject> } | undefined;
    return [...(state.Type === 'Task' ? [name] : []), ...(inner?.States ? taskStates(inner.States) : [])];
  });
}

/**
 * Runs the settlement state machine synthesized by CDK on aws-local-stepfunctions, each Task state
 * (the Map's included) calling the handler module Lambda runs. `settle` runs one execution to its end.
 */
export class LocalSettlement implements SettlementStarter {
  private readonly machine: StateMachine;
  private timer: NodeJS.Timeout | undefined;
  private started = 0;

  constructor(
    definition: JsonObject,
    private readonly onFailure?: (execution: string, error: unknown) => void,
    /** Told how long each Task invocation took (the benchmark's spread of the work). */
    private readonly onTask?: (state: string, milliseconds: number) => void,
  ) {
    const unmapped = taskStates(definition.States as Record<string, JsonObject>).filter(
      (name) => !(name in TASKS),
    );
    if (unmapped.length > 0) throw new Error(`no local handler for Task state(s): ${unmapped.join(', ')}`);
    this.machine = new StateMachine(definition as unknown as StateMachineDefinition, {
      validationOptions: { checkArn: false },
    });
  }

  /** One execution with the schedule's input (`{}`) or a month's; resolves with its output. */
  async settle(input: { month?: string } = {}): Promise<unknown> {
    const timed = Object.fromEntries(
      Object.entries(TASKS).map(([state, run]) => [
        state,
        async (event: unknown) => {
          const started = performance.now();
          try {
            return await run(event);
          } finally {
            this.onTask?.(state, performance.now() - started);
          }
        },
      ]),
    );
    const execution = this.machine.run(input, {
      overrides: { taskResourceLocalHandlers: timed as never },
    });
    return execution.result;
  }

  /** Starts an execution in the background, as StartExecution does; failures go to `onFailure`. */
  async startSettlement(month: string): Promise<string> {
    const name = `settle-${month}-${++this.started}`;
    this.settle({ month }).catch((error: unknown) => this.onFailure?.(name, error));
    return name;
  }

  /**
   * The schedule, locally: fires at 02:00 on the 1st in the zone, in the clock's (virtual) time,
   * checking once a real second; each firing starts an execution with `{}` as the schedule does.
   */
  startSchedule(clock: Clock, timeZone: string, onResult: (result: unknown, error?: unknown) => void): void {
    const firingOf = (month: string) => new Date(endOfMonth(month, timeZone).getTime() + 2 * 3_600_000);
    const nextFiring = () => {
      const month = monthOf(clock.now(), timeZone);
      const thisMonths = firingOf(addMonths(month, -1));
      return clock.now().getTime() < thisMonths.getTime() ? thisMonths : firingOf(month);
    };
    let due = nextFiring();
    this.timer = setInterval(() => {
      if (clock.now().getTime() < due.getTime()) return;
      due = nextFiring();
      this.settle({}).then(
        (result) => onResult(result),
        (error: unknown) => onResult(undefined, error),
      );
    }, 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
