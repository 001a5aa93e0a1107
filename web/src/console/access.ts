import type { components } from '../api/schema';
import { inject, type InjectionKey, type Ref } from 'vue';

/**
 * The roles the API grants (its access rules are the server's; the console only hides what the
 * caller could not use). A grant's scope is the root of the subtree it covers (`district`: all of it).
 */
export type Grant = components['schemas']['Grant'];
export type Role = Grant['role'];

export const DISTRICT_SCOPE = 'district';

/** Community, street and district staff: who the console is for (triage, the hierarchy, providers, points). */
export const STAFF: readonly Role[] = ['community_staff', 'street_staff', 'district_admin'];
/** Intake partners are the district's: only its admins manage them. */
export const ADMINS: readonly Role[] = ['district_admin'];

export const mayUse = (grants: readonly Grant[], roles: readonly Role[]) =>
  grants.some((grant) => roles.includes(grant.role));

/** The roots of the caller's staff areas (a community, a street, or `district`), each once. */
export const staffScopes = (grants: readonly Grant[]): string[] => [
  ...new Set(grants.filter((grant) => STAFF.includes(grant.role)).map((grant) => grant.scope)),
];

/** The signed-in caller's grants, as `GET /accounts/me` told the shell. */
export const GRANTS: InjectionKey<Ref<readonly Grant[]>> = Symbol('grants');

export function useGrants(): Ref<readonly Grant[]> {
  const grants = inject(GRANTS);
  if (!grants) throw new Error('useGrants() outside the console shell');
  return grants;
}

/** The Chinese names of the roles the header shows. */
export const ROLE_NAMES: Record<Role, string> = {
  resident: '居民',
  unit_leader: '单元长',
  building_leader: '楼栋长',
  grid_leader: '网格长',
  community_staff: '社区工作人员',
  street_staff: '街道工作人员',
  district_admin: '区级管理员',
  service_staff: '服务人员',
};
