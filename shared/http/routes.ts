/** The HTTP API's routes and the handler behind each: infra wires them in AWS, the local server on a laptop. */
export const API_ROUTES = [
  { method: 'POST', path: '/requests', handler: 'submit-request' },
  { method: 'GET', path: '/requests', handler: 'list-requests' },
  { method: 'GET', path: '/requests/{id}', handler: 'get-request' },
  { method: 'POST', path: '/requests/{id}/{action}', handler: 'act-on-request' },
] as const;

export type ApiHandlerName = (typeof API_ROUTES)[number]['handler'];
