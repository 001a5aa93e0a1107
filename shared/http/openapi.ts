import * as z from '../zod.js';
import { components, gatewayMessage, problem } from './contract/common.js';
import { open311Errors } from './contract/intake.js';
import { ROUTE_CONTRACTS } from './contract/table.js';
import type { RouteContract, RouteKey, Schema, Security } from './contract/route-contract.js';
import { ROUTE_EXAMPLES } from './contract/examples.js';
import { API_ROUTES } from './routes.js';
import { jsonSchema, SCHEMA_BASE } from './json-schema.js';

type Json = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  400: 'Malformed or invalid input: the problem names each field',
  401: 'Not signed in, or the credentials are not valid',
  403: 'Not yours to do',
  404: 'Unknown (or another household’s, for a resident)',
  409: 'A conflict: the state does not allow it, or a retry asked otherwise (the problem carries `stored`)',
  413: 'The body is too large',
  415: 'A body of a media type the route does not read',
  422: 'A well-formed reference that cannot be used (the problem names it)',
  429: 'Over a rate limit: retry after `Retry-After` seconds',
  503: 'A dependency is unreachable: retry after `Retry-After` seconds (with the same Idempotency-Key)',
};

/** The problem statuses every route of a kind of caller may answer. */
const BASE_ERRORS: Record<Security, number[]> = {
  bearer: [400, 401, 403, 404, 503],
  none: [400, 503],
  partner: [400, 503],
  open311: [400, 403, 404, 503],
  smsToken: [400, 503],
};

const SECURITY: Record<Security, Json[]> = {
  bearer: [{ bearerAuth: [] }],
  none: [],
  // The body's own secret value and the URL token are the other proofs: no scheme describes them.
  partner: [{ partnerSignature: [] }, {}],
  open311: [{ open311ApiKey: [] }, {}],
  smsToken: [],
};

const SECURITY_SCHEMES = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'The access token from `POST /auth/tokens` (RS256, the district’s key; `GET /.well-known/jwks.json`), ' +
      'or a Cognito ID token where `auth.signIn` is `cognito`. Locally also `GET /local/token?person=`.',
  },
  partnerSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-Signature',
    description:
      'A form partner’s proof, as its `json.proof` configures it: an HMAC (SHA-256 or SHA-1) of the configured ' +
      'template over the body, timestamp and nonce, in the header (or body field) the partner names; or the ' +
      'partner’s secret as a body value; or, for products that can do neither, the secret token in the URL ' +
      '(`/intake/{partnerId}/{token}`). docs/intake.md describes each product.',
  },
  open311ApiKey: {
    type: 'apiKey',
    in: 'query',
    name: 'api_key',
    description: 'An Open311 client’s key (`POST /partners/{id}/api-keys`): required to post a request.',
  },
};

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

/** An error response: problem+json from a handler, API Gateway's `{message}` for 401 and 413 on JWT routes. */
function errorResponse(status: number, security: Security): Json {
  const description = STATUS_TEXT[status] ?? 'An error';
  if (security === 'open311')
    return { description, content: { 'application/json': { schema: jsonSchema(open311Errors, 'output') } } };
  const gateway = security === 'bearer' && (status === 401 || status === 413);
  const schema = jsonSchema(gateway ? gatewayMessage : problem, 'output');
  return {
    description,
    content: { [gateway ? 'application/json' : 'application/problem+json']: { schema } },
  };
}

const parameterNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');

function parameters(path: string, contract: RouteContract): Json[] {
  const inPath = parameterNames(path).map((name) => {
    const schema = contract.path?.[name];
    return {
      name,
      in: 'path',
      required: true,
      schema: schema ? jsonSchema(schema, 'input') : { type: 'string' },
    };
  });
  const query = contract.query ? queryParameters(contract.query) : [];
  const header = contract.idempotencyKey ? [idempotencyHeader(contract.idempotencyKey)] : [];
  return [...inPath, ...query, ...header];
}

function queryParameters(schema: Schema): Json[] {
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: object.required?.includes(name) ?? false,
    schema: property,
  }));
}

function idempotencyHeader(schema: Schema): Json {
  const optional = z.safeParse(schema, undefined).success;
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: !optional,
    description: 'The caller’s own key: a retry with the same key and content does nothing twice.',
    schema: jsonSchema(schema, 'input'),
  };
}

function requestBody(contract: RouteContract, example: unknown): Json | undefined {
  if (!contract.body) return undefined;
  const schema = jsonSchema(contract.body, 'input');
  const types = contract.bodyContentTypes ?? ['application/json'];
  const content = Object.fromEntries(
    types.map((type) => [type, { schema, ...(example === undefined ? {} : { example }) }]),
  );
  return { required: !contract.bodyOptional, content };
}

function responses(contract: RouteContract, examples: Partial<Record<number, unknown>>): Json {
  const success = Object.entries(contract.responses).map(([status, response]) => {
    if (!response) return [status, {}];
    const example = examples[Number(status)];
    const media = response.schema
      ? {
          'application/json': {
            schema: jsonSchema(response.schema, 'output'),
            ...(example === undefined ? {} : { example }),
          },
        }
      : response.contentType
        ? { [response.contentType]: { schema: { type: 'string' } } }
        : undefined;
    return [status, { description: response.description, ...(media ? { content: media } : {}) }];
  });
  const errors = [...new Set([...BASE_ERRORS[contract.security], ...(contract.errors ?? [])])]
    .sort()
    .map((status) => [String(status), ref(`${contract.security}${status}`)]);
  return Object.fromEntries([...success, ...errors]);
}

/** `GET /requests/{id}` → `getRequestsById`: an operation's id, for clients that name calls. */
function operationId(method: string, path: string): string {
  const words = path
    .replace(/\{(\w+)\}/g, 'by-$1')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((word) => word[0]?.toUpperCase() + word.slice(1))].join('');
}

function operation(route: (typeof API_ROUTES)[number], contract: RouteContract): Json {
  const key = `${route.method} ${route.path}` as RouteKey;
  const examples = ROUTE_EXAMPLES[key] ?? {};
  const body = requestBody(contract, examples.body);
  return {
    operationId: operationId(route.method, route.path),
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [contract.tag],
    security: SECURITY[contract.security],
    parameters: parameters(route.path, contract),
    ...(body ? { requestBody: body } : {}),
    responses: responses(contract, examples.responses ?? {}),
  };
}

function errorComponents(): Json {
  const entries = Object.entries(ROUTE_CONTRACTS).flatMap(([, contract]) =>
    [...BASE_ERRORS[contract.security], ...(contract.errors ?? [])].map((status) => [
      `${contract.security}${status}`,
      errorResponse(status, contract.security),
    ]),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => String(a).localeCompare(String(b))));
}

function paths(): Json {
  const byPath: Record<string, Json> = {};
  for (const route of API_ROUTES) {
    const contract = ROUTE_CONTRACTS[`${route.method} ${route.path}` as RouteKey];
    byPath[route.path] = { ...byPath[route.path], [route.method.toLowerCase()]: operation(route, contract) };
  }
  return byPath;
}

/**
 * The district's API as an OpenAPI 3.1 document: every route of API_ROUTES with the schemas its
 * handler validates with, what it answers, its errors and how its callers prove who they are.
 * `serverUrl` is where the API is reached (the local run's origin, the stack's endpoint).
 */
export function openApiDocument(options: { serverUrl: string }) {
  const tags = [...new Set(Object.values(ROUTE_CONTRACTS).map((contract) => contract.tag))];
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: SCHEMA_BASE,
    info: {
      title: 'Sanzhang district API (三长联动)',
      version: '1',
      description:
        'Requests and their lifecycle, the district tree, households, points and rewards, intake. ' +
        'Generated from the route table and the schemas the handlers validate with (docs/api.md).',
    },
    servers: [{ url: options.serverUrl }],
    tags: tags.map((name) => ({ name })),
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      responses: errorComponents(),
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}

function componentSchemas(): Json {
  const { schemas } = z.toJSONSchema(components, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(
    Object.entries(schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, { $id: _id, $schema: _schema, ...schema }]) => [id, schema]),
  );
}
