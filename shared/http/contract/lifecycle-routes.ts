import * as common from './common.js';
import * as points from './points.js';
import * as requests from './requests.js';
import * as rewards from './rewards.js';
import * as shortLink from './short-link.js';
import * as uploads from './uploads.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';

/** The requests, accounts, rewards and redemptions: what the phone pages call. */
export const LIFECYCLE_ROUTES = {
  'POST /requests': {
    summary: 'Raise a request',
    description:
      'A resident for their household; a leader or staff member for a `householdId` in their area. ' +
      'With an `Idempotency-Key` a retry with the same content answers 200 with the same request.',
    tag: 'requests',
    security: 'bearer',
    body: requests.submitRequestBody,
    idempotencyKey: common.optionalIdempotencyKey,
    responses: {
      201: ok('The request, raised', requests.serviceRequest),
      200: ok('A retry under the same Idempotency-Key: the request as stored', requests.serviceRequest),
    },
    errors: [409, 422],
  },
  'GET /requests': {
    summary: 'List requests',
    description:
      'By assignee (default: yourself), by `householdId` (a resident: their own, the default) or by area (`node` with `status`).',
    tag: 'requests',
    security: 'bearer',
    query: requests.listRequestsQuery,
    responses: { 200: ok('One page of requests', requests.requestPage) },
  },
  'GET /requests/{id}': {
    summary: 'Read a request with its timeline and messages',
    tag: 'requests',
    security: 'bearer',
    responses: { 200: ok('The request, its timeline and the SMS it caused', requests.requestHistory) },
  },
  'POST /requests/{id}/{action}': {
    summary: 'Act on a request',
    description:
      '`acknowledge`, `resolve` (needs `note`), `escalate`, `dispatch` (`to`: a provider): the assigned leader; ' +
      '`complete` (needs `note`): the dispatched staff or team; `confirm` (`rating` 1–5), `reject`: a resident ' +
      'of the household; `attach` (`householdId`), `dismiss` (needs `note`): staff over a request in triage. ' +
      'The body is the one of the action in the path.',
    tag: 'requests',
    security: 'bearer',
    path: { action: requests.requestAction },
    body: requests.actionBody,
    bodyOptional: true,
    responses: { 200: ok('The request as the caller sees it now', requests.serviceRequest) },
    errors: [409, 422],
  },
  'GET /l/{token}': {
    summary: "A leader's SMS link",
    description:
      'Public (a phone opens it before signing in): a redirect to the leader page’s request ' +
      '(`/leader/#/requests/{id}`), which signs in. Served on the site’s own domain (CloudFront sends ' +
      '`/l/*` here). An unknown, expired or malformed token answers the same small HTML page, with no ' +
      'hint whether it ever existed. `Cache-Control: no-store`, `Referrer-Policy: no-referrer`.',
    tag: 'requests',
    security: 'none',
    path: { token: shortLink.linkToken },
    responses: {
      302: ok('To the request on the leader page (`Location`); no body'),
      404: {
        description: 'Unknown, expired or malformed: a page saying the link is no longer valid (链接已失效)',
        contentType: 'text/html; charset=utf-8',
      },
    },
  },
  'POST /uploads': {
    summary: 'A form to upload one photo straight to storage',
    description:
      'A presigned POST: send `fields` and then the file (as `file`, the last field) to `url` as ' +
      'multipart/form-data within 10 minutes; the storage refuses another type or a larger file. ' +
      'Then name the `key` in `photos` of POST /requests (`request-photo`) or of a `resolve` (`resolution-photo`).',
    tag: 'requests',
    security: 'bearer',
    body: uploads.uploadRequestBody,
    responses: { 200: ok('The upload form', uploads.uploadResponse) },
  },
  'GET /accounts/me': {
    summary: 'My points: balance and entries',
    tag: 'points',
    security: 'bearer',
    query: points.accountQuery,
    responses: {
      200: ok('The balance, one page of entries (newest first) and the caller’s grants', points.myAccount),
    },
  },
  'GET /accounts/{personId}': {
    summary: "A leader's points",
    tag: 'points',
    security: 'bearer',
    query: points.accountQuery,
    responses: { 200: ok('The balance and one page of entries, newest first', points.account) },
  },
  'POST /points/awards': {
    summary: 'Award points to a leader',
    tag: 'points',
    security: 'bearer',
    body: points.awardBody,
    idempotencyKey: common.requiredIdempotencyKey,
    responses: {
      201: ok('The transfer', points.transfer),
      200: ok('A retry: the same transfer', points.transfer),
    },
    errors: [409, 422],
  },
  'GET /points/awards/allowance': {
    summary: 'My award allowance this month',
    tag: 'points',
    security: 'bearer',
    responses: { 200: ok('The cap, what is used and what is left', points.awardAllowance) },
  },
  'POST /points/volunteer-hours': {
    summary: "Log a leader's volunteer hours",
    tag: 'points',
    security: 'bearer',
    body: points.hoursBody,
    idempotencyKey: common.optionalIdempotencyKey,
    responses: {
      201: ok('The transfer', points.transfer),
      200: ok('The same work again: the same transfer', points.transfer),
    },
    errors: [409, 422],
  },
  'POST /rewards': {
    summary: 'Add a reward to a catalogue',
    tag: 'rewards',
    security: 'bearer',
    body: rewards.createRewardBody,
    responses: { 201: ok('The reward', rewards.reward) },
    errors: [409],
  },
  'GET /rewards': {
    summary: 'A rewards catalogue',
    tag: 'rewards',
    security: 'bearer',
    query: rewards.catalogueQuery,
    responses: { 200: ok('The catalogue', rewards.catalogue) },
  },
  'PATCH /rewards/{id}': {
    summary: 'Change a reward',
    tag: 'rewards',
    security: 'bearer',
    body: rewards.patchRewardBody,
    responses: { 200: ok('The reward', rewards.reward) },
    errors: [409],
  },
  'POST /rewards/{id}/redeem': {
    summary: 'Redeem a reward',
    tag: 'rewards',
    security: 'bearer',
    idempotencyKey: common.optionalIdempotencyKey,
    responses: {
      201: ok('The redemption, reserved', rewards.redemption),
      200: ok('A retry: the same redemption', rewards.redemption),
    },
    errors: [409],
  },
  'GET /redemptions': {
    summary: 'Redemptions: my own, or a catalogue’s waiting to be collected',
    tag: 'rewards',
    security: 'bearer',
    query: rewards.redemptionsQuery,
    responses: { 200: ok('One page of redemptions', rewards.redemptionPage) },
  },
  'POST /redemptions/{id}/fulfil': {
    summary: 'Hand out a redeemed reward',
    tag: 'rewards',
    security: 'bearer',
    responses: { 200: ok('The redemption, fulfilled', rewards.redemption) },
    errors: [409],
  },
  'POST /redemptions/{id}/cancel': {
    summary: 'Cancel a redemption (the points go back)',
    tag: 'rewards',
    security: 'bearer',
    responses: { 200: ok('The redemption, cancelled', rewards.redemption) },
    errors: [409],
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
