import type { Access } from '../../domain/access.js';
import { DEFAULT_PREFERENCES, type NotificationPreferences } from '../../domain/notification.js';
import {
  checkedPreferences,
  districtEmail,
  mandatoryKinds,
  preferenceChoices,
} from '../../domain/notification-preferences.js';
import { UnprocessableError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getPerson } from '../../store/hierarchy-store.js';
import { putPreferences, readPreferences, type PreferencesRecord } from '../../store/preference-store.js';

const choicesOf = (deps: Dependencies, access: Access) =>
  preferenceChoices(
    access.grants.map((grant) => grant.role),
    districtEmail(deps.config),
  );

function preferencesView(deps: Dependencies, access: Access, record: PreferencesRecord | undefined) {
  const choices = choicesOf(deps, access);
  return {
    ...(record?.preferences ?? DEFAULT_PREFERENCES),
    isDefault: record === undefined,
    choices: { channels: [...choices.channels], notices: [...choices.notices] },
    mandatoryKinds: mandatoryKinds(),
    ...(record ? { updatedAt: record.updatedAt } : {}),
  };
}

/** GET /me/preferences: the caller's own choice (the default while they never chose), and its rules. */
export async function readMyPreferences(deps: Dependencies, access: Access) {
  return preferencesView(deps, access, await readPreferences(deps.table, access.personId));
}

/**
 * PUT /me/preferences: the caller's own choice, if theirs to make (422 naming the field otherwise).
 * E-mail also needs an address on the caller's record (PATCH /people/{id}): without one it could
 * only be dropped.
 */
export async function setMyPreferences(deps: Dependencies, access: Access, input: NotificationPreferences) {
  const preferences = checkedPreferences(input, choicesOf(deps, access));
  if (preferences.channels.includes('email') && !(await getPerson(deps.table, access.personId))?.email) {
    throw new UnprocessableError(
      'Your record has no e-mail address: ask the staff who keep the roster to add one, then choose e-mail.',
      [{ field: 'channels', message: 'email: no e-mail address on your record' }],
    );
  }
  const record = { preferences, updatedAt: deps.clock.now().toISOString() };
  await putPreferences(deps.table, access.personId, record);
  return preferencesView(deps, access, record);
}
