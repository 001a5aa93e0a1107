import * as common from './common.js';
import * as notices from './notices.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';

/** Notices to a place (通知公告): posted by staff and grid leaders, confirmed by leaders, seen by residents. */
export const NOTICE_ROUTES = {
  'POST /notices': {
    summary: 'Post a notice to a place',
    description:
      'To a node the caller serves: community staff in their community, grid leaders in their grid, ' +
      'street staff in their street, district admins anywhere. The leaders (and deputies) of every post ' +
      'under the place get it by SMS, each person once; `recipientCount` fills in as they do. `title` at ' +
      'most 20 characters (it goes in the SMS), `body` at most 1000, `expiresAt` within 90 days. A retry ' +
      'under the same Idempotency-Key answers 200 with the notice as stored.',
    tag: 'notices',
    security: 'bearer',
    body: notices.postNoticeBody,
    idempotencyKey: common.requiredIdempotencyKey,
    responses: {
      201: ok('The notice, posted', notices.notice),
      200: ok('A retry under the same Idempotency-Key: the notice as stored', notices.notice),
    },
    errors: [409],
  },
  'GET /notices': {
    summary: 'List notices: posted at a place, or my own as a reader',
    description:
      '`place`: the notices posted at that node (not its ancestors), newest first, with read counts; ' +
      'for those who may post there. `mine=true`: the notices the caller received, newest first, each ' +
      'with `readAt` once confirmed. Give exactly one of the two.',
    tag: 'notices',
    security: 'bearer',
    query: notices.listNoticesQuery,
    responses: {
      200: ok('One page of notices', notices.noticeListing),
    },
  },
  'GET /notices/{id}': {
    summary: 'Read a notice',
    description:
      'Its readers, those who may post at its place and the residents under it may read it. Its sender ' +
      'and those who may post at its place also see the counts and who has read it and who has not.',
    tag: 'notices',
    security: 'bearer',
    responses: { 200: ok('The notice', notices.noticeDetail) },
  },
  'POST /notices/{id}/read': {
    summary: 'Confirm reading a notice (已读)',
    description: 'A reader of the notice; repeating it changes nothing and answers the first time.',
    tag: 'notices',
    security: 'bearer',
    responses: { 200: ok('When the caller read it', notices.noticeRead) },
  },
  'GET /households/{id}/notices': {
    summary: "The notices to a household's places",
    description:
      'The current (not expired) notices posted to the household’s unit, building, grid, community and ' +
      'street, newest first (at most 50): for its residents and the leaders and staff who serve it.',
    tag: 'notices',
    security: 'bearer',
    responses: { 200: ok('The notices', notices.householdNotices) },
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
