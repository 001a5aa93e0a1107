import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSystem } from '../../local/local-system.js';
import { chainOf, config, district, household } from '../support/fixtures.js';

const system = new LocalSystem(config);
beforeAll(() => system.start());
afterAll(() => system.stop());

const home = household();
const [unitLeader, , gridLeader, communityStaff] = chainOf().map((link) => link.post!.holderId) as string[];
const volunteers = district.households
  .filter((candidate) => candidate.ancestors.community === home.ancestors.community)
  .slice(0, 3)
  .map((candidate) => candidate.residents[0]!.personId);

const team = {
  id: 'team-elderly',
  kind: 'team',
  name: '助老行动队',
  scope: home.ancestors.community,
  memberIds: volunteers,
  specialities: ['elderly-care'],
};

describe('the ten staff and volunteer teams', () => {
  it('community staff register a team; its members get service_staff there', async () => {
    const created = await system.call('POST', '/providers', { as: communityStaff, body: team });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 'team-elderly',
      contact: { personId: volunteers[0] },
      scope: home.ancestors.community,
    });
    const asMember = await system.call('GET', '/providers/team-elderly', { as: volunteers[1]! });
    expect(asMember.status).toBe(200);
  });

  it('a leader lists everyone who serves their unit, from the grid up', async () => {
    const listed = await system.call('GET', `/providers?node=${home.ancestors.unit}`, { as: unitLeader });
    expect(listed.status).toBe(200);
    expect((listed.body.items as { id: string }[]).map((item) => item.id)).toContain('team-elderly');
  });

  it('refuses an unknown member, a category the district lacks and a second registration, naming the field', async () => {
    const bad = await system.call('POST', '/providers', {
      as: communityStaff,
      body: { ...team, id: 'team-bad', memberIds: ['p-nobody'], specialities: ['ufo'] },
    });
    expect(bad.status).toBe(422);
    expect((bad.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'memberIds.0',
      'specialities.0',
    ]);
    expect((await system.call('POST', '/providers', { as: communityStaff, body: team })).status).toBe(409);
    expect(
      (
        await system.call('POST', '/providers', {
          as: communityStaff,
          body: { ...team, id: 'team-x', scope: home.ancestors.unit },
        })
      ).status,
    ).toBe(422);
  });

  it('leaders do not register providers; staff do so only in their area', async () => {
    expect(
      (await system.call('POST', '/providers', { as: gridLeader, body: { ...team, id: 'team-y' } })).status,
    ).toBe(403);
    const otherCommunity = district.nodes.find(
      (node) => node.type === 'community' && node.id !== home.ancestors.community,
    )!;
    const outside = await system.call('POST', '/providers', {
      as: communityStaff,
      body: { ...team, id: 'team-z', scope: otherCommunity.id },
    });
    expect([outside.status, (outside.body.errors as { field: string }[])[0]?.field]).toEqual([403, 'scope']);
  });
});
