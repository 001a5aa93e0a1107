import type { Access } from '../../domain/access.js';
import { DEFAULT_PREFERENCES, type NotificationPreferences } from '../../domain/notification.js';
import {
  checkedPreferences,
  mandatoryKinds,
  preferenceChoices,
} from '../../domain/notification-preferences.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { putPreferences, readPreferences, type PreferencesRecord } from '../../store/preference-store.js';

const choicesOf = (access: Access) => preferenceChoices(access.grants.map((grant) => grant.role));

function preferencesView(access: Access, record: PreferencesRecord | undefined) {
  const choices = choicesOf(access);
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
  return preferencesView(access, await readPreferences(deps.table, access.personId));
}

/** PUT /me/preferences: the caller's own choice, if theirs to make (422 naming the field otherwise). */
export async function setMyPreferences(deps: Dependencies, access: Access, input: NotificationPreferences) {
  const record = {
    preferences: checkedPreferences(input, choicesOf(access)),
    updatedAt: deps.clock.now().toISOString(),
  };
  await putPreferences(deps.table, access.personId, record);
  return preferencesView(access, record);
}
