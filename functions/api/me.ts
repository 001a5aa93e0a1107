import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { inboxQuery, markReadBody, preferencesBody } from '../../shared/http/contract/me.js';
import { apiRoutes } from '../../shared/runtime/api-handler.js';
import { markMyInboxRead, readMyInbox } from '../../shared/services/notifications/inbox.js';
import { readMyPreferences, setMyPreferences } from '../../shared/services/notifications/preferences.js';

/** The caller's own notification preferences and app inbox: there is no route to anyone else's. */
export const handler = apiRoutes<'me'>({
  'GET /me/preferences': async (_event, access, deps) =>
    jsonResponse(200, await readMyPreferences(deps, access)),
  'PUT /me/preferences': async (event, access, deps) =>
    jsonResponse(200, await setMyPreferences(deps, access, parseBody(preferencesBody, event))),
  'GET /me/inbox': async (event, access, deps) =>
    jsonResponse(
      200,
      await readMyInbox(deps, access, parseWith(inboxQuery, event.queryStringParameters ?? {}, 'query')),
    ),
  'POST /me/inbox/read': async (event, access, deps) =>
    jsonResponse(200, await markMyInboxRead(deps, access, parseBody(markReadBody, event).until)),
});
