import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as assignLeader } from '../../functions/workflow/assign-leader.js';
import { handler as autoConfirm } from '../../functions/workflow/auto-confirm.js';
import { handler as awaitCallback } from '../../functions/workflow/await-callback.js';
import { handler as escalateStep } from '../../functions/workflow/escalate.js';
import { DEMO_HOUSEHOLD_ID } from '../../demo/lvyuan-district.js';
import { LEVELS } from '../../shared/config/vocabulary.js';
import { actAsLeader, escalate, nextStep, remind } from '../../shared/domain/lifecycle.js';
import type { ServiceRequest } from '../../shared/domain/request.js';
import { ValidationError } from '../../shared/errors.js';
import { useDependencies } from '../../shared/runtime/dependencies.js';
import { indexes, keys } from '../../shared/store/keys.js';
import { chainOf, config, household, shanghai } from '../support/fixtures.js';
import {
  acknowledgedRequest,
  assignedRequest,
  buildingLeader,
  conditionFailed,
  conditionFailedOnRequest,
  ddb,
  givenHousehold,
  givenStoredRequest,
  mockDependencies,
  MONDAY_10,
  resolvedRequest,
  submittedRequest,
  TABLE,
  transactions,
  unitLeader,
  writeCalls,
  type TestDependencies,
} from '../support/mock-dependencies.js';

let deps: TestDependencies;
beforeEach(() => {
  deps = mockDependencies();
});
afterAll(() => {
  ddb.restore();
});
afterEach(() => {
  useDependencies(undefined);
});

const ID = 'R-FLOW-1';
const UNIT_DEADLINE = shanghai('2026-11-23 12:00');
const secondsAfter = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/** The request escalated by timeout from the unit to the building leader, as a previous attempt stored it. */
const escalatedToBuilding = (now = secondsAfter(UNIT_DEADLINE, 1)): ServiceRequest =>
  escalate(assignedRequest(ID), chainOf(), { config, now }).request;

describe('AssignToLeader', () => {
  it('routes a submitted request to the unit leader in one transaction, queues their SMS in it, and awaits them', async () => {
    givenHousehold();
    givenStoredRequest({ request: submittedRequest(ID) });

    const step = await assignLeader({ requestId: ID });

    // Until the reminder, at three quarters of the two hours to acknowledge (sla.reminders).
    expect(step).toEqual({ next: 'await-leader', version: 2, timeoutSeconds: 90 * 60 });
    const [transaction, ...others] = transactions();
    expect(others).toHaveLength(0);
    const [request, entry, message] = transaction!;
    expect(request?.Put).toMatchObject({
      ConditionExpression: 'version = :version AND attribute_not_exists(taskToken)',
      ExpressionAttributeValues: { ':version': 1 },
      Item: {
        status: 'assigned',
        level: 'unit',
        GSI1PK: `ASSIGNEE#${unitLeader().holderId}`,
        GSI2PK: `AREA#${household().ancestors.community}#assigned`,
      },
    });
    const { grid, building, unit } = household().ancestors;
    expect(String(request?.Put?.Item?.GSI2SK)).toBe(
      `${indexes.inArea.placePrefix([grid, building, unit])}${submittedRequest(ID).createdAt}#${ID}`,
    );
    expect(entry?.Put?.Item).toMatchObject({ SK: 'EVT#00000002', event: 'assigned' });
    expect(message?.Put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        ...keys.message(ID, `2#${unitLeader().holderId}`),
        type: 'message',
        status: 'queued',
        kind: 'assignment',
        recipientRole: 'leader',
        place: { community: household().ancestors.community, grid, building, level: 'unit' },
        requestId: ID,
        template: 'assigned',
        params: [expect.any(String), '维修', expect.any(String), expect.any(String), expect.any(String)],
        text: expect.stringMatching(/新诉求/),
        GSI4PK: 'OUTBOX#pending',
      },
    });
    // The outbox sends it (shared/services/notifications/send-message.ts), never the step.
    expect(deps.notifier.sms).toEqual([]);
  });

  it('reads the chain of leaders with one BatchGet of the household’s five ancestors', async () => {
    const household = givenHousehold();
    givenStoredRequest({ request: submittedRequest(ID) });

    await assignLeader({ requestId: ID });

    const batches = ddb.commandCalls(BatchGetCommand);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.args[0].input.RequestItems?.[TABLE]?.Keys).toEqual(
      LEVELS.map((level) => keys.node(household.ancestors[level])),
    );
  });

  it('on a retry finds the request assigned and only reports where it is', async () => {
    givenStoredRequest({ request: assignedRequest(ID) });
    deps.clock.set(shanghai('2026-11-23 10:30'));

    const step = await assignLeader({ requestId: ID });

    expect(step).toEqual({ next: 'await-leader', version: 2, timeoutSeconds: 60 * 60 });
    expect(writeCalls()).toHaveLength(0);
    expect(deps.notifier.sms).toEqual([]);
  });

  // A restarted execution (shared/services/lifecycle/lifecycle-restarts.ts) starts here, whatever the request's state.
  it.each([
    ['acknowledged, before its deadline', acknowledgedRequest, 'await-leader', undefined],
    ['resolved, before its confirmation deadline', resolvedRequest, 'await-resident', undefined],
    ['resolved, past its confirmation deadline', resolvedRequest, 'await-resident', 1],
  ] as const)(
    'started again from the top on a request %s, writes nothing and resumes with the time left to the stored reminder, else deadline',
    async (_case, stored, next, seconds) => {
      const request = stored(ID);
      givenStoredRequest({ request, taskToken: 'token-of-the-failed-execution' });
      const deadline = new Date(request.deadline);
      const until = new Date(request.reminderAt ?? request.deadline);
      deps.clock.set(seconds === 1 ? secondsAfter(deadline, 3600) : shanghai('2026-11-23 10:30'));

      const step = await assignLeader({ requestId: ID });

      expect(step).toEqual({
        next,
        version: request.version,
        timeoutSeconds: seconds ?? Math.ceil((until.getTime() - deps.clock.now().getTime()) / 1000),
      });
      expect(writeCalls()).toHaveLength(0);
      expect(deps.notifier.sms).toEqual([]);
    },
  );

  it('rejects an input without a request id before reading anything', async () => {
    await expect(assignLeader({})).rejects.toBeInstanceOf(ValidationError);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('fails loudly for a request that does not exist', async () => {
    await expect(assignLeader({ requestId: 'R-NOWHERE' })).rejects.toThrow(/R-NOWHERE does not exist/);
  });
});

describe('Escalate', () => {
  describe('before the deadline (the timeout fired early, or a late step)', () => {
    beforeEach(() => {
      givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' });
      deps.clock.set(shanghai('2026-11-23 11:00'));
    });

    it('writes nothing and sends the workflow back to the leader with the remaining seconds', async () => {
      const step = await escalateStep({ requestId: ID });

      // The reminder at 11:30 is still to come.
      expect(step).toEqual({ next: 'await-leader', version: 2, timeoutSeconds: 30 * 60 });
      expect(writeCalls()).toHaveLength(0);
      expect(deps.notifier.sms).toEqual([]);
    });

    it('does not even read the chain of leaders', async () => {
      await escalateStep({ requestId: ID });

      expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
      expect(ddb.commandCalls(GetCommand, { Key: keys.node(DEMO_HOUSEHOLD_ID) })).toHaveLength(0);
    });
  });

  describe('after the deadline', () => {
    beforeEach(() => {
      givenHousehold();
      givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' });
      deps.clock.set(secondsAfter(UNIT_DEADLINE, 1));
    });

    it('moves the request to the building leader in one transaction, conditioned on the timed-out task', async () => {
      const step = await escalateStep({ requestId: ID });

      // The building leader's two hours, until their reminder at three quarters of them.
      expect(step).toEqual({ next: 'await-leader', version: 3, timeoutSeconds: 90 * 60 });
      const [transaction, ...others] = transactions();
      expect(others).toHaveLength(0);
      const [request, entry, message] = transaction!;
      expect(request?.Put).toMatchObject({
        ConditionExpression: 'version = :version AND taskToken = :token',
        ExpressionAttributeValues: { ':version': 2, ':token': 'token-v2' },
        Item: {
          version: 3,
          status: 'assigned',
          level: 'building',
          assignee: buildingLeader(),
          GSI1PK: `ASSIGNEE#${buildingLeader().holderId}`,
        },
      });
      expect(request?.Put?.Item).toHaveProperty('taskToken', 'token-v2');
      expect(entry?.Put?.Item).toMatchObject({ SK: 'EVT#00000003', event: 'escalated', level: 'building' });
      expect(message?.Put?.Item).toMatchObject({ SK: `MSG#3#${buildingLeader().holderId}` });
    });

    it('sends nothing itself: the SMS is queued with the change, for the outbox', async () => {
      await escalateStep({ requestId: ID });

      expect(deps.notifier.sms).toEqual([]);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    });

    it('does not complete any task: the step’s own result drives the workflow', async () => {
      await escalateStep({ requestId: ID });

      expect(deps.workflow.completed).toEqual([]);
    });
  });

  describe('at the reminder (the wait ran out before the deadline)', () => {
    const REMINDER = shanghai('2026-11-23 11:30');
    const reminded = (): ServiceRequest =>
      remind(assignedRequest(ID), { config, now: secondsAfter(REMINDER, 5) })!.request;

    beforeEach(() => {
      deps.clock.set(secondsAfter(REMINDER, 5));
    });

    it("queues the unit leader's SMS in one transaction with the timeline entry, and waits for the rest up to the stored deadline", async () => {
      givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' });

      const step = await escalateStep({ requestId: ID });

      expect(step).toEqual({ next: 'await-leader', version: 3, timeoutSeconds: 30 * 60 - 5 });
      const [transaction, ...others] = transactions();
      expect(others).toHaveLength(0);
      const [request, entry, message] = transaction!;
      expect(request?.Put).toMatchObject({
        ConditionExpression: 'version = :version AND taskToken = :token',
        ExpressionAttributeValues: { ':version': 2, ':token': 'token-v2' },
        Item: { version: 3, status: 'assigned', level: 'unit', deadline: UNIT_DEADLINE.toISOString() },
      });
      expect(request?.Put?.Item).not.toHaveProperty('reminderAt');
      expect(entry?.Put?.Item).toMatchObject({ SK: 'EVT#00000003', event: 'reminded', level: 'unit' });
      expect(message?.Put?.Item).toMatchObject({
        SK: `MSG#3#${unitLeader().holderId}`,
        status: 'queued',
        template: 'reminder',
      });
      expect(message?.Put?.Item).toMatchObject({ to: { phone: unitLeader().holderPhone }, kind: 'reminder' });
      // Queued with the change; the notification path sends it, not the step.
      expect(deps.notifier.sms).toEqual([]);
      expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(0);
    });

    it('replayed, finds the reminder sent and sends nothing: the request is waited on to its deadline', async () => {
      givenStoredRequest({ request: reminded(), taskToken: 'token-v3' });

      const step = await escalateStep({ requestId: ID });

      expect(step).toEqual({ next: 'await-leader', version: 3, timeoutSeconds: 30 * 60 - 5 });
      expect(writeCalls()).toHaveLength(0);
      expect(deps.notifier.sms).toEqual([]);
    });

    it('losing the race to another reminding step, re-reads and sends no second reminder', async () => {
      givenStoredRequest({ request: assignedRequest(ID), taskToken: 'token-v2' }, { request: reminded() });
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest(3));

      const step = await escalateStep({ requestId: ID });

      expect(step).toMatchObject({ next: 'await-leader', version: 3 });
      expect(transactions()).toHaveLength(1);
      expect(deps.notifier.sms).toEqual([]);
    });

    it('late, after the leader acknowledged, reminds nobody', async () => {
      const acknowledged = actAsLeader(
        assignedRequest(ID),
        { kind: 'leader', id: unitLeader().holderId },
        'acknowledge',
        undefined,
        { config, now: secondsAfter(REMINDER, 1) },
      ).request;
      givenStoredRequest({ request: acknowledged, taskToken: 'token-v3' });

      const step = await escalateStep({ requestId: ID });

      expect(step).toEqual(nextStep(acknowledged, deps.clock.now()));
      expect(writeCalls()).toHaveLength(0);
      expect(deps.notifier.sms).toEqual([]);
    });
  });

  describe('replayed (a retry of a step that already escalated)', () => {
    beforeEach(() => {
      givenHousehold();
      deps.clock.set(secondsAfter(UNIT_DEADLINE, 5));
    });

    it('loses the condition, re-reads the escalated request, and sends no second SMS', async () => {
      givenStoredRequest(
        { request: assignedRequest(ID), taskToken: 'token-v2' },
        { request: escalatedToBuilding() },
      );
      ddb.on(TransactWriteCommand).rejects(conditionFailedOnRequest(3));

      const step = await escalateStep({ requestId: ID });

      expect(step).toMatchObject({ next: 'await-leader', version: 3 });
      expect(transactions()).toHaveLength(1);
      expect(ddb.commandCalls(GetCommand, { Key: keys.request(ID) })).toHaveLength(2);
      expect(deps.notifier.sms).toEqual([]);
      expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    });
  });

  it('escalates at once, before any deadline, when the leader asked to', async () => {
    givenHousehold();
    const asked = actAsLeader(
      assignedRequest(ID),
      { kind: 'leader', id: unitLeader().holderId },
      'escalate',
      '需要楼栋协调',
      { config, now: shanghai('2026-11-23 10:20') },
    ).request;
    givenStoredRequest({ request: asked });
    deps.clock.set(shanghai('2026-11-23 10:21'));

    const step = await escalateStep({ requestId: ID });

    expect(step).toMatchObject({ next: 'await-leader', version: 4 });
    expect(transactions()[0]![0]!.Put).toMatchObject({
      ConditionExpression: 'version = :version AND attribute_not_exists(taskToken)',
      Item: { level: 'building', status: 'assigned' },
    });
    expect(transactions()[0]![2]!.Put?.Item).toMatchObject({
      to: expect.objectContaining({ phone: buildingLeader().holderPhone }),
      template: 'escalatedUnresolved',
      text: expect.stringMatching(/单元长无法解决/),
    });
  });

  it('at the street, past the deadline, flags the request overdue and queues the supervisors’ SMS (urgent)', async () => {
    givenHousehold();
    let request = assignedRequest(ID);
    while (request.level !== 'street') {
      request = escalate(request, chainOf(), { config, now: new Date(request.deadline) }).request;
    }
    givenStoredRequest({ request, taskToken: 'token-street' });
    deps.clock.set(secondsAfter(new Date(request.deadline), 1));

    const step = await escalateStep({ requestId: ID });

    expect(step).toEqual({
      next: 'await-leader',
      version: request.version + 1,
      timeoutSeconds: config.sla.overdueReminderMinutes * 60,
    });
    expect(transactions()[0]![0]!.Put?.Item).toMatchObject({ level: 'street', overdue: true });
    expect(transactions()[0]![2]!.Put?.Item).toMatchObject({
      to: { kind: 'supervisors' },
      recipientRole: 'supervisors',
      urgent: true,
      template: 'overdue',
      text: expect.stringMatching(/请督办/),
    });
    expect(deps.notifier.supervisors).toEqual([]);
  });
});

describe('AutoConfirm', () => {
  const resolved = () => resolvedRequest(ID);
  const confirmBy = () => new Date(resolved().deadline);

  it('closes a request the resident left unanswered past the deadline, with the leader’s points', async () => {
    givenStoredRequest({ request: resolved(), taskToken: 'token-v4' });
    deps.clock.set(secondsAfter(confirmBy(), 1));

    const step = await autoConfirm({ requestId: ID });

    expect(step).toMatchObject({ next: 'closed', version: 5 });
    const [transaction] = transactions();
    expect(transaction![0]!.Put).toMatchObject({
      ConditionExpression: 'version = :version AND taskToken = :token',
      Item: { status: 'closed', closedBy: 'auto' },
    });
    expect(transaction![0]!.Put?.Item).not.toHaveProperty('GSI1PK');
    expect(transaction![1]!.Put?.Item).toMatchObject({ event: 'auto-confirmed' });
    expect(
      transaction!.some((item) => item.Put?.Item?.PK === `TRANSFER#close:${ID}:${unitLeader().holderId}`),
    ).toBe(true);
    expect(deps.notifier.sms).toEqual([]);
  });

  it('before the deadline writes nothing and awaits the resident for the remaining time', async () => {
    givenStoredRequest({ request: resolved(), taskToken: 'token-v4' });
    deps.clock.set(secondsAfter(MONDAY_10, 60));

    const step = await autoConfirm({ requestId: ID });

    expect(step).toEqual({
      next: 'await-resident',
      version: 4,
      timeoutSeconds: Math.ceil((confirmBy().getTime() - deps.clock.now().getTime()) / 1000),
    });
    expect(writeCalls()).toHaveLength(0);
  });
});

describe('AwaitLeader / AwaitResident (the callback task)', () => {
  const task = { requestId: ID, token: 'token-v3', awaiting: 'leader', version: 3 };

  it('stores the task token on the request, only if it is still at the version the workflow saw', async () => {
    await expect(awaitCallback(task)).resolves.toBeUndefined();

    const updates = ddb.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args[0].input).toEqual({
      TableName: TABLE,
      Key: keys.request(ID),
      UpdateExpression: 'SET taskToken = :token',
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':token': 'token-v3', ':version': 3 },
    });
    expect(deps.workflow.completed).toEqual([]);
  });

  it('completes the task at once with the stored state when the request moved on meanwhile', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const moved = actAsLeader(
      acknowledgedRequest(ID),
      { kind: 'leader', id: unitLeader().holderId },
      'resolve',
      '已修好',
      { config, now: shanghai('2026-11-23 10:40') },
    ).request;
    givenStoredRequest({ request: moved });
    deps.clock.set(shanghai('2026-11-23 10:45'));

    await awaitCallback(task);

    expect(deps.workflow.completed).toEqual([
      {
        taskToken: 'token-v3',
        step: {
          next: 'await-resident',
          version: 4,
          timeoutSeconds: Math.ceil((Date.parse(moved.deadline) - deps.clock.now().getTime()) / 1000),
        },
      },
    ]);
    expect(transactions()).toHaveLength(0);
  });

  it('rejects a task without a token or with a version that is not positive, writing nothing', async () => {
    await expect(awaitCallback({ ...task, token: '' })).rejects.toBeInstanceOf(ValidationError);
    await expect(awaitCallback({ ...task, version: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(awaitCallback({ ...task, awaiting: 'nobody' })).rejects.toBeInstanceOf(ValidationError);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('lets a DynamoDB failure other than the condition reach Step Functions, which retries', async () => {
    ddb.on(UpdateCommand).rejects(new Error('ThrottlingException'));

    await expect(awaitCallback(task)).rejects.toThrow('ThrottlingException');
    expect(deps.workflow.completed).toEqual([]);
  });
});
