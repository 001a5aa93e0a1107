import { bodyText, publicHandler, type PublicEvent } from '../../shared/runtime/api-handler.js';
import { jsonResponse, problemResponse } from '../../shared/http/problem.js';
import { answerHandshake, receiveDelivery } from '../../shared/services/intake/accept-delivery.js';

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
 * answer to a product's URL-verification handshake, which GET answers too (and nothing else).
 */
export const handler = publicHandler(
  async (event, deps) => {
    const incoming = {
      partnerId: event.pathParameters?.partnerId ?? '',
      contentType: event.headers['content-type'] ?? '',
      raw: {
        body: bodyText(event),
        headers: event.headers as Record<string, string>,
        query: (event.queryStringParameters ?? {}) as Record<string, string>,
        ...(event.pathParameters?.token ? { pathToken: event.pathParameters.token } : {}),
      },
      sourceIp: event.requestContext.http.sourceIp,
    };
    const received =
      event.requestContext.http.method === 'GET'
        ? { handshake: await answerHandshake(deps, incoming) }
        : await receiveDelivery(deps, incoming);
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
