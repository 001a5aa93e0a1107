import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TASK_RETRIES } from '../../infra/request-workflow.js';
import { synthesizeDistrict } from '../../infra/synthesize.js';
import type { NextStep } from '../../shared/domain/request.js';
import { LocalWorkflow } from '../../local/local-workflow.js';
import {
  STATE_MACHINE_PREFIXES,
  stateMachineDefinition,
  stateMachineLogicalId,
} from '../../local/synthesized-template.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { config } from '../support/fixtures.js';
import { ddb, mockDependencies } from '../support/mock-dependencies.js';

const ID = 'R-ENGINE-1';
const AWAITING: NextStep = { next: 'await-leader', version: 2, timeoutSeconds: 60 };

// The steps around the wait report a fixed place; the wait's own handler (await-callback) is the real one.
vi.mock(import('../../functions/workflow/assign-leader.js'), () => ({
  handler: vi.fn(async () => AWAITING),
}));
vi.mock(import('../../functions/workflow/escalate.js'), () => ({
  handler: vi.fn(async (): Promise<NextStep> => ({ ...AWAITING, next: 'closed', version: 3 })),
}));
const { handler: escalate } = await import('../../functions/workflow/escalate.js');

let definition: Record<string, unknown>;
beforeAll(() => {
  const template = synthesizeDistrict(config);
  definition = stateMachineDefinition(template, {
    logicalId: stateMachineLogicalId(template, STATE_MACHINE_PREFIXES.lifecycle),
  });
});
beforeEach(() => {
  mockDependencies();
});
afterEach(() => {
  useDependencies(undefined);
  vi.mocked(escalate).mockClear();
});
afterAll(() => {
  ddb.restore();
});

async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let tries = 0; tries < 200; tries++) {
    const value = probe();
    if (value !== undefined) return value;
    await sleep(5);
  }
  throw new Error('never happened');
}

describe('the local engine’s waits', () => {
  it('a wait that timed out while its handler was failing stays timed out (the handler’s failure does not retry it)', async () => {
    // The token is stored (DynamoDB did the work) but the answer is lost: the handler fails, later.
    let fail: (error: Error) => void = () => {};
    ddb.on(UpdateCommand).callsFake(() => new Promise((_resolve, reject) => (fail = reject)));
    const workflow = new LocalWorkflow(definition, { timeScale: 0, retryIntervalMs: 1 });
    await workflow.startLifecycle(ID);
    await until(() => workflow.waitingOn(ID));

    expect(workflow.expireWait(ID)).toBe(true);
    fail(Object.assign(new Error('timed out'), { name: 'TimeoutError' }));

    const outcome = await Promise.race([workflow.finished(ID), sleep(2000).then(() => 'still waiting')]);
    expect(outcome).toMatchObject({ step: { next: 'closed' } });
    expect(escalate).toHaveBeenCalledTimes(1);
    workflow.stop();
  });

  it('a restarted execution is what `finished`, `waitingOn` and `expireWait` follow, by request id', async () => {
    ddb.on(UpdateCommand).resolves({});
    let failing = 0;
    const failures: string[] = [];
    const workflow: LocalWorkflow = new LocalWorkflow(definition, {
      timeScale: 0,
      retryIntervalMs: 1,
      // Every attempt of Escalate fails, once: the execution fails, and is restarted.
      taskFault: () =>
        failing > 0 && failing--
          ? Object.assign(new Error('Lambda was unable to run the function'), {
              name: 'Lambda.ServiceException',
            })
          : undefined,
      onFailure: async ({ requestId, execution }) => {
        failures.push(execution);
        await workflow.startLifecycle(requestId, `${requestId}-restart-1`);
      },
    });
    await workflow.startLifecycle(ID);
    await until(() => workflow.waitingOn(ID));
    failing = 1 + TASK_RETRIES;
    expect(workflow.expireWait(ID)).toBe(true);

    await until(() => (failures.length > 0 ? workflow.waitingOn(ID) : undefined));
    expect(failures).toEqual([ID]);
    expect(workflow.expireWait(ID)).toBe(true);
    expect(await workflow.finished(ID)).toMatchObject({ step: { next: 'closed' } });
    workflow.stop();
  });
});
