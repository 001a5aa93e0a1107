import { DEMO_ADMIN } from '../demo/demo-intake.js';
import { DEMO_HOUSEHOLD_ID, demoChainOf, demoHousehold, type DemoDistrict } from '../demo/lvyuan-district.js';
import { POST_ROLES, type Role } from '../shared/domain/access.js';
import { LEVEL_NAMES_ZH } from '../shared/config/vocabulary.js';

/** One role of a person who can sign in to the demo, where it applies, and what gives it. */
export interface DemoRole {
  role: Role;
  /** The household (resident), the node of a post or provider's area, or `district`. */
  scope: string;
  /** The household's address, the post's node, the provider's name, or the grant. */
  as: string;
}

/** Someone who can sign in to the local run, with every role the district's records give them. */
export interface DemoSignIn {
  id: string;
  name: string;
  householdId?: string;
  roles: DemoRole[];
}

const signInsByDistrict = new WeakMap<DemoDistrict, DemoSignIn[]>();

/**
 * Everyone the demo lets sign in (residents, leaders, staff, service staff and team members, the
 * district admin) with their roles, derived from the same records the import writes to the table.
 * `GET /local/people`, `npm start`'s ready-made tokens and the local tokens' claims all read this.
 */
export function demoSignIns(district: DemoDistrict): DemoSignIn[] {
  const known = signInsByDistrict.get(district);
  if (known) return known;
  const roles = new Map<string, DemoRole[]>();
  const give = (personId: string, role: DemoRole) =>
    roles.set(personId, [...(roles.get(personId) ?? []), role]);
  const households = new Map<string, string>();
  for (const household of district.households) {
    for (const resident of household.residents) {
      households.set(resident.personId, household.id);
      give(resident.personId, { role: 'resident', scope: household.id, as: household.address });
    }
  }
  for (const node of district.nodes) {
    if (node.post) {
      give(node.post.holderId, {
        role: POST_ROLES[node.type],
        scope: node.id,
        as: `${LEVEL_NAMES_ZH[node.type]} ${node.name}`,
      });
    }
  }
  for (const provider of district.providers) {
    for (const memberId of provider.memberIds) {
      give(memberId, { role: 'service_staff', scope: provider.scope, as: provider.name });
    }
  }
  const persons = [...district.persons, DEMO_ADMIN];
  for (const person of persons) {
    for (const grant of person.grants ?? []) give(person.id, { ...grant, as: 'grant' });
  }
  const signIns = persons
    .filter((person) => roles.has(person.id))
    .map((person) => {
      const householdId = households.get(person.id);
      return {
        id: person.id,
        name: person.name,
        ...(householdId ? { householdId } : {}),
        roles: roles.get(person.id) ?? [],
      };
    });
  signInsByDistrict.set(district, signIns);
  return signIns;
}

/** The tokens `npm start` prints: the demo household's resident, each leader up its chain, the district admin. */
export function readyMadeSignIns(
  district: DemoDistrict,
): { variable: string; personId?: string; who: string }[] {
  const household = demoHousehold(district, DEMO_HOUSEHOLD_ID);
  if (!household) throw new Error(`the demo district has no household ${DEMO_HOUSEHOLD_ID}`);
  return [
    {
      variable: 'RESIDENT',
      personId: household.residents[0]?.personId,
      who: `resident of ${household.address}`,
    },
    ...demoChainOf(district, DEMO_HOUSEHOLD_ID).map((link) => ({
      variable: `${link.level.toUpperCase()}_LEADER`,
      personId: link.post?.holderId,
      who: `${LEVEL_NAMES_ZH[link.level]} of ${link.nodeName}`,
    })),
    { variable: 'ADMIN', personId: DEMO_ADMIN.id, who: 'district admin' },
  ];
}
