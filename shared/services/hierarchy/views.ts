import type { Access } from '../../domain/access.js';
import type { HierarchyNode, Household, Person } from '../../domain/hierarchy.js';
import { seesContacts, seesPersonContacts } from '../../domain/hierarchy-rules.js';
import { maskEmail, maskPhone } from '../../domain/privacy.js';
import type { HeldNode } from '../../store/hierarchy-store.js';
import { placeOf } from './guards.js';

/** What callers see: phone numbers in full only for those who serve the place (or the person themself). */

export function nodeView(node: HierarchyNode, access: Access): HierarchyNode {
  if (seesContacts(access, placeOf(node))) return node;
  return {
    ...node,
    ...(node.post ? { post: { ...node.post, holderPhone: maskPhone(node.post.holderPhone) } } : {}),
    ...(node.deputy ? { deputy: { ...node.deputy, holderPhone: maskPhone(node.deputy.holderPhone) } } : {}),
  };
}

export function householdView(household: Household, access: Access): Household {
  if (seesContacts(access, placeOf(household))) return household;
  return {
    ...household,
    residents: household.residents.map((resident) => ({ ...resident, phone: maskPhone(resident.phone) })),
  };
}

export function personView(person: Person, posts: HeldNode[], access: Access) {
  const { grants: _grants, ...shown } = person;
  const held = posts.map(({ id, type, name }) => ({ nodeId: id, type, ...(name ? { name } : {}) }));
  const seesContacts = seesPersonContacts(access, person.id, posts);
  return {
    ...shown,
    phone: seesContacts ? person.phone : maskPhone(person.phone),
    ...(person.email ? { email: seesContacts ? person.email : maskEmail(person.email) } : {}),
    posts: held,
  };
}
