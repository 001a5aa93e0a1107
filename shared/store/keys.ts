import { DISTRICT_SCOPE } from '../domain/access.js';

/**
 * The one key scheme of the district table (single-table design). The access-pattern table in
 * docs/architecture.md is the documentation of this file; change both together.
 */
const pad = (version: number) => String(version).padStart(8, '0');

export const keys = {
  node: (id: string) => ({ PK: `NODE#${id}`, SK: 'NODE' }),
  nodePartition: (id: string) => `NODE#${id}`,
  /** One change of a node's post, in the node's partition: its history is one Query. */
  postChange: (nodeId: string, at: string, revision: number) => ({
    PK: `NODE#${nodeId}`,
    SK: `POSTHIST#${at}#${pad(revision)}`,
  }),
  /**
   * A household of a resident's phone (E.164): one Query of `PHONE#<phone>` finds them all. Written
   * with the household (putHierarchy, writeNodes create and replace) and never deleted: when a
   * phone leaves a household, or the household is deleted, its item stays behind, and readers check
   * that the household still has a resident with that phone. A stale item costs a read, never a
   * wrong answer; deleting it would mean reading every household before each write.
   */
  residentPhone: (phone: string, householdId: string) => ({
    PK: `PHONE#${phone}`,
    SK: `HOUSEHOLD#${householdId}`,
  }),
  phonePartition: (phone: string) => `PHONE#${phone}`,
  /**
   * A roster person (leader, staff) with this phone, in the same partition as the households of
   * residents with it: one Query is everyone a phone signs in as. Written with the person (people
   * API, the import), never deleted; readers check the person still has the phone, as for households.
   */
  personPhone: (phone: string, personId: string) => ({ PK: `PHONE#${phone}`, SK: `PERSON#${personId}` }),
  /** The one live sign-in code of a phone (hashed): a new code replaces it. TTL: when it expires. */
  signInCode: (phone: string) => ({ PK: `SIGNIN#${phone}`, SK: 'CODE' }),
  /** How many codes a phone or a source address asked for in a window (`phone:<E.164>`, `ip:<address>`). */
  signInWindow: (subject: string, window: string) => ({ PK: `SIGNIN#${subject}`, SK: `WINDOW#${window}` }),
  /** A refresh token, by the SHA-256 of its value (the value itself is never stored). */
  refreshToken: (tokenHash: string) => ({ PK: `REFRESH#${tokenHash}`, SK: 'REFRESH' }),
  /** A sign-in's chain of refresh tokens: revoked whole by sign-out or by the reuse of a rotated token. */
  refreshFamily: (familyId: string) => ({ PK: `FAMILY#${familyId}`, SK: 'FAMILY' }),
  person: (id: string) => ({ PK: `PERSON#${id}`, SK: 'PERSON' }),
  /** A person's morning digest of a day: one message standing for their messages held overnight. */
  digestMessage: (day: string, personId: string) => ({
    PK: `PERSON#${personId}`,
    SK: `MSG#digest:${day}:${personId}`,
  }),
  grant: (personId: string, role: string, scope: string) => ({
    PK: `PERSON#${personId}`,
    SK: `GRANT#${role}#${scope}`,
  }),
  request: (id: string) => ({ PK: `REQ#${id}`, SK: 'REQUEST' }),
  requestPartition: (id: string) => `REQ#${id}`,
  timelineEntry: (requestId: string, version: number) => ({
    PK: `REQ#${requestId}`,
    SK: `EVT#${pad(version)}`,
  }),
  message: (requestId: string, messageKey: string) => ({ PK: `REQ#${requestId}`, SK: `MSG#${messageKey}` }),
  /**
   * Which stored SMS (a request's message or a statement's) a provider's message id is: written
   * when the SMS is marked sent, read by the delivery-status callback, expiring after 30 days.
   */
  smsSent: (providerMessageId: string) => ({ PK: `SMSID#${providerMessageId}`, SK: 'SMSID' }),
  account: (accountId: string) => ({ PK: `ACCT#${accountId}`, SK: 'BALANCE' }),
  ledgerEntry: (accountId: string, at: string, transferId: string) => ({
    PK: `ACCT#${accountId}`,
    SK: `ENTRY#${at}#${transferId}`,
  }),
  transfer: (transferId: string) => ({ PK: `TRANSFER#${transferId}`, SK: 'TRANSFER' }),
  /** The points a staff member gave in awards in a month: the counter the monthly cap is kept on. */
  awardsGiven: (personId: string, month: string) => ({ PK: `AWARDS#${personId}`, SK: `MONTH#${month}` }),
  provider: (id: string) => ({ PK: `PROVIDER#${id}`, SK: 'PROVIDER' }),
  reward: (id: string) => ({ PK: `REWARD#${id}`, SK: 'REWARD' }),
  redemption: (id: string) => ({ PK: `REDEMPTION#${id}`, SK: 'REDEMPTION' }),
  /** A leader's statement of a month, in the partition of the month's community. */
  statement: (month: string, communityId: string, personId: string) => ({
    PK: `STATEMENT#${month}#${communityId}`,
    SK: personId,
  }),
  statementPartition: (month: string, communityId: string) => `STATEMENT#${month}#${communityId}`,
  /** The record of a settlement summary SMS, written before it is sent (at most once). */
  statementMessage: (month: string, communityId: string, personId: string) => ({
    PK: `STATEMENT#${month}#${communityId}`,
    SK: `MSG#settle:${month}:${personId}`,
  }),
  /** A month's settlement run (`SK = RUN`), its per-community progress and district outputs. */
  settlementRun: (month: string) => ({ PK: `SETTLEMENT#${month}`, SK: 'RUN' }),
  settlementCommunity: (month: string, communityId: string) => ({
    PK: `SETTLEMENT#${month}`,
    SK: `COMMUNITY#${communityId}`,
  }),
  settlementRanks: (month: string) => ({ PK: `SETTLEMENT#${month}`, SK: 'RANKS' }),
  settlementCsv: (month: string, communityId: string) => ({
    PK: `SETTLEMENT#${month}`,
    SK: `CSV#${communityId}`,
  }),
  settlementPartition: (month: string) => `SETTLEMENT#${month}`,
  /** A third-party channel: its config, secrets and API key hashes. */
  partner: (id: string) => ({ PK: `PARTNER#${id}`, SK: 'PARTNER' }),
  /**
   * A partner's delivery, stored raw before it is acknowledged: its id derives from the partner and
   * the partner's submission id, so a retried delivery finds it (dedupe), and its insert starts
   * the processing (the table's stream).
   */
  delivery: (deliveryId: string) => ({ PK: `DELIVERY#${deliveryId}`, SK: 'DELIVERY' }),
  /**
   * The audit record of a refused delivery of a known partner, in its partner's partition (expires
   * after 90 days). Its SK is an ISO time, so it sorts before the hour counters (`HOUR#`).
   */
  rejection: (partnerId: string, at: string, nonce: string) => ({
    PK: `REJECTED#${partnerId}`,
    SK: `${at}#${nonce}`,
  }),
  /** How many of the partner's deliveries were refused in an hour (`2026-12-01T21`): one item, ADDed to. */
  rejectionHour: (partnerId: string, hour: string) => ({
    PK: `REJECTED#${partnerId}`,
    SK: `${SK_PREFIX.rejectionHour}${hour}`,
  }),
  rejectionPartition: (partnerId: string) => `REJECTED#${partnerId}`,
  /**
   * What the charts count of a community's requests on a day (district time) in a grid (`-`: in
   * triage, no grid yet): ADDed to in the transaction of each lifecycle change that counts, so a
   * window of days is one Query per community.
   */
  tally: (communityId: string, day: string, grid: string) => ({
    PK: `TALLY#${communityId}`,
    SK: `${day}#${grid}`,
  }),
  tallyPartition: (communityId: string) => `TALLY#${communityId}`,
  /**
   * A person's notification preferences, an item of its own in the person's partition: a resident
   * has no person item, and a roster person's is rewritten whole by the people API and the import.
   */
  preferences: (personId: string) => ({ PK: `PERSON#${personId}`, SK: 'PREFERENCES' }),
  /** Where a person's app inbox is read up to (`readUntil`): one item, moved forward only. */
  inboxRead: (personId: string) => ({ PK: `PERSON#${personId}`, SK: 'INBOX' }),
  /** One notification in a person's app inbox, by the time it was raised: newest first is one Query. TTL: 90 days. */
  inboxItem: (personId: string, at: string, messageKey: string) => ({
    PK: `INBOX#${personId}`,
    SK: `${at}#${messageKey}`,
  }),
  inboxPartition: (personId: string) => `INBOX#${personId}`,
  /**
   * A notice to a place; its id derives from the sender and their Idempotency-Key, so a retried post
   * finds it. Its readers and its SMS are items of the same partition.
   */
  notice: (id: string) => ({ PK: `NOTICE#${id}`, SK: 'NOTICE' }),
  noticePartition: (id: string) => `NOTICE#${id}`,
  /** One leader a notice went to: written with their SMS by the fan-out, `readAt` once confirmed. */
  noticeReader: (noticeId: string, personId: string) => ({
    PK: `NOTICE#${noticeId}`,
    SK: `READER#${personId}`,
  }),
  /** A notice's SMS (`<template>:<noticeId>:<personId>`): one per person and template, never twice. */
  noticeMessage: (noticeId: string, messageKey: string) => ({
    PK: `NOTICE#${noticeId}`,
    SK: `MSG#${messageKey}`,
  }),
} as const;

export const SK_PREFIX = {
  timeline: 'EVT#',
  message: 'MSG#',
  ledgerEntry: 'ENTRY#',
  postChange: 'POSTHIST#',
  statementMessage: 'MSG#',
  settlementCommunity: 'COMMUNITY#',
  settlementCsv: 'CSV#',
  rejectionHour: 'HOUR#',
  residentPhone: 'HOUSEHOLD#',
  noticeReader: 'READER#',
} as const;

/** Secondary indexes: the request listings. Every access pattern is a key condition; none is a Scan. */
export const indexes = {
  /** Requests held by a person, by status then age. */
  byAssignee: {
    name: 'GSI1',
    pk: (personId: string) => `ASSIGNEE#${personId}`,
    sk: (status: string, createdAt: string, id: string) => `${status}#${createdAt}#${id}`,
  },
  /**
   * Requests in a status within a community, sorted by place then age: a prefix of the sort key
   * narrows the listing to a grid, a building or a unit, so every scope lists with one Query.
   */
  inArea: {
    name: 'GSI2',
    pk: (communityId: string, status: string) => `AREA#${communityId}#${status}`,
    placePrefix: (path: string[]) => path.map((id) => `${id}#`).join(''),
    sk: (path: string[], createdAt: string, id: string) =>
      `${path.map((part) => `${part}#`).join('')}${createdAt}#${id}`,
  },
  /** A household's requests, newest last. */
  byHousehold: {
    name: 'GSI3',
    pk: (householdId: string) => `HOUSEHOLD#${householdId}`,
    sk: (createdAt: string, id: string) => `${createdAt}#${id}`,
  },
  /** The posts a person holds and the roles they were given (GSI3 overloaded: one Query is a caller's access). */
  heldBy: {
    name: 'GSI3',
    pk: (personId: string) => `HOLDER#${personId}`,
    postSk: (nodeId: string) => `POST#${nodeId}`,
    grantSk: (role: string, scope: string) => `GRANT#${role}#${scope}`,
  },
  /** The ten staff and volunteer teams serving a node (GSI1 overloaded). */
  providersOf: {
    name: 'GSI1',
    pk: (scope: string) => `PROVIDERS#${scope}`,
    sk: (kind: string, id: string) => `${kind}#${id}`,
  },
  /** A catalogue of rewards: a community's or the district's (GSI1 overloaded). */
  rewardsOf: {
    name: 'GSI1',
    pk: (scope: string) => `REWARDS#${scope}`,
    sk: (id: string) => id,
  },
  /**
   * A month's ledger entries on leader accounts, per community, by leader (GSI2 overloaded on entry
   * items): the monthly settlement reads exactly one month's entries, one partition per community.
   */
  monthEntries: {
    name: 'GSI2',
    pk: (month: string, communityId: string) => `MONTH#${month}#${communityId}`,
    sk: (personId: string, at: string, transferId: string) => `${personId}#${at}#${transferId}`,
  },
  /** A leader's redemptions, newest last (GSI3 overloaded). */
  /** Redemptions waiting to be collected at a catalogue's grid station (sparse: only while reserved). */
  reservedIn: {
    name: 'GSI2',
    pk: (scope: string) => `RESERVED#${scope}`,
    sk: (at: string, id: string) => `${at}#${id}`,
  },
  redemptionsOf: {
    name: 'GSI3',
    pk: (personId: string) => `REDEEMER#${personId}`,
    sk: (at: string, id: string) => `${at}#${id}`,
  },
  /**
   * Deliveries stored but not yet requests, oldest first (GSI2 overloaded, sparse: the keys go when
   * the delivery is processed): what the reconciler picks up if the stream's retries gave up.
   */
  unprocessedDeliveries: {
    name: 'GSI2',
    pk: () => 'DELIVERIES#received',
    sk: (receivedAt: string, deliveryId: string) => `${receivedAt}#${deliveryId}`,
  },
  /** The district's partners, by id (GSI1 overloaded). */
  partners: {
    name: 'GSI1',
    pk: () => 'PARTNERS',
    sk: (id: string) => id,
  },
  /**
   * Requests by the month they were raised (UTC), newest last (GSI4, request items only, keys only):
   * Open311's date-window listing across the district, at most four partitions for its 90 days. Its
   * key never changes, so a request writes this index once, not on every transition.
   */
  createdIn: {
    name: 'GSI4',
    pk: (month: string) => `CREATED#${month}`,
    sk: (createdAt: string, id: string) => `${createdAt}#${id}`,
  },
  /** The notices posted at a node, newest last (GSI1 overloaded). */
  noticesAt: {
    name: 'GSI1',
    pk: (nodeId: string) => `NOTICES#${nodeId}`,
    sk: (createdAt: string, id: string) => `${createdAt}#${id}`,
  },
  /** The notices a leader received: their reader items, newest last (GSI3 overloaded). */
  noticesOf: {
    name: 'GSI3',
    pk: (personId: string) => `READER#${personId}`,
    sk: (createdAt: string, noticeId: string) => `${createdAt}#${noticeId}`,
  },
  /**
   * Urgent notices with an unread step due: the reminder, then the report (GSI4, keys only,
   * overloaded by the outbox; sparse: removed once the sender is told).
   */
  noticesDue: {
    name: 'GSI4',
    pk: () => 'NOTICE#due',
    sk: (dueAt: string, id: string) => `${dueAt}#${id}`,
  },
  /**
   * The outbox's messages not yet final, by when the release sweep should look at them (GSI4
   * overloaded, keys only, sparse: the keys go when a message is sent, refused, failed or merged).
   * The sort time is a fresh message's queuing plus five minutes (before that it is the stream's),
   * a held one's end of quiet hours, a retry's due time, a claim's expiry.
   */
  outboxPending: {
    name: 'GSI4',
    pk: () => 'OUTBOX#pending',
    sk: (at: string, messageKey: string) => `${at}#${messageKey}`,
  },
  /** The messages queued on a day (district time), oldest first (GSI2 overloaded): the console's SMS view. */
  outboxDay: {
    name: 'GSI2',
    pk: (day: string) => `OUTBOX#${day}`,
    sk: (queuedAt: string, messageKey: string) => `${queuedAt}#${messageKey}`,
  },
  /**
   * Children of a hierarchy node (GSI1 overloaded: node items never carry an assignee); the streets
   * are the children of `district`, the root.
   */
  childrenOf: {
    name: 'GSI1',
    root: DISTRICT_SCOPE,
    pk: (parentId: string) => `CHILDREN#${parentId}`,
    sk: (type: string, id: string) => `${type}#${id}`,
  },
} as const;

/**
 * The attributes the indexes carry: a request's summary for listings and a node's name (a
 * household's address and room) for its parent's children. Never the task token or the history, so most writes touch no index at all.
 */
export const INDEX_PROJECTION = [
  'id',
  'type',
  'role',
  'scope',
  'kind',
  'specialities',
  'name',
  'householdId',
  'ancestors',
  'address',
  // A household's room in its unit's children: finding a household by address needs no BatchGet.
  'room',
  'category',
  'priority',
  'status',
  'rewardId',
  'rewardName',
  'personId',
  'level',
  'assignee',
  'deadline',
  'overdue',
  'createdAt',
  'updatedAt',
  'version',
  'pricePoints',
  'stock',
  // Ledger entries on GSI2 (MONTH#): what the monthly settlement adds up.
  'account',
  'transferId',
  'amount',
  'memo',
] as const;
