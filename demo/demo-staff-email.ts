import { DISTRICT_SCOPE, type Access } from '../shared/domain/access.js';
import { districtEmail } from '../shared/domain/notification-preferences.js';
import type { Dependencies } from '../shared/runtime/dependencies.js';
import { updatePerson } from '../shared/services/hierarchy/manage-people.js';
import { setMyPreferences } from '../shared/services/notifications/preferences.js';

/** 银融社区's duty officer (the demo district appoints p-0002 to the community's post). */
const COMMUNITY_STAFF: Access = {
  personId: 'p-0002',
  grants: [{ role: 'community_staff', scope: 'cm-yinrong' }],
};
const ADMIN: Access = { personId: 'demo-admin', grants: [{ role: 'district_admin', scope: DISTRICT_SCOPE }] };

/**
 * Where the district sends e-mail, 银融社区's duty officer has an address and chose e-mail too, as
 * staff would through the API: a request that climbs to the community shows its e-mail in the
 * local run's console. Seeding again changes nothing.
 */
export async function seedDemoStaffEmail(deps: Dependencies): Promise<void> {
  if (!districtEmail(deps.config).offered) return;
  await updatePerson(deps, ADMIN, COMMUNITY_STAFF.personId, { email: 'yinrong@lvyuan.example.cn' });
  await setMyPreferences(deps, COMMUNITY_STAFF, { channels: ['sms', 'push', 'email'], notices: 'all' });
}
