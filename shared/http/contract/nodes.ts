import { NODE_TYPES } from '../../domain/hierarchy.js';
import * as z from '../../zod.js';
import { idField, pageQuery, text } from '../schemas.js';
import { ancestors, component, instant, page, post } from './common.js';

// ---- What the handlers validate ----

/** POST /nodes. */
export const createNodeBody = z.strictObject({
  id: idField,
  type: z.enum(['street', 'community', 'grid', 'building', 'unit']),
  name: text(40),
  parentId: z.optional(idField),
});
/** PATCH /nodes/{id}. */
export const patchNodeBody = z.strictObject({ name: text(40) });
/** POST /nodes/{id}/move. */
export const moveNodeBody = z.strictObject({ parentId: idField });
/** PUT /nodes/{id}/post and /nodes/{id}/deputy. */
export const postBody = z.strictObject({ personId: idField });
/** PUT /nodes/{id}/post/away. */
export const awayBody = z.strictObject({ away: z.boolean() });
/** GET /nodes/{id}/children. */
export const childrenQuery = pageQuery;

// ---- What they answer ----

const nodeType = z.enum(['street', 'community', 'grid', 'building', 'unit']);

/** A node of the district tree with its post and deputy (phones as the phone rule says). */
export const hierarchyNode = component(
  z.object({
    id: z.string(),
    type: nodeType,
    name: z.string(),
    parentId: z.optional(z.string()),
    ancestors,
    post: z.optional(post),
    deputy: z.optional(post),
    revision: z.optional(z.number()),
    pendingMove: z.optional(
      z.object({
        fromParentId: z.string(),
        fromParentName: z.string(),
        fromAncestors: ancestors,
        by: z.string(),
        at: instant,
      }),
    ),
  }),
  'HierarchyNode',
);

/** GET /nodes/district: the district itself, the root of the tree. */
const districtRoot = z.object({ id: z.literal('district'), type: z.literal('district'), name: z.string() });

/** GET /nodes/{id}. */
export const nodeRead = z.union([hierarchyNode, districtRoot]);

/** A child as its parent's listing shows it: a node's name, or a household's address and room. */
export const childSummary = component(
  z.object({
    id: z.string(),
    type: z.enum(NODE_TYPES),
    name: z.optional(z.string()),
    address: z.optional(z.string()),
    room: z.optional(z.string()),
    ancestors,
  }),
  'ChildSummary',
);

export const childPage = page(childSummary);

const who = z.object({ personId: z.string(), name: z.string() });

/** One change of a post, kept forever. */
export const postChange = component(
  z.object({
    nodeId: z.string(),
    action: z.enum(['assigned', 'replaced', 'vacated', 'deputy-assigned', 'deputy-removed', 'away', 'back']),
    holder: z.optional(who),
    previous: z.optional(who),
    by: z.string(),
    at: instant,
    revision: z.number(),
  }),
  'PostChange',
);

/** PUT/DELETE a post or deputy, PUT away: the node, the change (none when nothing changed), the requests re-routed. */
export const postChanged = component(
  z.object({ node: hierarchyNode, change: z.optional(postChange), rerouted: z.number() }),
  'PostChanged',
);

/** POST /nodes/{id}/move. */
export const nodeMoved = z.object({
  node: hierarchyNode,
  moved: z.boolean(),
  descendants: z.number(),
  rerouted: z.number(),
});

/** GET /nodes/{id}/post/history, oldest first. */
export const postHistory = z.object({ nodeId: z.string(), items: z.array(postChange) });

// ---- POST /regrid ----

export const regridBody = z.strictObject({
  buildingIds: z.array(idField).check(z.minLength(1), z.maxLength(50)),
  toGridId: idField,
});

export const regridResult = z.object({
  toGridId: z.string(),
  moved: z.array(z.string()),
  unchanged: z.array(z.string()),
  descendants: z.number(),
  rerouted: z.number(),
});
