import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as escalate } from '../../functions/workflow/escalate.js';
import { LocalSystem } from '../../local/local-system.js';
import type { Post } from '../../shared/domain/hierarchy.js';
import { chainOf, config, submitRequest } from '../support/fixtures.js';

const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const [unitLeader, buildingLeader] = chainOf().map((link) => link.post!) as [Post, Post];

const submit = () => submitRequest(system);

async function timeline(id: string): Promise<string[]> {
  const { body } = await system.call('GET', `/requests/${id}`, { as: unitLeader.holderId });
  return (body.timeline as { event: string }[]).map((entry) => entry.event);
}

/** The SMS sent from a point on, with their template. */
const sentSince = async (from: number) => {
  await system.streamHandled();
  return system.outbox.slice(from).map(({ to, template }) => ({ to, template }));
};

describe('reminders before a deadline, on DynamoDB Local and the synthesized state machine', () => {
  it('a request left alone: reminded once at the reminder, escalated at the unchanged deadline, in 3 state transitions per reminder', async () => {
    const id = await submit();
    const assigned = await system.request(id);
    expect(assigned.reminderAt).toBe(
      new Date(Date.parse(String(assigned.deadline)) - 30 * 60_000).toISOString(),
    );
    await system.streamHandled();
    const sent = system.outbox.length;
    const transitions = system.workflow.transitionsOf(id);

    await system.passReminder(id);
    await system.waitFor(id, 'AwaitLeader');

    await expect.poll(() => system.workflow.transitionsOf(id) - transitions).toBe(3);
    expect(await sentSince(sent)).toEqual([{ to: unitLeader.holderPhone, template: 'reminder' }]);
    const reminded = await system.request(id);
    expect(reminded).toMatchObject({ status: 'assigned', level: 'unit', deadline: assigned.deadline });
    expect(reminded).not.toHaveProperty('reminderAt');

    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    expect(await system.request(id)).toMatchObject({ level: 'building', status: 'assigned' });
    expect(await sentSince(sent)).toEqual([
      { to: unitLeader.holderPhone, template: 'reminder' },
      { to: buildingLeader.holderPhone, template: 'escalatedTimeout' },
    ]);
    expect(await timeline(id)).toEqual(['submitted', 'assigned', 'reminded', 'escalated']);
  });

  it('a replayed reminding step (a late timeout, a retry) sends no second reminder and keeps the deadline', async () => {
    const id = await submit();
    await system.passReminder(id);
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const sent = system.outbox.length;
    const { deadline } = await system.request(id);

    const step = await escalate({ requestId: id });

    expect(step).toMatchObject({
      next: 'await-leader',
      timeoutSeconds: Math.ceil((Date.parse(String(deadline)) - system.clock.now().getTime()) / 1000),
    });
    await system.streamHandled();
    expect(system.outbox.length).toBe(sent);
    expect(await timeline(id)).toEqual(['submitted', 'assigned', 'reminded']);
  });

  it('a leader who acknowledges after the reminder is not escalated when the acknowledge deadline passes', async () => {
    const id = await submit();
    const { deadline: acknowledgeBy } = await system.request(id);
    await system.passReminder(id);
    await system.waitFor(id, 'AwaitLeader');
    expect(
      (await system.call('POST', `/requests/${id}/acknowledge`, { as: unitLeader.holderId })).status,
    ).toBe(200);
    await system.waitFor(id, 'AwaitLeader');
    await system.streamHandled();
    const sent = system.outbox.length;

    // The old deadline passes and the wait (now for the resolution) times out early: nothing is due.
    system.clock.set(new Date(Date.parse(String(acknowledgeBy)) + 1000));
    expect(system.workflow.expireWait(id)).toBe(true);
    await system.waitFor(id, 'AwaitLeader');

    expect(await system.request(id)).toMatchObject({ status: 'acknowledged', level: 'unit' });
    await system.streamHandled();
    expect(system.outbox.length).toBe(sent);
    expect(await timeline(id)).toEqual(['submitted', 'assigned', 'reminded', 'acknowledged']);
  });
});
