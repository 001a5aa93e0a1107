import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { POST_ROLES, type Grant, type Role } from '../domain/access.js';
import {
  actingPost,
  type ChainLink,
  type HierarchyNode,
  type Household,
  type Person,
} from '../domain/hierarchy.js';
import { LEVELS, type Level } from '../config/vocabulary.js';
import type { Ancestors } from '../domain/place.js';
import { ConflictError } from '../errors.js';
import type { Listing } from './cursor.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import {
  batchGet,
  batchPut,
  type DistrictTable,
  type Item,
  listingQuery,
  type Page,
  queryAll,
  queryPage,
  withoutKeys,
} from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Reads are eventually consistent unless `consistent` is asked for (right after the hierarchy changed). */
export interface ReadOptions {
  consistent?: boolean;
}

export async function getHousehold(
  table: DistrictTable,
  id: string,
  { consistent = false }: ReadOptions = {},
): Promise<Household | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.node(id), ConsistentRead: consistent }),
  );
  return Item?.type === 'household' ? withoutKeys<Household>(Item) : undefined;
}

/**
 * The household's chain of leaders, unit to street: one BatchGet of five nodes, whatever the
 * district's size (each node carries its post, so no person lookups are needed).
 */
export async function getChain(
  table: DistrictTable,
  household: Household,
  { consistent = false }: ReadOptions = {},
): Promise<ChainLink[]> {
  const ids = LEVELS.map((level) => household.ancestors[level]);
  const items = await batchGet(
    table,
    ids.map((id) => keys.node(id)),
    { consistent },
  );
  const nodes = new Map(
    items.map((item) => {
      const node = withoutKeys<HierarchyNode>(item);
      return [node.id, node];
    }),
  );
  return LEVELS.flatMap((level) => {
    const node = nodes.get(household.ancestors[level]);
    if (!node) return [];
    const acting = actingPost(node);
    return [{ level, nodeId: node.id, nodeName: node.name, ...(acting ? { post: acting } : {}) }];
  });
}

/** Where a node is listed as a child: under its parent, or under the district root for a street. */
const listedUnder = (node: HierarchyNode | Household) =>
  node.parentId ?? (node.type === 'street' ? indexes.childrenOf.root : undefined);

/**
 * A node's item: findable under its parent (GSI1; streets under the district root) and, while its
 * post is held, by its holder (GSI3). Every node write goes through here, so the indexes follow.
 */
export function nodeItem(node: HierarchyNode | Household) {
  const parent = listedUnder(node);
  return {
    ...keys.node(node.id),
    ...(parent
      ? { GSI1PK: indexes.childrenOf.pk(parent), GSI1SK: indexes.childrenOf.sk(node.type, node.id) }
      : {}),
    ...('post' in node && node.post
      ? { GSI3PK: indexes.heldBy.pk(node.post.holderId), GSI3SK: indexes.heldBy.postSk(node.id) }
      : {}),
    ...node,
  };
}

/** The distinct phones of a household's residents: one phone item each (keys.residentPhone). */
export const householdPhones = (household: Household) => [
  ...new Set(household.residents.map((resident) => resident.phone)),
];

/** A household's phone items: written with it wherever it is written, so its residents' phones find it. */
const phoneItems = (household: Household) =>
  householdPhones(household).map((phone) => ({
    ...keys.residentPhone(phone, household.id),
    householdId: household.id,
  }));

/** A person's phone item: written with the person wherever they are written, so their phone signs in as them. */
const personPhoneItem = (person: Pick<Person, 'id' | 'phone'>) => ({
  ...keys.personPhone(person.phone, person.id),
  personId: person.id,
});

function hierarchyItems(district: { nodes: HierarchyNode[]; households: Household[]; persons: Person[] }) {
  return [
    ...[...district.nodes, ...district.households].map(nodeItem),
    ...district.households.flatMap(phoneItems),
    ...district.persons.flatMap(({ grants = [], ...person }) => [
      { ...keys.person(person.id), ...person },
      personPhoneItem(person),
      ...grants.map((grant) => grantItem({ personId: person.id, ...grant })),
    ]),
  ];
}

/** What a person may do: the posts they hold and the roles they were given, in one Query. */
export async function getGrants(table: DistrictTable, personId: string): Promise<Grant[]> {
  const items = await queryAll(table, {
    IndexName: indexes.heldBy.name,
    KeyConditionExpression: 'GSI3PK = :holder',
    ExpressionAttributeValues: { ':holder': indexes.heldBy.pk(personId) },
  });
  const grants: Grant[] = [];
  for (const item of items) {
    if (typeof item.role === 'string') grants.push({ role: item.role as Role, scope: String(item.scope) });
    else if (isLevel(item.type)) grants.push({ role: POST_ROLES[item.type], scope: String(item.id) });
  }
  return grants;
}

const isLevel = (type: unknown): type is Level => LEVELS.includes(type as Level);

export async function getNode(table: DistrictTable, id: string): Promise<HierarchyNode | undefined> {
  const { Item } = await table.db.send(new GetCommand({ TableName: table.name, Key: keys.node(id) }));
  return Item && Item.type !== 'household' ? withoutKeys<HierarchyNode>(Item) : undefined;
}

/**
 * Loads a whole hierarchy (the demo district) with its phone items; plain puts, so loading the same
 * data twice changes nothing. Returns the number of items written.
 */
export async function putHierarchy(
  table: DistrictTable,
  district: { nodes: HierarchyNode[]; households: Household[]; persons: Person[] },
): Promise<number> {
  const items = hierarchyItems(district);
  await batchPut(table, items);
  return items.length;
}

export type AnyNode = HierarchyNode | Household;

/** A node (street … unit) or a household, read consistently: the services read it before they write it. */
export async function getAnyNode(table: DistrictTable, id: string): Promise<AnyNode | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.node(id), ConsistentRead: true }),
  );
  return Item ? withoutKeys<AnyNode>(Item) : undefined;
}

/** Several nodes by id (one BatchGet per hundred); unknown ids are simply absent from the map. */
export async function getNodes(table: DistrictTable, ids: readonly string[]): Promise<Map<string, AnyNode>> {
  const items = await batchGet(
    table,
    [...new Set(ids)].map((id) => keys.node(id)),
  );
  return new Map(items.map((item) => withoutKeys<AnyNode>(item)).map((node) => [node.id, node]));
}

/**
 * The households that have a resident with this phone: one Query of `PHONE#<phone>`, then the
 * households (BatchGet). Items left behind by a phone or a household since removed are skipped here.
 */
export async function householdsWithPhone(table: DistrictTable, phone: string): Promise<Household[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :phone AND begins_with(SK, :households)',
    ExpressionAttributeValues: {
      ':phone': keys.phonePartition(phone),
      ':households': SK_PREFIX.residentPhone,
    },
    ConsistentRead: true,
  });
  const found = await getNodes(
    table,
    items.map((item) => String(item.householdId)),
  );
  return [...found.values()].filter(
    (node): node is Household =>
      node.type === 'household' && node.residents.some((resident) => resident.phone === phone),
  );
}

/** A child as its parent's listing shows it (the index's projection): no posts, no members. */
export interface ChildSummary {
  id: string;
  type: AnyNode['type'];
  name?: string;
  address?: string;
  /** A household's. */
  room?: string;
  ancestors: Ancestors;
}

export type ChildPage = Page<ChildSummary>;

/** A node's children: GSI1 `CHILDREN#<id>`, by type then id. */
const childrenOf = (parentId: string): Listing => ({
  index: indexes.childrenOf.name,
  partition: indexes.childrenOf.pk(parentId),
});

function childSummary(item: Item): ChildSummary {
  const { id, type, name, address, room, ancestors } = item as unknown as ChildSummary;
  return {
    id,
    type,
    ancestors,
    ...(name ? { name } : {}),
    ...(address ? { address } : {}),
    ...(room ? { room } : {}),
  };
}

/** One page of a node's children. */
export function listChildren(
  table: DistrictTable,
  parentId: string,
  page: { limit: number; cursor?: string },
): Promise<ChildPage> {
  return queryPage(table, childrenOf(parentId), page, childSummary);
}

/** Every child of a node, all pages. */
export async function allChildren(table: DistrictTable, parentId: string): Promise<ChildSummary[]> {
  return (await queryAll(table, listingQuery(childrenOf(parentId)))).map(childSummary);
}

/** Whether a node has any child (one Query of one item). */
export async function hasChildren(table: DistrictTable, parentId: string): Promise<boolean> {
  return (await queryPage(table, childrenOf(parentId), { limit: 1 }, childSummary)).items.length > 0;
}

/** A node whose post someone holds, as the holder index projects it. */
export interface HeldNode {
  id: string;
  type: HierarchyNode['type'];
  name?: string;
  ancestors: Ancestors;
}

/** The nodes whose post a person holds (GSI3 `HOLDER#<personId>`, node items only). */
export async function postsHeldBy(table: DistrictTable, personId: string): Promise<HeldNode[]> {
  const items = await queryAll(table, {
    IndexName: indexes.heldBy.name,
    KeyConditionExpression: 'GSI3PK = :holder AND begins_with(GSI3SK, :post)',
    ExpressionAttributeValues: {
      ':holder': indexes.heldBy.pk(personId),
      ':post': indexes.heldBy.postSk(''),
    },
  });
  const posts: HeldNode[] = [];
  for (const item of items) {
    const { id, type, name, ancestors } = item as Record<string, unknown> & Omit<HeldNode, 'type'>;
    if (isLevel(type)) posts.push({ id, type, ancestors, ...(name ? { name } : {}) });
  }
  return posts;
}

export async function getPerson(table: DistrictTable, id: string): Promise<Person | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.person(id), ConsistentRead: true }),
  );
  return Item ? withoutKeys<Person>(Item) : undefined;
}

/**
 * Adds a person (`create`: the id must be new) or rewrites one that exists (`replace`), with their
 * phone item in the same transaction; false when it could not.
 */
export async function putPerson(
  table: DistrictTable,
  { grants: _grants, ...person }: Person,
  mode: 'create' | 'replace',
): Promise<boolean> {
  try {
    await table.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table.name,
              Item: { ...keys.person(person.id), ...person },
              ConditionExpression: mode === 'create' ? 'attribute_not_exists(PK)' : 'attribute_exists(PK)',
            },
          },
          { Put: { TableName: table.name, Item: personPhoneItem(person) } },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
    )
      return false;
    throw error;
  }
}

/** One write of a node transaction; every one is conditioned, so a concurrent change fails it whole. */
export type NodeWrite =
  /** A new node or household: the id must be free. */
  | { create: AnyNode }
  /** A node rewritten whole (through nodeItem), if it is still at the revision it was read at. */
  | { replace: AnyNode; ifRevision: number | undefined }
  /**
   * The parent of a node being created or moved in: it must still exist where it was read, and its
   * revision is bumped, so a concurrent delete of the parent (which checked for children) fails.
   */
  | { touch: string; ancestors: Ancestors }
  | { remove: string; ifRevision: number | undefined }
  /** A new record in a node's partition (a post change): never overwritten. */
  | { record: Record<string, unknown> }
  /** A role given or taken back with a post (a deputy's): written or deleted whatever was there. */
  | { grant: GrantOf }
  | { revoke: GrantOf };

export interface GrantOf {
  personId: string;
  role: Role;
  scope: string;
}

/** A write of a node transaction lost to a concurrent change; `ids` are the nodes whose condition failed. */
export class StaleNodeError extends ConflictError {
  constructor(readonly ids: string[]) {
    super(`${ids.join(', ')} changed while this change was being applied; reload and try again.`);
  }
}

const revisionCondition = (ifRevision: number | undefined) =>
  ifRevision === undefined
    ? { ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(#revision)' }
    : {
        ConditionExpression: '#revision = :revision',
        ExpressionAttributeValues: { ':revision': ifRevision },
      };

/** A write's items: a household created or replaced brings its phone items along (unconditional puts). */
function transactItems(table: DistrictTable, write: NodeWrite): TransactItem[] {
  const written = 'create' in write ? write.create : 'replace' in write ? write.replace : undefined;
  const phones = written?.type === 'household' ? phoneItems(written) : [];
  return [
    transactItem(table, write),
    ...phones.map((Item): TransactItem => ({ Put: { TableName: table.name, Item } })),
  ];
}

function transactItem(table: DistrictTable, write: NodeWrite): TransactItem {
  const TableName = table.name;
  if ('create' in write) {
    return {
      Put: { TableName, Item: nodeItem(write.create), ConditionExpression: 'attribute_not_exists(PK)' },
    };
  }
  if ('replace' in write) {
    return {
      Put: {
        TableName,
        Item: nodeItem(write.replace),
        ExpressionAttributeNames: { '#revision': 'revision' },
        ...revisionCondition(write.ifRevision),
      },
    };
  }
  if ('remove' in write) {
    return {
      Delete: {
        TableName,
        Key: keys.node(write.remove),
        ExpressionAttributeNames: { '#revision': 'revision' },
        ...revisionCondition(write.ifRevision),
      },
    };
  }
  if ('touch' in write) {
    const levels = LEVELS.filter((level) => write.ancestors[level] !== undefined);
    return {
      Update: {
        TableName,
        Key: keys.node(write.touch),
        UpdateExpression: 'ADD #revision :one',
        ConditionExpression: [
          'attribute_exists(PK)',
          ...levels.map((level) => `ancestors.#${level} = :${level}`),
        ].join(' AND '),
        ExpressionAttributeNames: {
          '#revision': 'revision',
          ...Object.fromEntries(levels.map((level) => [`#${level}`, level])),
        },
        ExpressionAttributeValues: {
          ':one': 1,
          ...Object.fromEntries(levels.map((level) => [`:${level}`, write.ancestors[level]])),
        },
      },
    };
  }
  if ('grant' in write) return { Put: { TableName, Item: grantItem(write.grant) } };
  if ('revoke' in write) {
    return {
      Delete: { TableName, Key: keys.grant(write.revoke.personId, write.revoke.role, write.revoke.scope) },
    };
  }
  return { Put: { TableName, Item: write.record, ConditionExpression: 'attribute_not_exists(PK)' } };
}

/** A role item: findable by its holder (GSI3), as getGrants reads them. */
export function grantItem({ personId, role, scope }: GrantOf) {
  return {
    ...keys.grant(personId, role, scope),
    GSI3PK: indexes.heldBy.pk(personId),
    GSI3SK: indexes.heldBy.grantSk(role, scope),
    role,
    scope,
  };
}

const writtenId = (write: NodeWrite) =>
  'create' in write
    ? write.create.id
    : 'replace' in write
      ? write.replace.id
      : 'touch' in write
        ? write.touch
        : 'remove' in write
          ? write.remove
          : 'record' in write
            ? String(write.record.PK).replace(/^NODE#/, '')
            : ('grant' in write ? write.grant : write.revoke).scope;

/**
 * Writes nodes in one transaction; a failed condition (or a concurrent transaction) is a StaleNodeError.
 * A write may bring several items (a household's phone items), so each item remembers its write: the
 * cancellation reasons are per item.
 */
export async function writeNodes(table: DistrictTable, writes: NodeWrite[]): Promise<void> {
  const items = writes.flatMap((write) => transactItems(table, write).map((item) => ({ write, item })));
  try {
    await table.db.send(new TransactWriteCommand({ TransactItems: items.map(({ item }) => item) }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const stale = new Set(
      items
        .filter((_item, index) =>
          ['ConditionalCheckFailed', 'TransactionConflict'].includes(reasons[index]?.Code ?? ''),
        )
        .map(({ write }) => write),
    );
    if (stale.size === 0) throw error;
    throw new StaleNodeError(writes.filter((write) => stale.has(write)).map(writtenId));
  }
}
