import { apiHandler } from '../../shared/runtime/api-handler.js';
import { listMessagesQuery } from '../../shared/http/contract/messages.js';
import { parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { listMessages } from '../../shared/services/notifications/messages-view.js';

/** GET /messages?day=&status=&limit=&cursor=: the SMS of a day, for community, street and district staff. */
export const handler = apiHandler(async (event, access, deps) =>
  jsonResponse(
    200,
    await listMessages(
      deps,
      access,
      parseWith(listMessagesQuery, event.queryStringParameters ?? {}, 'query'),
    ),
  ),
);
