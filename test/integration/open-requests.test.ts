import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { measureOpenRequests } from '../../shared/services/lifecycle/open-requests.js';
import { config, household } from '../support/fixtures.js';

/** The dashboard's gauge of open requests by level, counted from the area index as the reconciler does. */
const system = new LocalSystem(config);

beforeAll(() => system.start(), 300_000);
afterAll(() => system.stop());

describe('the open requests gauge', () => {
  it('counts a new request at the unit, then at the building once its deadline passed', async () => {
    const before = await measureOpenRequests(system.stack.deps);
    const submitted = await system.call('POST', '/requests', {
      as: household().residents[0]!.personId,
      body: { category: 'repair', description: '楼道灯坏了' },
    });
    expect(submitted.status).toBe(201);
    const id = String(submitted.body.id);
    await system.waitFor(id, 'AwaitLeader');
    expect(await measureOpenRequests(system.stack.deps)).toEqual({ ...before, unit: before.unit + 1 });

    await system.passDeadline(id);
    await system.waitFor(id, 'AwaitLeader');
    expect(await measureOpenRequests(system.stack.deps)).toEqual({
      ...before,
      building: before.building + 1,
    });
  });
});
