import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { NextStep } from '../domain/request.js';
import type { Workflow } from './workflow.js';

export class StepFunctionsWorkflow implements Workflow {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async startLifecycle(requestId: string, execution = requestId): Promise<void> {
    try {
      await this.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: execution,
          input: JSON.stringify({ requestId }),
        }),
      );
    } catch (error) {
      // Same name and same input is idempotent in Step Functions; a retry lands here only if the input differed.
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }
  }

  async completeTask(taskToken: string, step: NextStep): Promise<boolean> {
    try {
      await this.sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(step) }));
      return true;
    } catch (error) {
      if (
        error instanceof TaskTimedOut ||
        error instanceof TaskDoesNotExist ||
        error instanceof InvalidToken
      ) {
        return false;
      }
      throw error;
    }
  }
}
