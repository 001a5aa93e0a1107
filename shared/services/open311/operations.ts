import { createHash } from 'node:crypto';
import { isWithin } from '../../domain/access.js';
import type { ServiceRequest } from '../../domain/request.js';
import { NotFoundError, UnsupportedMediaTypeError } from '../../errors.js';
import { createdDocument, discoveryDocument, tokenDocument } from './documents.js';
import { parseNewRequest } from './new-request.js';
import { parseQuery, type Open311Query } from './query.js';
import {
  requestsDocument,
  toOpen311Request,
  type Open311Reader,
  type Open311Request,
} from './request-document.js';
import { serviceDefinitionDocument, serviceListDocument } from './services.js';
import type { Open311Document } from './spark.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { getDelivery } from '../../store/delivery-store.js';
import { getNodes } from '../../store/hierarchy-store.js';
import { getPartner } from '../../store/partner-store.js';
import { getRequest, getRequestWithHistory, requestsRaisedBetween } from '../../store/request-store.js';
import { addressHint } from '../intake/formats/answers.js';
import { normalizePhone } from '../intake/formats/contact.js';
import { apiKeyPartnerId, assertApiKey, type Partner } from '../../domain/intake-partner.js';
import { acceptSubmission, countIfRejected } from '../intake/accept-delivery.js';
import type { IntakeSubmission } from '../../domain/intake-submission.js';

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
async function keyedPartner(deps: Dependencies, apiKey: string): Promise<Partner> {
  return assertApiKey(await getPartner(deps.table, apiKeyPartnerId(apiKey)), apiKey);
}

/**
 * Who reads (GET tokens, requests): anyone, as the spec has it (api_key is for POST), or the keyed
 * partner when an api_key is given, which must then be valid (403 otherwise, as for POST).
 */
const readerOf = async (deps: Dependencies, apiKey: string | undefined): Promise<Partner | undefined> =>
  apiKey ? keyedPartner(deps, apiKey) : undefined;

/**
 * POST requests: checked at once (a civic client shows the errors to its user), then stored as a
 * delivery like any partner's; an identical POST retried (same key, same body) is the same request.
 */
export async function postServiceRequest(deps: Dependencies, event: Open311Post): Promise<Open311Document> {
  try {
    return await storeServiceRequest(deps, event);
  } catch (error) {
    countIfRejected(error);
    throw error;
  }
}

type Open311Post = { body?: string; isBase64Encoded: boolean; contentType: string };

async function storeServiceRequest(deps: Dependencies, event: Open311Post): Promise<Open311Document> {
  if (!event.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new UnsupportedMediaTypeError(
      'POST requests takes application/x-www-form-urlencoded, as GeoReport v2 says.',
    );
  }
  const form = parseNewRequest(event, deps.config.categories);
  // parseNewRequest refuses a form without api_key (403) before reading the rest.
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

/**
 * GET tokens/{token}: the request a POST became (null for the moment it is being processed). Without
 * a key any Open311 POST's token answers (a token is a hash of the POST, key included: only its
 * client knows it); with one, the partner's own deliveries' tokens, of any channel.
 */
export async function tokenStatus(deps: Dependencies, apiKey: string | undefined, token: string) {
  const partner = await readerOf(deps, apiKey);
  const delivery = await getDelivery(deps.table, token);
  const visible = partner ? delivery?.partnerId === partner.id : delivery?.channel === 'open311';
  if (!delivery || !visible) throw new NotFoundError(`No token ${token}.`);
  const made = await getRequest(deps.table, delivery.requestId);
  return tokenDocument(token, made ? delivery.requestId : null);
}

/**
 * Requests as the reader may see them: the partner's view of those in a keyed partner's area, the
 * public view of every other (its place as far as the building, named from the hierarchy in one
 * BatchGet for the page).
 */
async function views(
  deps: Dependencies,
  requests: readonly ServiceRequest[],
  partner: Partner | undefined,
  extensions: boolean,
): Promise<Open311Request[]> {
  const inArea = (request: ServiceRequest) => partner !== undefined && isWithin(request, partner.scope);
  const shownPublicly = requests.filter((request) => !inArea(request));
  const nodes = await getNodes(
    deps.table,
    shownPublicly.flatMap(({ ancestors }) => [
      ancestors.community,
      ...(ancestors.building ? [ancestors.building] : []),
    ]),
  );
  const nameOf = (id: string | undefined) => {
    const node = id === undefined ? undefined : nodes.get(id);
    return node && 'name' in node ? [node.name] : [];
  };
  const placeOf = ({ ancestors }: ServiceRequest) =>
    [...nameOf(ancestors.community), ...nameOf(ancestors.building)].join(' ') || null;
  return Promise.all(
    requests.map(async (request) => {
      const history = extensions ? await getRequestWithHistory(deps.table, request.id) : undefined;
      const reader: Open311Reader = inArea(request)
        ? { kind: 'partner' }
        : { kind: 'public', place: placeOf(request) };
      return toOpen311Request(request, deps.config.categories, reader, history?.timeline);
    }),
  );
}

/** GET requests/{id}: one request, as a list of one (the spec's shape), in the view the reader may see. */
export async function oneRequest(
  deps: Dependencies,
  query: Record<string, string | undefined>,
  id: string,
): Promise<Open311Document> {
  const partner = await readerOf(deps, query.api_key);
  const stored = await getRequest(deps.table, id);
  if (!stored) throw new NotFoundError(`No service request ${id}.`);
  return requestsDocument(await views(deps, [stored.request], partner, query.extensions === 'true'));
}

/**
 * GET requests: by ids, or a window of at most 90 days with the spec's filters, a page at a time
 * (GSI4 by month, never a Scan); each request in the view the reader may see.
 */
export async function searchRequests(
  deps: Dependencies,
  query: Record<string, string | undefined>,
): Promise<Open311Document> {
  const partner = await readerOf(deps, query.api_key);
  const { api_key: _key, ...filters } = query;
  const parsed: Open311Query = parseQuery(
    filters,
    deps.config.categories.map((category) => category.code),
    deps.clock.now(),
  );
  const found =
    parsed.kind === 'ids'
      ? (await Promise.all(parsed.ids.map((id) => getRequest(deps.table, id)))).flatMap((stored) =>
          stored ? [stored.request] : [],
        )
      : await requestsRaisedBetween(
          deps.table,
          { from: new Date(parsed.start), to: new Date(parsed.end) },
          {
            skip: (parsed.page - 1) * parsed.pageSize,
            limit: parsed.pageSize,
            keep: (request) =>
              (parsed.serviceCodes.length === 0 || parsed.serviceCodes.includes(request.category)) &&
              (parsed.statuses.length === 0 ||
                parsed.statuses.includes(request.status === 'closed' ? 'closed' : 'open')),
          },
        );
  return requestsDocument(await views(deps, found, partner, parsed.extensions));
}
