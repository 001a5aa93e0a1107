import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler, type ExecutionStatusChange } from '../../functions/workflow/restart-lifecycle.js';
import { autoConfirm } from '../../shared/domain/lifecycle.js';
import { MAX_RESTARTS, nextExecutionName } from '../../shared/services/lifecycle/lifecycle-restarts.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { logger } from '../../shared/logger.js';
import { config } from '../support/fixtures.js';
import {
  assignedRequest,
  ddb,
  givenStoredRequest,
  mockDependencies,
  MONDAY_10,
  resolvedRequest,
  writeCalls,
  type TestDependencies,
} from '../support/mock-dependencies.js';

const ID = 'R-RESTART-1';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies();
  vi.spyOn(logger, 'warn').mockImplementation(() => {});
  vi.spyOn(logger, 'error').mockImplementation(() => {});
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
  vi.restoreAllMocks();
});

/** What EventBridge delivers when a lifecycle execution ends in FAILED. */
const failed = (name: string): ExecutionStatusChange => ({
  version: '0',
  id: `event-${name}`,
  'detail-type': 'Step Functions Execution Status Change',
  source: 'aws.states',
  account: '123456789012',
  time: MONDAY_10.toISOString(),
  region: 'cn-north-1',
  resources: [`arn:aws-cn:states:cn-north-1:123456789012:execution:lifecycle:${name}`],
  detail: {
    name,
    status: 'FAILED',
    stateMachineArn: 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:x',
  },
});

describe('the name of the execution after a failed one', () => {
  it('counts restarts after the request id', () => {
    expect(nextExecutionName(ID)).toEqual({ requestId: ID, name: `${ID}-restart-1`, restart: 1 });
    expect(nextExecutionName(`${ID}-restart-1`)).toEqual({
      requestId: ID,
      name: `${ID}-restart-2`,
      restart: 2,
    });
    // Step Functions refuses execution names with `~`, `:`, `#` and the like.
    expect(nextExecutionName('R01KQ3Z8YV2N4XH7C9PDTW6BFME-restart-4').name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});

describe('a failed lifecycle execution', () => {
  it('of a request still open starts the next execution, reading the request and writing nothing', async () => {
    givenStoredRequest({ request: assignedRequest(ID) });

    expect(await handler(failed(ID))).toEqual({ restarted: `${ID}-restart-1` });
    expect(await handler(failed(`${ID}-restart-1`))).toEqual({ restarted: `${ID}-restart-2` });

    expect(deps.workflow.started).toEqual([`${ID}-restart-1`, `${ID}-restart-2`]);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    expect(writeCalls()).toHaveLength(0);
  });

  it('redelivered, starts the same name again, which Step Functions starts once', async () => {
    givenStoredRequest({ request: resolvedRequest(ID) });

    await handler(failed(ID));
    await handler(failed(ID));

    expect(deps.workflow.started).toEqual([`${ID}-restart-1`, `${ID}-restart-1`]);
  });

  it('of a closed request starts nothing', async () => {
    const resolved = resolvedRequest(ID);
    const closed = autoConfirm(resolved, { config, now: new Date(resolved.deadline) }, new Set()).request;
    expect(closed.status).toBe('closed');
    givenStoredRequest({ request: closed });

    expect(await handler(failed(ID))).toEqual({ restarted: undefined });
    expect(deps.workflow.started).toEqual([]);
  });

  it('of a request that does not exist starts nothing', async () => {
    expect(await handler(failed('R-NOWHERE'))).toEqual({ restarted: undefined });
    expect(deps.workflow.started).toEqual([]);
  });

  it(`after ${MAX_RESTARTS} restarts starts nothing more and logs it for the operators`, async () => {
    givenStoredRequest({ request: assignedRequest(ID) });

    expect(await handler(failed(`${ID}-restart-${MAX_RESTARTS}`))).toEqual({ restarted: undefined });

    expect(deps.workflow.started).toEqual([]);
    expect(logger.error).toHaveBeenCalledWith(expect.stringMatching(/not restarted/), expect.anything());
  });

  it('whose restart cannot start (Step Functions unavailable) throws, so EventBridge retries it', async () => {
    givenStoredRequest({ request: assignedRequest(ID) });
    deps.workflow.failingStarts.add(ID);

    await expect(handler(failed(ID))).rejects.toThrow(/states unavailable/);
  });
});
