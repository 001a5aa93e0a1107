import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { StepFunctionsWorkflow } from '../../shared/adapters/step-functions-workflow.js';
import type { NextStep } from '../../shared/domain/request.js';

const sfn = mockClient(SFNClient);
const STATE_MACHINE = 'arn:aws:states:cn-north-1:123456789012:stateMachine:sanzhang-request';
const workflow = new StepFunctionsWorkflow(new SFNClient({ region: 'cn-north-1' }), STATE_MACHINE);
const step: NextStep = { next: 'await-leader', version: 3, timeoutSeconds: 7200 };

beforeEach(() => {
  sfn.reset();
});
afterAll(() => {
  sfn.restore();
});

describe('StepFunctionsWorkflow.startLifecycle', () => {
  it('starts one execution named after the request, with the request id as input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: new Date() });

    await workflow.startLifecycle('R123');

    const calls = sfn.commandCalls(StartExecutionCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: STATE_MACHINE, name: 'R123' });
    expect(JSON.parse(input.input ?? '')).toEqual({ requestId: 'R123' });
  });

  it('starts a restart under the name it is given, with the same input', async () => {
    sfn.on(StartExecutionCommand).resolves({ executionArn: 'arn:execution', startDate: new Date() });

    await workflow.startLifecycle('R123', 'R123-restart-1');

    const input = sfn.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ stateMachineArn: STATE_MACHINE, name: 'R123-restart-1' });
    expect(JSON.parse(input.input ?? '')).toEqual({ requestId: 'R123' });
  });

  it('treats an execution that already exists as started', async () => {
    sfn.on(StartExecutionCommand).rejects(new ExecutionAlreadyExists({ message: 'exists', $metadata: {} }));

    await expect(workflow.startLifecycle('R123')).resolves.toBeUndefined();
  });

  it('lets any other failure reach the caller', async () => {
    sfn.on(StartExecutionCommand).rejects(new ValidationException({ message: 'bad name', $metadata: {} }));

    await expect(workflow.startLifecycle('R123')).rejects.toBeInstanceOf(ValidationException);
  });
});

describe('StepFunctionsWorkflow.completeTask', () => {
  it('sends the next step as the task output and reports the task completed', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});

    await expect(workflow.completeTask('token-1', step)).resolves.toBe(true);

    const calls = sfn.commandCalls(SendTaskSuccessCommand, { taskToken: 'token-1' });
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0]!.args[0].input.output ?? '')).toEqual(step);
  });

  it.each([
    ['timed out', () => new TaskTimedOut({ message: 'x', $metadata: {} })],
    ['does not exist', () => new TaskDoesNotExist({ message: 'x', $metadata: {} })],
    ['has an invalid token', () => new InvalidToken({ message: 'x', $metadata: {} })],
  ])('reports false when the task %s: the workflow reconciles on its own', async (_why, error) => {
    sfn.on(SendTaskSuccessCommand).rejects(error());

    await expect(workflow.completeTask('token-1', step)).resolves.toBe(false);
  });

  it('lets any other failure reach the caller', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(new Error('ServiceUnavailable'));

    await expect(workflow.completeTask('token-1', step)).rejects.toThrow('ServiceUnavailable');
  });
});
