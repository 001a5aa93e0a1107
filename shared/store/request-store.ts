import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Transition } from '../domain/lifecycle.js';
import { closingTransfer } from '../domain/points-rules.js';
import { tallyOf } from '../domain/request-tally.js';
import type { Level, Priority } from '../config/vocabulary.js';
import {
  LATE_STATUSES,
  type RequestSummary,
  type ServiceRequest,
  type TimelineEntry,
} from '../domain/request.js';
import { ConflictError } from '../errors.js';
import { logger } from '../logger.js';
import type { Listing } from './cursor.js';
import { indexes, keys, SK_PREFIX } from './keys.js';
import { transfersWrites } from './ledger-store.js';
import { messagePut, type MessageRecord } from './outbox-store.js';
import { linkPut } from './short-link-store.js';
import { tallyWrite } from './tally-store.js';
import {
  batchGet,
  conditionHeld,
  type DistrictTable,
  listingQuery,
  type Page,
  type QueryFilter,
  queryAll,
  queryPage,
  queryPages,
  withoutKeys,
} from './table.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The request as stored, with the token of the workflow task waiting on it, if any. */
export interface StoredRequest {
  request: ServiceRequest;
  taskToken?: string;
}

/** Another writer changed the request first; the caller re-reads and decides again. */
export class StaleRequestError extends ConflictError {}

/** The request item; the last task token stays on it, so a retried action can still complete that task. */
function requestItem(request: ServiceRequest, taskToken: string | undefined) {
  return {
    ...keys.request(request.id),
    ...request,
    ...(taskToken ? { taskToken } : {}),
    ...(request.assignee && request.status !== 'closed'
      ? {
          GSI1PK: indexes.byAssignee.pk(request.assignee.holderId),
          GSI1SK: indexes.byAssignee.sk(request.status, request.createdAt, request.id),
        }
      : {}),
    GSI2PK: indexes.inArea.pk(request.ancestors.community, request.status),
    GSI2SK: indexes.inArea.sk(placePath(request), request.createdAt, request.id),
    GSI4PK: indexes.createdIn.pk(request.createdAt.slice(0, 7)),
    GSI4SK: indexes.createdIn.sk(request.createdAt, request.id),
    ...(request.householdId
      ? {
          GSI3PK: indexes.byHousehold.pk(request.householdId),
          GSI3SK: indexes.byHousehold.sk(request.createdAt, request.id),
        }
      : {}),
  };
}

/** Grid, building, unit: where in its community a request is, for the area listing (none in triage). */
const placePath = (request: ServiceRequest) =>
  [request.ancestors.grid, request.ancestors.building, request.ancestors.unit].filter(
    (id): id is string => id !== undefined,
  );

function timelineItem(requestId: string, entry: TimelineEntry) {
  return { ...keys.timelineEntry(requestId, entry.version), requestId, ...entry };
}

export async function getRequest(table: DistrictTable, id: string): Promise<StoredRequest | undefined> {
  const { Item } = await table.db.send(
    new GetCommand({ TableName: table.name, Key: keys.request(id), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { taskToken, ...request } = withoutKeys<ServiceRequest & { taskToken?: string }>(Item);
  return { request, ...(taskToken ? { taskToken } : {}) };
}

/** The request, its timeline and its messages: one Query on the request's partition. */
export async function getRequestWithHistory(
  table: DistrictTable,
  id: string,
): Promise<{ request: ServiceRequest; timeline: TimelineEntry[]; messages: MessageRecord[] } | undefined> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.requestPartition(id) },
  });
  const main = items.find((item) => item.SK === 'REQUEST');
  if (!main) return undefined;
  const { taskToken: _token, ...request } = withoutKeys<ServiceRequest & { taskToken?: string }>(main);
  const ofKind = (prefix: string) => items.filter((item) => String(item.SK).startsWith(prefix));
  return {
    request,
    timeline: ofKind(SK_PREFIX.timeline).map((item) =>
      withoutKeys<TimelineEntry & { requestId: string }>(item),
    ),
    messages: ofKind(SK_PREFIX.message).map((item) => withoutKeys<MessageRecord>(item)),
  };
}

/** What the transition adds to the charts' tallies: nothing, or one update of one tally item. */
function tallyWrites(table: DistrictTable, { request, entry }: Transition): TransactItem[] {
  if (!table.timeZone) throw new Error(`request ${request.id}: the table has no district time zone`);
  const tally = tallyOf(request, entry, table.timeZone);
  return tally ? [tallyWrite(table, tally)] : [];
}

/**
 * Commits a transition atomically: the request, its timeline entry, its queued messages and the
 * links they carry, its points and its tally (the charts' counters: counted once, as the rest, by the version condition).
 */
export async function commitTransition(
  table: DistrictTable,
  transition: Transition,
  expected: { version: number; taskToken?: string | undefined },
): Promise<void> {
  const { request, entry, messages, awards } = transition;
  const isNew = expected.version === 0;
  const writes: TransactItem[] = [
    {
      Put: {
        TableName: table.name,
        Item: requestItem(request, expected.taskToken),
        ...(isNew
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : {
              ConditionExpression:
                expected.taskToken === undefined
                  ? 'version = :version AND attribute_not_exists(taskToken)'
                  : 'version = :version AND taskToken = :token',
              ExpressionAttributeValues: {
                ':version': expected.version,
                ...(expected.taskToken === undefined ? {} : { ':token': expected.taskToken }),
              },
            }),
      },
    },
    {
      Put: {
        TableName: table.name,
        Item: timelineItem(request.id, entry),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    ...messages.map((message) =>
      messagePut(
        table,
        keys.requestPartition(request.id),
        { ...message, requestId: request.id },
        request.updatedAt,
      ),
    ),
    ...(transition.links ?? []).map((link) => linkPut(table, link)),
    ...transfersWrites(
      table,
      awards.map((award) => closingTransfer(request, award)),
    ),
    ...tallyWrites(table, transition),
  ];
  try {
    await table.db.send(new TransactWriteCommand({ TransactItems: writes }));
    logger.info('request changed', {
      requestId: request.id,
      event: entry.event,
      version: request.version,
      status: request.status,
      heldAt: request.level,
      messages: messages.length,
      pointsTransfers: awards.length,
    });
  } catch (error) {
    // A failed version check, or another transaction on the same items in flight: either way
    // someone else got there first, and the caller re-reads.
    const codes = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    if (
      codes[0]?.Code === 'ConditionalCheckFailed' ||
      codes.some((reason) => reason.Code === 'TransactionConflict')
    ) {
      throw new StaleRequestError(`Request ${request.id} changed while this action was being applied.`);
    }
    throw error;
  }
}

/**
 * Records the token of the workflow task now waiting on the request, if the request is still at
 * the version the workflow saw. Returns false when the request moved on meanwhile.
 */
export async function saveTaskToken(
  table: DistrictTable,
  requestId: string,
  version: number,
  taskToken: string,
): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.request(requestId),
        UpdateExpression: 'SET taskToken = :token',
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':token': taskToken, ':version': version },
      }),
    ),
  );
}

export type RequestPage = Page<RequestSummary>;

export type RequestListing =
  | { by: 'assignee'; personId: string; status?: string }
  /** In a community, optionally narrowed to a grid, building or unit path (grid first). */
  | { by: 'area'; communityId: string; path: string[]; status: string }
  | { by: 'household'; householdId: string };

/** The index, partition and sort key prefix each listing reads: one key condition, never a Scan. */
function listingOf(listing: RequestListing): Listing {
  switch (listing.by) {
    case 'assignee':
      return {
        index: indexes.byAssignee.name,
        partition: indexes.byAssignee.pk(listing.personId),
        ...(listing.status ? { sortPrefix: `${listing.status}#` } : {}),
      };
    case 'area':
      return {
        index: indexes.inArea.name,
        partition: indexes.inArea.pk(listing.communityId, listing.status),
        ...(listing.path.length > 0 ? { sortPrefix: indexes.inArea.placePrefix(listing.path) } : {}),
      };
    case 'household':
      return { index: indexes.byHousehold.name, partition: indexes.byHousehold.pk(listing.householdId) };
  }
}

/** What a board narrows a listing's pages to, on attributes every request index projects. */
export interface RequestFilters {
  category?: string;
  priority?: Priority;
  level?: Level;
  /** Late: flagged overdue, or its deadline passed while a leader, staff or a provider must act. */
  overdue?: boolean;
}

/** The filter expression of a board's filters (`now`: what "passed" is measured against), if any. */
function filterOf(filters: RequestFilters, now: Date): QueryFilter | undefined {
  const terms: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const name of ['category', 'priority', 'level'] as const) {
    if (filters[name] === undefined) continue;
    terms.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = filters[name];
  }
  if (filters.overdue !== undefined) {
    const late = LATE_STATUSES.map((_status, index) => `:late${index}`);
    const isLate = `(overdue = :flagged OR (#deadline < :now AND #status IN (${late.join(', ')})))`;
    terms.push(filters.overdue ? isLate : `NOT ${isLate}`);
    Object.assign(names, { '#deadline': 'deadline', '#status': 'status' });
    Object.assign(values, { ':flagged': true, ':now': now.toISOString() });
    LATE_STATUSES.forEach((status, index) => (values[`:late${index}`] = status));
  }
  return terms.length > 0 ? { expression: terms.join(' AND '), names, values } : undefined;
}

/**
 * One page of a listing: one Query on one index; the cursor is the listing's own (see cursor.ts).
 * Filters narrow the page read (a page may hold fewer than `limit`; follow the cursor).
 */
export function listRequests(
  table: DistrictTable,
  listing: RequestListing,
  page: { limit: number; cursor?: string },
  narrowed?: { filters: RequestFilters; now: Date },
): Promise<RequestPage> {
  const filter = narrowed && filterOf(narrowed.filters, narrowed.now);
  return queryPage(table, listingOf(listing), page, (item) => withoutKeys<RequestSummary>(item), {
    ...(filter ? { filter } : {}),
  });
}

/** Every request of a listing, all pages. */
export async function allRequests(table: DistrictTable, listing: RequestListing): Promise<RequestSummary[]> {
  const items = await queryAll(table, listingQuery(listingOf(listing)));
  return items.map((item) => withoutKeys<RequestSummary>(item));
}

/**
 * A leader's name or phone changed: the open requests they hold carry their post as it was, so the
 * next SMS about them (a reopened request) would go to the old number. Rewrites the assignee's
 * contact in place (no new version: nothing happened to the request); false when it is no longer theirs.
 */
export async function updateAssigneeContact(
  table: DistrictTable,
  requestId: string,
  post: { holderId: string; holderName: string; holderPhone: string },
): Promise<boolean> {
  return conditionHeld(
    table.db.send(
      new UpdateCommand({
        TableName: table.name,
        Key: keys.request(requestId),
        UpdateExpression: 'SET assignee.holderName = :name, assignee.holderPhone = :phone',
        ConditionExpression: 'assignee.holderId = :holder AND #status <> :closed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':name': post.holderName,
          ':phone': post.holderPhone,
          ':holder': post.holderId,
          ':closed': 'closed',
        },
      }),
    ),
  );
}

/** The months (UTC, `YYYY-MM`) a window touches, newest first: the partitions of GSI4 to read. */
function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1));
  while (cursor.getTime() >= Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1)) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() - 1);
  }
  return months;
}

/**
 * Requests raised in a window, newest first, that `keep` accepts, one page of them (`skip` then
 * `limit`): ids from GSI4's month partitions, then the whole requests by BatchGet, a hundred at a time.
 */
export async function requestsRaisedBetween(
  table: DistrictTable,
  window: { from: Date; to: Date },
  page: { skip: number; limit: number; keep: (request: ServiceRequest) => boolean },
): Promise<ServiceRequest[]> {
  const kept: ServiceRequest[] = [];
  const wanted = page.skip + page.limit;
  for (const month of monthsBetween(window.from, window.to)) {
    const pages = queryPages(table, {
      IndexName: indexes.createdIn.name,
      KeyConditionExpression: 'GSI4PK = :month AND GSI4SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':month': indexes.createdIn.pk(month),
        ':from': window.from.toISOString(),
        // Every id sorts before `~`: the whole last instant is in.
        ':to': `${window.to.toISOString()}~`,
      },
      ScanIndexForward: false,
      Limit: 100,
    });
    for await (const listed of pages) {
      const found = await batchGet(
        table,
        listed.map((item) => ({ PK: item.PK, SK: item.SK })),
      );
      const byKey = new Map(found.map((item) => [String(item.PK), item]));
      for (const item of listed) {
        const stored = byKey.get(String(item.PK));
        if (!stored) continue;
        const { taskToken: _token, ...request } = withoutKeys<ServiceRequest & { taskToken?: string }>(
          stored,
        );
        if (page.keep(request)) kept.push(request);
        if (kept.length >= wanted) return kept.slice(page.skip);
      }
    }
  }
  return kept.slice(page.skip);
}
