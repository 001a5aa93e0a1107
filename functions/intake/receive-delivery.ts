import { bodyText, publicHandler, type PublicEvent } from '../../shared/http/api-handler.js';
import { jsonResponse, problemResponse } from '../../shared/http/problem.js';
import { receiveDelivery } from '../../shared/intake/receive-delivery.js';

/**
 * The problem's `instance` without the URL token: the token is the partner's secret, and a secret
 * never appears in a response (nor in a log: the error middleware logs the route key, not the path).
 */
const redactedInstance = (event: PublicEvent) =>
  event.pathParameters?.token === undefined
    ? event.rawPath
    : `/intake/${event.pathParameters.partnerId ?? ''}/…`;

/**
 * POST /intake/{partnerId}[/{token}]: a partner's form delivery. 202 with the request's id once the
 * raw body is stored; the same answer, and nothing new, for every retry; 200 with the configured
 * answer to a product's URL-verification handshake.
 */
export const handler = publicHandler(
  async (event, deps) => {
    const received = await receiveDelivery(deps, {
      partnerId: event.pathParameters?.partnerId ?? '',
      contentType: event.headers['content-type'] ?? '',
      raw: {
        body: bodyText(event),
        headers: event.headers as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        ...(event.pathParameters?.token ? { pathToken: event.pathParameters.token } : {}),
      },
      sourceIp: event.requestContext.http.sourceIp,
    });
    if (received.handshake) {
      return {
        statusCode: 200,
        // The echo is the caller's own text: never to be sniffed as HTML.
        headers: { 'content-type': received.handshake.contentType, 'x-content-type-options': 'nosniff' },
        body: received.handshake.body,
      };
    }
    return jsonResponse(202, received.receipt);
  },
  (error, event) => problemResponse(error, redactedInstance(event)),
);
