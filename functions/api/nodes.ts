import { apiRoutes, pathParameter } from '../../shared/runtime/api-handler.js';
import { parseBody, parseWith } from '../../shared/http/parse.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { moveNode } from '../../shared/services/hierarchy/moves.js';
import {
  createNode,
  deleteNode,
  listNodeChildren,
  readNode,
  updateNode,
} from '../../shared/services/hierarchy/manage-nodes.js';
import { postHistory, setAway, setDeputy, setPost } from '../../shared/services/hierarchy/posts.js';
import {
  awayBody,
  childrenQuery,
  createNodeBody,
  moveNodeBody,
  patchNodeBody,
  postBody,
} from '../../shared/http/contract/nodes.js';

/** The hierarchy's streets, communities, grids, buildings and units, and their posts. */
export const handler = apiRoutes<'nodes'>({
  'POST /nodes': async (event, access, deps) =>
    jsonResponse(201, await createNode(deps, access, parseBody(createNodeBody, event))),
  'GET /nodes/{id}': async (event, access, deps) =>
    jsonResponse(200, await readNode(deps, access, pathParameter(event, 'id'))),
  'PATCH /nodes/{id}': async (event, access, deps) => {
    const patch = parseBody(patchNodeBody, event);
    return jsonResponse(200, await updateNode(deps, access, pathParameter(event, 'id'), patch));
  },
  'DELETE /nodes/{id}': async (event, access, deps) => {
    await deleteNode(deps, access, pathParameter(event, 'id'));
    return { statusCode: 204 };
  },
  'GET /nodes/{id}/children': async (event, access, deps) => {
    const page = parseWith(childrenQuery, event.queryStringParameters ?? {}, 'query');
    return jsonResponse(200, await listNodeChildren(deps, access, pathParameter(event, 'id'), page));
  },
  'POST /nodes/{id}/move': async (event, access, deps) => {
    const { parentId } = parseBody(moveNodeBody, event);
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
