import { bodyText, publicHandler, type PublicEvent } from '../../shared/runtime/api-handler.js';
import { PARAMETER_BOUNDS } from '../../shared/http/parameters.js';
import type { HttpResponse } from '../../shared/http/problem.js';
import {
  postServiceRequest,
  discovery,
  oneRequest,
  searchRequests,
  serviceDefinition,
  services,
  tokenStatus,
} from '../../shared/services/open311/operations.js';
import { NotFoundError } from '../../shared/errors.js';
import { parsePath } from '../../shared/services/open311/path.js';
import {
  open311ErrorResponse,
  open311Response,
  type Open311Format,
} from '../../shared/services/open311/response.js';
import type { Dependencies } from '../../shared/runtime/dependencies.js';

/** The format the path asked for, so an error answers in it too (XML, the spec's default, otherwise). */
const formatOf = (event: PublicEvent): Open311Format => (/\.json$/.test(event.rawPath) ? 'json' : 'xml');

/**
 * The URL this endpoint is reached at, for discovery: the host the client called and its scheme,
 * which API Gateway (always https) and the local server (http) pass as x-forwarded-proto.
 */
function endpointUrl(event: PublicEvent): string {
  const forwarded = event.headers['x-forwarded-proto']?.split(',')[0]?.trim().toLowerCase();
  const scheme = forwarded === 'http' ? 'http' : 'https';
  return `${scheme}://${event.requestContext.domainName}/open311/v2`;
}

async function answer(event: PublicEvent, deps: Dependencies): Promise<HttpResponse> {
  const { name, format } = parsePath(event.pathParameters?.file ?? '');
  const query = event.queryStringParameters ?? {};
  const ok = (status: number, document: Parameters<typeof open311Response>[1]) =>
    open311Response(status, document, format);
  switch (event.routeKey) {
    case 'GET /open311/v2/{file}':
      if (name === 'discovery') {
        return ok(200, discovery(deps, endpointUrl(event)));
      }
      if (name === 'services') return ok(200, services(deps));
      if (name === 'requests') return ok(200, await searchRequests(deps, query));
      break;
    case 'POST /open311/v2/{file}':
      if (name === 'requests') {
        const body = { body: bodyText(event), isBase64Encoded: false };
        return ok(
          201,
          await postServiceRequest(deps, { ...body, contentType: event.headers['content-type'] ?? '' }),
        );
      }
      break;
    case 'GET /open311/v2/services/{file}':
      return ok(200, serviceDefinition(deps, name));
    case 'GET /open311/v2/requests/{file}':
      return ok(200, await oneRequest(deps, query, name));
    case 'GET /open311/v2/tokens/{file}':
      return ok(200, await tokenStatus(deps, query.api_key, name));
  }
  throw new NotFoundError(`No Open311 resource ${event.rawPath}.`);
}

/** service_request_id lists up to 50 ids (each checked by the query's schema): longer than any other query. */
const OPEN311_BOUNDS = { ...PARAMETER_BOUNDS, queryBytes: 8192 };

/** /open311/v2/…: GeoReport v2 for civic apps, in XML or JSON by the path's suffix, errors in the spec's format. */
export const handler = publicHandler(
  answer,
  (error, event) => open311ErrorResponse(error, formatOf(event)),
  OPEN311_BOUNDS,
);
