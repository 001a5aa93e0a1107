/** The HTTP API's routes and the handler behind each: infra wires them in AWS, the local server on a laptop. */
export const API_ROUTES = [
  { method: 'POST', path: '/requests', handler: 'submit-request' },
  { method: 'GET', path: '/requests', handler: 'list-requests' },
  { method: 'GET', path: '/requests/{id}', handler: 'get-request' },
  { method: 'POST', path: '/requests/{id}/{action}', handler: 'act-on-request' },
  { method: 'POST', path: '/uploads', handler: 'uploads' },
  { method: 'POST', path: '/nodes', handler: 'nodes' },
  { method: 'GET', path: '/nodes/{id}', handler: 'nodes' },
  { method: 'PATCH', path: '/nodes/{id}', handler: 'nodes' },
  { method: 'DELETE', path: '/nodes/{id}', handler: 'nodes' },
  { method: 'GET', path: '/nodes/{id}/children', handler: 'nodes' },
  { method: 'POST', path: '/nodes/{id}/move', handler: 'nodes' },
  { method: 'PUT', path: '/nodes/{id}/post', handler: 'nodes' },
  { method: 'DELETE', path: '/nodes/{id}/post', handler: 'nodes' },
  { method: 'PUT', path: '/nodes/{id}/post/away', handler: 'nodes' },
  { method: 'PUT', path: '/nodes/{id}/deputy', handler: 'nodes' },
  { method: 'DELETE', path: '/nodes/{id}/deputy', handler: 'nodes' },
  { method: 'GET', path: '/nodes/{id}/post/history', handler: 'nodes' },
  { method: 'GET', path: '/households', handler: 'households' },
  { method: 'POST', path: '/households', handler: 'households' },
  { method: 'GET', path: '/households/{id}', handler: 'households' },
  { method: 'PATCH', path: '/households/{id}', handler: 'households' },
  { method: 'DELETE', path: '/households/{id}', handler: 'households' },
  { method: 'POST', path: '/people', handler: 'people' },
  { method: 'GET', path: '/people/{id}', handler: 'people' },
  { method: 'PATCH', path: '/people/{id}', handler: 'people' },
  { method: 'POST', path: '/regrid', handler: 'regrid' },
  { method: 'POST', path: '/providers', handler: 'providers' },
  { method: 'GET', path: '/providers', handler: 'providers' },
  { method: 'GET', path: '/providers/{id}', handler: 'providers' },
  { method: 'GET', path: '/accounts/me', handler: 'points' },
  { method: 'GET', path: '/accounts/{personId}', handler: 'points' },
  { method: 'POST', path: '/points/awards', handler: 'points' },
  { method: 'GET', path: '/points/awards/allowance', handler: 'points' },
  { method: 'POST', path: '/points/volunteer-hours', handler: 'points' },
  { method: 'POST', path: '/rewards', handler: 'rewards' },
  { method: 'GET', path: '/rewards', handler: 'rewards' },
  { method: 'PATCH', path: '/rewards/{id}', handler: 'rewards' },
  { method: 'POST', path: '/rewards/{id}/redeem', handler: 'rewards' },
  { method: 'GET', path: '/redemptions', handler: 'rewards' },
  { method: 'POST', path: '/redemptions/{id}/fulfil', handler: 'rewards' },
  { method: 'POST', path: '/redemptions/{id}/cancel', handler: 'rewards' },
  { method: 'GET', path: '/statements/{month}', handler: 'settlements' },
  { method: 'GET', path: '/leaderboards/{month}', handler: 'settlements' },
  { method: 'GET', path: '/settlements/{month}/summary.csv', handler: 'settlements' },
  { method: 'POST', path: '/settlements/{month}', handler: 'settlements' },
  { method: 'GET', path: '/district', handler: 'district' },
  { method: 'GET', path: '/stats/requests', handler: 'stats' },
  { method: 'POST', path: '/notices', handler: 'notices' },
  { method: 'GET', path: '/notices', handler: 'notices' },
  { method: 'GET', path: '/notices/{id}', handler: 'notices' },
  { method: 'POST', path: '/notices/{id}/read', handler: 'notices' },
  { method: 'GET', path: '/households/{id}/notices', handler: 'notices' },
  { method: 'POST', path: '/partners', handler: 'partners' },
  { method: 'GET', path: '/partners', handler: 'partners' },
  { method: 'GET', path: '/partners/{id}', handler: 'partners' },
  { method: 'PATCH', path: '/partners/{id}', handler: 'partners' },
  { method: 'POST', path: '/partners/{id}/secrets', handler: 'partners' },
  { method: 'DELETE', path: '/partners/{id}/secrets/{secretId}', handler: 'partners' },
  { method: 'POST', path: '/partners/{id}/api-keys', handler: 'partners' },
  { method: 'DELETE', path: '/partners/{id}/api-keys/{keyId}', handler: 'partners' },
  { method: 'GET', path: '/partners/{id}/rejections', handler: 'partners' },
  // Partners prove themselves (signature, URL token, API key): these routes have no JWT authorizer.
  { method: 'POST', path: '/intake/{partnerId}', handler: 'receive-delivery', public: true },
  { method: 'POST', path: '/intake/{partnerId}/{token}', handler: 'receive-delivery', public: true },
  // Only a configured URL-verification handshake is answered on GET (`?echostr=…`); it writes nothing.
  { method: 'GET', path: '/intake/{partnerId}', handler: 'receive-delivery', public: true },
  { method: 'GET', path: '/intake/{partnerId}/{token}', handler: 'receive-delivery', public: true },
  // The SMS provider's delivery reports: unsigned, so the path carries a secret token.
  { method: 'POST', path: '/sms/status/{token}', handler: 'sms-status', public: true },
  { method: 'GET', path: '/open311/v2/{file}', handler: 'open311', public: true },
  { method: 'POST', path: '/open311/v2/{file}', handler: 'open311', public: true },
  { method: 'GET', path: '/open311/v2/services/{file}', handler: 'open311', public: true },
  { method: 'GET', path: '/open311/v2/requests/{file}', handler: 'open311', public: true },
  { method: 'GET', path: '/open311/v2/tokens/{file}', handler: 'open311', public: true },
  // Phone-code sign-in (auth.signIn = phone-code): how a caller gets a JWT, and the keys that verify it.
  { method: 'POST', path: '/auth/codes', handler: 'sign-in', public: true },
  { method: 'POST', path: '/auth/tokens', handler: 'sign-in', public: true },
  { method: 'POST', path: '/auth/sign-out', handler: 'sign-in', public: true },
  { method: 'GET', path: '/.well-known/openid-configuration', handler: 'sign-in', public: true },
  { method: 'GET', path: '/.well-known/jwks.json', handler: 'sign-in', public: true },
] as const;

type ApiRoute = (typeof API_ROUTES)[number];
export type ApiHandlerName = ApiRoute['handler'];

/** The route keys (`GET /nodes/{id}`) one handler answers: a resource's module maps each of them. */
export type RouteKeyOf<Handler extends ApiHandlerName> =
  Extract<ApiRoute, { handler: Handler }> extends infer Route
    ? Route extends { method: string; path: string }
      ? `${Route['method']} ${Route['path']}`
      : never
    : never;
