import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { assignFirstLeader, submit as submitted } from '../../shared/domain/lifecycle.js';
import { LINK_TOKEN_PATTERN } from '../../shared/domain/short-link.js';
import { commitTransition, getRequest, StaleRequestError } from '../../shared/store/request-store.js';
import { allItems, chainOf, config, household, submitRequest } from '../support/fixtures.js';

/**
 * Leaders' SMS links on DynamoDB Local and the synthesized state machine: the link is written with
 * the message that carries it, once, and the public route opens it until it expires.
 */
const system = new LocalSystem(config, { links: true });
beforeAll(() => system.start(), 300_000);
afterAll(() => system.stop());

const resident = household().residents[0]!.personId;

const submit = () => submitRequest(system);

const linksOf = async (requestId: string) =>
  (await allItems(system)).filter(
    (item) => String(item.PK).startsWith('LINK#') && item.requestId === requestId,
  );

const tokenIn = (text: string) => /\/l\/([0-9A-Za-z]+)$/.exec(text)?.[1] ?? '';

/** GET /l/{token} as a phone's browser would, without following the redirect. */
async function open(token: string) {
  const response = await fetch(`${system.url}/l/${token}`, { redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

describe("a leader's SMS link", () => {
  let id = '';
  let token = '';

  it('comes with the assignment, to the local server, and is stored once with its message', async () => {
    await system.streamHandled();
    const sent = system.outbox.length;
    id = await submit();
    await system.streamHandled();
    const [assignment] = system.outbox.slice(sent);
    expect(assignment).toMatchObject({ to: chainOf()[0]!.post!.holderPhone, template: 'assignedLink' });
    expect(assignment!.text).toContain(`${system.url}/l/`);
    token = tokenIn(assignment!.text);
    expect(token).toMatch(LINK_TOKEN_PATTERN);
    expect(await linksOf(id)).toEqual([
      expect.objectContaining({
        PK: `LINK#${token}`,
        SK: 'LINK',
        requestId: id,
        personId: chainOf()[0]!.post!.holderId,
        expiresAt: expect.any(Number),
      }),
    ]);
  });

  it('opens the request on the leader page, cached nowhere', async () => {
    const answer = await open(token);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${system.url}/leader/#/requests/${id}`);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.body).toBe('');
  });

  it('answers an unknown, a malformed or a huge token with the same page', async () => {
    const unknown = await open('Zz9Zz9Zz9Z');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(unknown.body).toContain('链接已失效');
    for (const malformed of ['abc', '%3Cscript%3E', 'A'.repeat(2000)]) {
      const answer = await open(malformed);
      expect([answer.status, answer.body]).toEqual([404, unknown.body]);
    }
  });

  it('a retried step writes no second link; a replayed transition fails whole', async () => {
    await system.call('POST', `/requests/${id}/acknowledge`, { as: chainOf()[0]!.post!.holderId });
    await system.waitFor(id, 'AwaitLeader');
    expect(await linksOf(id)).toHaveLength(1);
    // The assignment, built again from the version it was built from, with a new token: stale.
    const stored = (await getRequest(system.stack.deps.table, id))!;
    const before = { ...stored.request, version: 1, status: 'submitted' as const, assignee: undefined };
    const replay = assignFirstLeader(before, chainOf(), {
      config,
      now: system.clock.now(),
      links: { site: system.url, newToken: () => 'Replay0001' },
    });
    expect(replay.links).toHaveLength(1);
    await expect(commitTransition(system.stack.deps.table, replay, { version: 1 })).rejects.toThrow(
      StaleRequestError,
    );
    expect((await linksOf(id)).map((item) => item.PK)).toEqual([`LINK#${token}`]);
  });

  it('never points a taken token elsewhere: the transaction fails whole', async () => {
    const table = system.stack.deps.table;
    const context = { config, now: system.clock.now() };
    const raised = submitted(
      {
        id: 'R-LINK-TAKEN',
        household: household(),
        submittedBy: { kind: 'resident', id: resident },
        category: 'repair',
        description: '门禁坏了',
        priority: 'normal',
        photos: [],
      },
      context,
    );
    await commitTransition(table, raised, { version: 0 });
    const taken = assignFirstLeader(raised.request, chainOf(), {
      ...context,
      links: { site: system.url, newToken: () => token },
    });
    await expect(commitTransition(table, taken, { version: 1 })).rejects.toThrow();
    expect((await getRequest(table, 'R-LINK-TAKEN'))?.request).toMatchObject({
      version: 1,
      status: 'submitted',
    });
    expect((await linksOf(id)).map((item) => item.PK)).toEqual([`LINK#${token}`]);
  });

  it('expires a day after the resolve deadline, then answers as an unknown link', async () => {
    const { request } = (await getRequest(system.stack.deps.table, id))!;
    const unknown = await open('Zz9Zz9Zz9Z');
    system.clock.set(new Date(new Date(request.resolveBy!).getTime() + 24 * 3_600_000 + 1000));
    const expired = await open(token);
    expect([expired.status, expired.body]).toEqual([404, unknown.body]);
  });

  it('comes with an escalation too: one more link, for the next leader', async () => {
    await system.streamHandled();
    const sent = system.outbox.length;
    const next = await submit();
    await system.passDeadline(next);
    await system.waitFor(next, 'AwaitLeader');
    await system.streamHandled();
    const escalation = system.outbox
      .slice(sent)
      .find((message) => message.template === 'escalatedTimeoutLink');
    expect(escalation?.to).toBe(chainOf()[1]!.post!.holderPhone);
    const links = await linksOf(next);
    expect(links.map((item) => item.personId).sort()).toEqual(
      [chainOf()[0]!.post!.holderId, chainOf()[1]!.post!.holderId].sort(),
    );
    expect(links.map((item) => item.PK)).toContain(`LINK#${tokenIn(escalation!.text)}`);
  });
});
