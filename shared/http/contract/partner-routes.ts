import * as intake from './intake.js';
import * as partners from './partners.js';
import { ok, type RouteContract, type RouteKey } from './route-contract.js';
import * as signIn from './sign-in.js';

const FORMS = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

const delivery = {
  summary: "A partner's form delivery",
  description:
    'The body is the partner’s own (its `format` and `mapping` read it). The partner proves itself by ' +
    'its configured proof: an HMAC signature header, a secret value in the body, or the URL token. ' +
    'A retry gets the same receipt and writes nothing new.',
  tag: 'intake',
  security: 'partner',
  body: intake.deliveryBody,
  bodyContentTypes: FORMS,
  responses: { 202: ok('Stored; it becomes a request', intake.deliveryReceipt) },
  errors: [401, 404, 409, 413, 415, 422],
} satisfies RouteContract;

const handshake = {
  summary: "A form product's URL-verification handshake",
  description: 'Only a configured handshake (`?echostr=…`) is answered; it writes nothing.',
  tag: 'intake',
  security: 'partner',
  responses: { 200: { description: 'The configured echo', contentType: 'text/plain' } },
  errors: [401, 404],
} satisfies RouteContract;

const open311 = (summary: string, description: string): RouteContract => ({
  summary,
  description: `GeoReport v2: \`{file}\` ends in \`.json\` or \`.xml\`. ${description}`,
  tag: 'open311',
  security: 'open311',
  responses: {
    200: {
      description: 'The GeoReport document (JSON or XML, as the path asks)',
      contentType: 'application/json',
    },
  },
  errors: [],
});

/** The district's intake partners, their deliveries, Open311, the SMS reports and signing in. */
export const PARTNER_ROUTES = {
  'POST /partners': {
    summary: 'Add an intake partner (a form product, an Open311 client)',
    tag: 'partners',
    security: 'bearer',
    body: partners.createPartnerBody,
    responses: { 201: ok('The partner, with its secret shown this once', partners.partnerWithSecret) },
    errors: [409, 422],
  },
  'GET /partners': {
    summary: "The district's partners",
    tag: 'partners',
    security: 'bearer',
    responses: { 200: ok('Every partner', partners.partnerList) },
  },
  'GET /partners/{id}': {
    summary: 'Read a partner',
    tag: 'partners',
    security: 'bearer',
    responses: { 200: ok('The partner', partners.partner) },
  },
  'PATCH /partners/{id}': {
    summary: 'Change a partner',
    tag: 'partners',
    security: 'bearer',
    body: partners.patchPartnerBody,
    responses: { 200: ok('The partner', partners.partner) },
    errors: [409, 422],
  },
  'POST /partners/{id}/secrets': {
    summary: "Rotate a partner's secret (step one: a second secret)",
    tag: 'partners',
    security: 'bearer',
    body: partners.secretBody,
    bodyOptional: true,
    responses: { 201: ok('The partner, with the new secret shown this once', partners.partnerWithSecret) },
    errors: [409],
  },
  'DELETE /partners/{id}/secrets/{secretId}': {
    summary: "Retire a partner's old secret",
    tag: 'partners',
    security: 'bearer',
    responses: { 200: ok('The partner', partners.partner) },
    errors: [409],
  },
  'POST /partners/{id}/api-keys': {
    summary: 'Issue an Open311 API key',
    tag: 'partners',
    security: 'bearer',
    responses: { 201: ok('The partner, with the key shown this once', partners.partnerWithApiKey) },
    errors: [409],
  },
  'DELETE /partners/{id}/api-keys/{keyId}': {
    summary: 'Revoke an API key',
    tag: 'partners',
    security: 'bearer',
    responses: { 200: ok('The partner', partners.partner) },
    errors: [409],
  },
  'GET /partners/{id}/rejections': {
    summary: "A partner's refused deliveries",
    tag: 'partners',
    security: 'bearer',
    query: partners.rejectionsQuery,
    responses: { 200: ok('The latest refusals and the counts by hour', partners.partnerRejections) },
  },
  'POST /intake/{partnerId}': delivery,
  'POST /intake/{partnerId}/{token}': delivery,
  'GET /intake/{partnerId}': handshake,
  'GET /intake/{partnerId}/{token}': handshake,
  'POST /sms/status/{token}': {
    summary: "The SMS provider's delivery reports",
    description: 'Unsigned: the path carries a secret token.',
    tag: 'intake',
    security: 'smsToken',
    body: intake.smsStatusBody,
    responses: { 200: ok('Recorded', intake.smsStatusAnswer) },
    errors: [404, 413],
  },
  'GET /open311/v2/{file}': open311(
    'Discovery, the service list, or a search of requests',
    '`discovery`, `services` or `requests` (`?service_request_id=` or a search).',
  ),
  'POST /open311/v2/{file}': open311('Post a service request', '`requests`, with the client’s `api_key`.'),
  'GET /open311/v2/services/{file}': open311('A service definition', ''),
  'GET /open311/v2/requests/{file}': open311('One service request', ''),
  'GET /open311/v2/tokens/{file}': open311('What became of a posted request’s token', ''),
  'POST /auth/codes': {
    summary: 'Send a sign-in code by SMS',
    description:
      'The same answer whether or not the district knows the phone; rate limited per phone and source.',
    tag: 'sign-in',
    security: 'none',
    body: signIn.codesBody,
    responses: { 202: ok('A code was sent if the phone is registered', signIn.codeRequested) },
    errors: [429],
  },
  'POST /auth/tokens': {
    summary: 'Exchange a code (or a refresh token) for tokens',
    tag: 'sign-in',
    security: 'none',
    body: signIn.tokensBody,
    responses: { 200: ok('The tokens', signIn.issuedTokens) },
    errors: [401],
  },
  'POST /auth/sign-out': {
    summary: 'End a sign-in (its refresh tokens stop working)',
    tag: 'sign-in',
    security: 'none',
    body: signIn.signOutBody,
    responses: { 204: ok('Signed out') },
  },
  'GET /.well-known/openid-configuration': {
    summary: 'The OpenID Connect discovery document',
    tag: 'sign-in',
    security: 'none',
    responses: { 200: ok('The discovery document', signIn.openIdConfiguration) },
  },
  'GET /.well-known/jwks.json': {
    summary: 'The public key the access tokens are signed with',
    tag: 'sign-in',
    security: 'none',
    responses: { 200: ok('The key set', signIn.jsonWebKeySet) },
  },
} satisfies Partial<Record<RouteKey, RouteContract>>;
