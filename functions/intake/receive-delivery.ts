import { bodyText, publicHandler } from '../../shared/http/api-handler.js';
import { jsonResponse } from '../../shared/http/problem.js';
import { receiveDelivery } from '../../shared/intake/receive-delivery.js';

/**
 * POST /intake/{partnerId}[/{token}]: a partner's form delivery. 202 with the request's id once the
 * raw body is stored; the same answer, and nothing new, for every retry.
 */
export const handler = publicHandler(async (event, deps) => {
  const { receipt } = await receiveDelivery(deps, {
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
  return jsonResponse(202, receipt);
});
