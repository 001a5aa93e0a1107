import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { requiredIdempotencyKey } from '../../shared/http/contract/common.js';
import { listNoticesQuery, postNoticeBody } from '../../shared/http/contract/notices.js';
import {
  householdNotices,
  listNotices,
  markRead,
  postNotice,
  readNotice,
} from '../../shared/services/notices/notices.js';

/** Notices to a place: posting, the listings by place and by reader, reading one, confirming it, a household's. */
export const handler = apiRoutes<'notices'>({
  'POST /notices': async (event, access, deps) => {
    const key = parseWith(requiredIdempotencyKey, event.headers['idempotency-key'], 'Idempotency-Key');
    const { created, notice } = await postNotice(deps, access, parseBody(postNoticeBody, event), key);
    return jsonResponse(created ? 201 : 200, notice);
  },
  'GET /notices': async (event, access, deps) =>
    jsonResponse(
      200,
      await listNotices(
        deps,
        access,
        parseWith(listNoticesQuery, event.queryStringParameters ?? {}, 'query'),
      ),
    ),
  'GET /notices/{id}': async (event, access, deps) =>
    jsonResponse(200, await readNotice(deps, access, pathParameter(event, 'id'))),
  'POST /notices/{id}/read': async (event, access, deps) =>
    jsonResponse(200, await markRead(deps, access, pathParameter(event, 'id'))),
  'GET /households/{id}/notices': async (event, access, deps) =>
    jsonResponse(200, await householdNotices(deps, access, pathParameter(event, 'id'))),
});
