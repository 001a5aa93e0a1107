import { createHash } from 'node:crypto';
import { isWithin } from '../domain/access.js';
import type { ServiceRequest } from '../domain/request.js';
import { ForbiddenError, NotFoundError, UnsupportedMediaTypeError } from '../errors.js';
import { createdDocument, discoveryDocument, tokenDocument } from '../open311/documents.js';
import { parseNewRequest } from '../open311/new-request.js';
import { parseQuery, type Open311Query } from '../open311/query.js';
import { requestsDocument, toOpen311Request } from '../open311/request-view.js';
import { serviceDefinitionDocument, serviceListDocument } from '../open311/services.js';
import type { Open311Document } from '../open311/spark.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { getDelivery } from '../store/delivery-store.js';
import { getPartner } from '../store/partner-store.js';
import { getRequest, getRequestWithHistory, requestsRaisedBetween } from '../store/request-store.js';
import { addressHint } from './formats/answers.js';
import { normalizePhone } from './formats/contact.js';
import { apiKeyPartnerId, assertApiKey, type Partner } from './partner.js';
import { acceptSubmission } from './receive-delivery.js';
import type { IntakeSubmission } from './submission.js';

/**
 * When this endpoint's document last changed (discovery's changeset): bump it with the endpoint.
 * Services change with the district's config and are read live.
 */
const ENDPOINT_CHANGESET = '2026-11-27T00:00:00Z';

/**
 * Requests become requests asynchronously (the stored delivery goes through the table's stream),
 * so POST answers a token, as the spec's `batch` services do; `tokens/{token}` gives the id.
 */
const SERVICE_TYPE = 'batch';

export function discovery(deps: Dependencies, baseUrl: string): Open311Document {
  return discoveryDocument({
    changeset: ENDPOINT_CHANGESET,
    contact: `${deps.config.district.name} 三长联动平台`,
    keyService: `API keys are issued by the district's administrators (${deps.config.district.name} 民政部门).`,
    url: baseUrl,
    type: 'production',
  });
}

export const services = (deps: Dependencies) => serviceListDocument(deps.config.categories, SERVICE_TYPE);

export const serviceDefinition = (deps: Dependencies, code: string) =>
  serviceDefinitionDocument(code, deps.config.categories);

/** The partner an api_key belongs to, if it is valid; 403 otherwise. */
async function keyedPartner(deps: Dependencies, apiKey: string | undefined): Promise<Partner> {
  if (!apiKey) {
    throw new ForbiddenError(
      'Missing api_key: this district lists requests to keyed partners only. 缺少 api_key。',
      [{ field: 'api_key', message: 'required' }],
    );
  }
  return assertApiKey(await getPartner(deps.table, apiKeyPartnerId(apiKey)), apiKey);
}

/**
 * POST requests: checked at once (a civic client shows the errors to its user), then stored as a
 * delivery like any partner's; an identical POST retried (same key, same body) is the same request.
 */
export async function postServiceRequest(
  deps: Dependencies,
  event: { body?: string; isBase64Encoded: boolean; contentType: string },
): Promise<Open311Document> {
  if (!event.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaTypeError(
      'POST requests takes application/x-www-form-urlencoded, as GeoReport v2 says.',
    );
  }
  const form = parseNewRequest(event, deps.config.categories);
  const partner = await keyedPartner(deps, form.apiKey);
  const body = event.isBase64Encoded
    ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
    : (event.body ?? '');
  const contactName = [form.lastName, form.firstName].filter(Boolean).join('');
  const phone = form.phone ? normalizePhone(form.phone) : undefined;
  const address = addressHint({
    text: form.addressString,
    building: form.building,
    unit: form.unit,
    room: form.room,
  });
  const submission: IntakeSubmission = {
    externalId: `open311:${createHash('sha256').update(body).digest('hex')}`,
    category: form.serviceCode,
    description: form.description,
    ...(form.priority ? { priority: form.priority } : {}),
    photos: form.mediaUrl ? [form.mediaUrl] : [],
    ...(contactName ? { contactName } : {}),
    ...(phone ? { phone } : {}),
    ...(form.addressId ? { householdId: form.addressId } : {}),
    ...(address ? { address } : {}),
    ...(form.location ? { location: form.location } : {}),
  };
  const { receipt } = await acceptSubmission(deps, partner, submission, {
    body,
    contentType: 'application/x-www-form-urlencoded',
  });
  return createdDocument({
    token: receipt.deliveryId,
    serviceNotice:
      '已收到,将转交所在单元长或社区处理。Received; it goes to the unit leader or the community.',
  });
}

/** GET tokens/{token}: the request a POST became (null for the moment it is being processed). */
export async function tokenStatus(deps: Dependencies, apiKey: string | undefined, token: string) {
  const partner = await keyedPartner(deps, apiKey);
  const delivery = await getDelivery(deps.table, token);
  if (!delivery || delivery.partnerId !== partner.id) throw new NotFoundError(`No token ${token}.`);
  const made = await getRequest(deps.table, delivery.requestId);
  return tokenDocument(token, made ? delivery.requestId : null);
}

async function view(deps: Dependencies, request: ServiceRequest, extensions: boolean) {
  const history = extensions ? await getRequestWithHistory(deps.table, request.id) : undefined;
  return toOpen311Request(request, deps.config.categories, history?.timeline);
}

/** GET requests/{id}: one request in the partner's area, as a list of one (the spec's shape). */
export async function oneRequest(
  deps: Dependencies,
  query: Record<string, string | undefined>,
  id: string,
): Promise<Open311Document> {
  const partner = await keyedPartner(deps, query.api_key);
  const stored = await getRequest(deps.table, id);
  if (!stored || !isWithin(stored.request, partner.scope))
    throw new NotFoundError(`No service request ${id}.`);
  return requestsDocument([await view(deps, stored.request, query.extensions === 'true')]);
}

/** GET requests: by ids, or a window of at most 90 days with the spec's filters, a page at a time. */
export async function searchRequests(
  deps: Dependencies,
  query: Record<string, string | undefined>,
): Promise<Open311Document> {
  const partner = await keyedPartner(deps, query.api_key);
  const { api_key: _key, ...filters } = query;
  const parsed: Open311Query = parseQuery(
    filters,
    deps.config.categories.map((category) => category.code),
    deps.clock.now(),
  );
  const found =
    parsed.kind === 'ids'
      ? (await Promise.all(parsed.ids.map((id) => getRequest(deps.table, id))))
          .flatMap((stored) => (stored ? [stored.request] : []))
          .filter((request) => isWithin(request, partner.scope))
      : await requestsRaisedBetween(
          deps.table,
          { from: new Date(parsed.start), to: new Date(parsed.end) },
          {
            skip: (parsed.page - 1) * parsed.pageSize,
            limit: parsed.pageSize,
            keep: (request) =>
              isWithin(request, partner.scope) &&
              (parsed.serviceCodes.length === 0 || parsed.serviceCodes.includes(request.category)) &&
              (parsed.statuses.length === 0 ||
                parsed.statuses.includes(request.status === 'closed' ? 'closed' : 'open')),
          },
        );
  return requestsDocument(await Promise.all(found.map((request) => view(deps, request, parsed.extensions))));
}
