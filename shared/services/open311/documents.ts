import { SparkList, type Open311Document, type SparkObject } from './spark.js';

/** What the district publishes about its Open311 endpoint (the Service Discovery spec; all fields required). */
export interface Open311DiscoveryInput {
  /** Sortable; changes when the services or their definitions change (clients refresh their caches). */
  changeset: string;
  /** How to reach the people who run the endpoint. */
  contact: string;
  /** How to get an api_key. */
  keyService: string;
  /** The GeoReport v2 base URL (…/open311/v2). */
  url: string;
  /** production: requests are acted upon; test: they are not. */
  type: 'production' | 'test';
}

/** GET discovery: our one GeoReport v2 endpoint, in both formats. */
export function discoveryDocument(input: Open311DiscoveryInput): Open311Document {
  return {
    root: 'discovery',
    body: {
      changeset: input.changeset,
      contact: input.contact,
      key_service: input.keyService,
      endpoints: new SparkList('endpoint', [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: input.url,
          changeset: input.changeset,
          type: input.type,
          formats: new SparkList('format', ['text/xml', 'application/json']),
        },
      ]),
    },
  };
}

/**
 * POST requests' answer: the id (a realtime service) or a token (batch), never both, as the spec
 * says; service_notice and account_id are empty when there is nothing to say.
 */
export function createdDocument(
  created: ({ serviceRequestId: string } | { token: string }) & {
    serviceNotice?: string;
    accountId?: string;
  },
): Open311Document {
  const id: SparkObject =
    'token' in created ? { token: created.token } : { service_request_id: created.serviceRequestId };
  return {
    root: 'service_requests',
    body: new SparkList('request', [
      { ...id, service_notice: created.serviceNotice ?? null, account_id: created.accountId ?? null },
    ]),
  };
}

/** GET tokens/{token}: the request the token became; null while it has not become one yet. */
export function tokenDocument(token: string, serviceRequestId: string | null): Open311Document {
  return {
    root: 'service_requests',
    body: new SparkList('request', [{ service_request_id: serviceRequestId, token }]),
  };
}
