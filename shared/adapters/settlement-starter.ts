import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';

/** Starts a month's settlement: the settlement state machine in AWS, the local engine on a laptop. */
export interface SettlementStarter {
  /** Starts an execution for the month; returns its name. Settling a month twice changes nothing. */
  startSettlement(month: string): Promise<string>;
}

export class StepFunctionsSettlement implements SettlementStarter {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async startSettlement(month: string): Promise<string> {
    // A fresh name each time: a re-run of a settled month is a no-op in the workflow itself.
    const name = `settle-${month}-${this.now().getTime()}`;
    await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: this.stateMachineArn,
        name,
        input: JSON.stringify({ month }),
      }),
    );
    return name;
  }
}
