import { z } from '../../shared/zod.js';
import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { idField, pageQuery, text } from '../../shared/http/schemas.js';
import { moveNode } from '../../shared/services/hierarchy/moves.js';
import {
  createNode,
  deleteNode,
  listNodeChildren,
  readNode,
  updateNode,
} from '../../shared/services/hierarchy/manage-nodes.js';
import { postHistory, setAway, setDeputy, setPost } from '../../shared/services/hierarchy/posts.js';

const createBody = z.strictObject({
  id: idField,
  type: z.enum(['street', 'community', 'grid', 'building', 'unit']),
  name: text(40),
  parentId: z.optional(idField),
});
const patchBody = z.strictObject({ name: text(40) });
const moveBody = z.strictObject({ parentId: idField });
const postBody = z.strictObject({ personId: idField });
const awayBody = z.strictObject({ away: z.boolean() });

/** The hierarchy's streets, communities, grids, buildings and units, and their posts. */
export const handler = apiRoutes<'nodes'>({
  'POST /nodes': async (event, access, deps) =>
    jsonResponse(201, await createNode(deps, access, parseBody(createBody, event))),
  'GET /nodes/{id}': async (event, access, deps) =>
    jsonResponse(200, await readNode(deps, access, pathParameter(event, 'id'))),
  'PATCH /nodes/{id}': async (event, access, deps) => {
    const patch = parseBody(patchBody, event);
    return jsonResponse(200, await updateNode(deps, access, pathParameter(event, 'id'), patch));
  },
  'DELETE /nodes/{id}': async (event, access, deps) => {
    await deleteNode(deps, access, pathParameter(event, 'id'));
    return { statusCode: 204 };
  },
  'GET /nodes/{id}/children': async (event, access, deps) => {
    const page = parseWith(pageQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await listNodeChildren(deps, access, pathParameter(event, 'id'), page));
  },
  'POST /nodes/{id}/move': async (event, access, deps) => {
    const { parentId } = parseBody(moveBody, event);
    return jsonResponse(200, await moveNode(deps, access, pathParameter(event, 'id'), parentId));
  },
  'PUT /nodes/{id}/post': async (event, access, deps) => {
    const { personId } = parseBody(postBody, event);
    return jsonResponse(200, await setPost(deps, access, pathParameter(event, 'id'), personId));
  },
  'DELETE /nodes/{id}/post': async (event, access, deps) =>
    jsonResponse(200, await setPost(deps, access, pathParameter(event, 'id'), undefined)),
  'PUT /nodes/{id}/deputy': async (event, access, deps) => {
    const { personId } = parseBody(postBody, event);
    return jsonResponse(200, await setDeputy(deps, access, pathParameter(event, 'id'), personId));
  },
  'DELETE /nodes/{id}/deputy': async (event, access, deps) =>
    jsonResponse(200, await setDeputy(deps, access, pathParameter(event, 'id'), undefined)),
  'PUT /nodes/{id}/post/away': async (event, access, deps) => {
    const { away } = parseBody(awayBody, event);
    return jsonResponse(200, await setAway(deps, access, pathParameter(event, 'id'), away));
  },
  'GET /nodes/{id}/post/history': async (event, access, deps) =>
    jsonResponse(200, await postHistory(deps, access, pathParameter(event, 'id'))),
});
