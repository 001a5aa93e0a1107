import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { putProvider } from '../../shared/store/provider-store.js';
import { chainOf, config, household } from '../support/fixtures.js';

/** Every response that carries a request shows its phone numbers as GET /requests/{id} does to the same caller. */
const system = new LocalSystem(config);
const home = household();
const resident = home.residents[0]!.personId;
const [unitLeader, , , communityStaff] = chainOf().map((link) => link.post!.holderId) as [
  string,
  string,
  string,
  string,
];
const handymen = {
  kind: 'team' as const,
  id: 'team-handy-views',
  name: '便民维修队',
  contact: { personId: 'p-handy-lead', phone: '+8610000000021' },
  memberIds: ['p-handy-lead', 'p-handy-2'],
  specialities: ['repair'],
  scope: home.ancestors.grid!,
};
const volunteer = 'p-handy-2';

beforeAll(async () => {
  await system.start();
  await putProvider(system.stack.deps.table, handymen);
});
afterAll(() => system.stop());

type Body = Record<string, unknown>;

/** The phone numbers a request view carries: the resident's, the holder's and the dispatched provider's. */
function phonesOf(request: Body) {
  const assignee = request.assignee as { holderPhone?: string } | undefined;
  const dispatch = request.dispatch as { provider: { contact: { phone: string } } } | undefined;
  return {
    resident: request.residentPhone,
    holder: assignee?.holderPhone,
    provider: dispatch?.provider.contact.phone,
  };
}

async function viewed(id: string, as: string) {
  const { status, body } = await system.call('GET', `/requests/${id}`, { as });
  expect(status).toBe(200);
  return body.request as Body;
}

async function act(id: string, action: string, as: string, body?: unknown) {
  const response = await system.call('POST', `/requests/${id}/${action}`, { as, ...(body ? { body } : {}) });
  expect([action, response.status]).toEqual([action, 200]);
  return response.body;
}

/** The action's response and a GET right after it, by the same caller, show the same numbers. */
async function expectSameAsGet(id: string, as: string, answered: Body) {
  const read = await viewed(id, as);
  expect(read.version).toBe(answered.version);
  expect(phonesOf(answered)).toEqual(phonesOf(read));
  return phonesOf(answered);
}

const masked = expect.stringMatching(/^\d{3}\*{4}\d{4}$/);
const full = expect.stringMatching(/^\+86\d{11}$/);

describe('one view of a request per caller', () => {
  it('submit, acknowledge, dispatch, complete, resolve and confirm answer as GET does to each caller', async () => {
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '水龙头漏水' },
    });
    expect(submitted.status).toBe(201);
    const id = String(submitted.body.id);
    // The workflow assigns it at once (a new version): what the submission answered is compared as it stands.
    const read = await viewed(id, resident);
    expect(phonesOf(submitted.body).resident).toEqual(phonesOf(read).resident);
    expect(phonesOf(submitted.body).resident).toEqual(full);
    await system.waitFor(id, 'AwaitLeader');

    await act(id, 'acknowledge', unitLeader);
    await system.waitFor(id, 'AwaitLeader');
    const dispatched = await act(id, 'dispatch', unitLeader, { to: handymen.id });
    expect(await expectSameAsGet(id, unitLeader, dispatched)).toEqual({
      resident: full,
      holder: full,
      provider: full,
    });
    await system.waitFor(id, 'AwaitLeader');

    const completed = await act(id, 'complete', volunteer, { note: '已换阀芯' });
    // The volunteer is texted the address and reaches the resident there, or through the leader.
    expect(await expectSameAsGet(id, volunteer, completed)).toEqual({
      resident: masked,
      holder: masked,
      provider: undefined,
    });
    await system.waitFor(id, 'AwaitLeader');

    const resolved = await act(id, 'resolve', unitLeader, { note: '已修好' });
    expect(await expectSameAsGet(id, unitLeader, resolved)).toMatchObject({ resident: full, holder: full });
    await system.waitFor(id, 'AwaitResident');

    const confirmed = await act(id, 'confirm', resident, { rating: 5 });
    // A resident sees their own number, and their leader's masked, as in the household's and node's views.
    expect(await expectSameAsGet(id, resident, confirmed)).toEqual({
      resident: full,
      holder: masked,
      provider: undefined,
    });
  });

  it('a volunteer submitting for a household in their grid sees its number masked, as GET shows it', async () => {
    const submitted = await system.call('POST', '/requests', {
      as: volunteer,
      body: { householdId: home.id, category: 'repair', description: '楼道门坏了' },
    });
    expect(submitted.status).toBe(201);
    const read = await viewed(String(submitted.body.id), volunteer);
    expect(phonesOf(submitted.body).resident).toEqual(phonesOf(read).resident);
    expect(phonesOf(submitted.body).resident).toEqual(masked);
  });

  it('community staff see every number in full, in the listing as in GET', async () => {
    const submitted = await system.call('POST', '/requests', {
      as: resident,
      body: { category: 'repair', description: '电梯异响' },
    });
    const id = String(submitted.body.id);
    await system.waitFor(id, 'AwaitLeader');
    const listed = await system.call('GET', `/requests?node=${home.ancestors.unit}&status=assigned`, {
      as: communityStaff,
    });
    const item = (listed.body.items as Body[]).find((candidate) => candidate.id === id)!;
    expect(phonesOf(item).holder).toEqual(phonesOf(await viewed(id, communityStaff)).holder);
    expect(phonesOf(item).holder).toEqual(full);
  });
});
