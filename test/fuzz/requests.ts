import fc from 'fast-check';
import { API_ROUTES } from '../../shared/http/routes.js';

export type ApiRoute = (typeof API_ROUTES)[number];
export const routeKey = (route: ApiRoute) => `${route.method} ${route.path}`;

/** One malformed (or nearly well-formed) request, and what was done to it, for the counts and the report. */
export interface FuzzRequest {
  route: string;
  method: string;
  /** Path and query, already encoded (or deliberately mis-encoded). */
  target: string;
  headers: Record<string, string>;
  body?: string;
  /** `auth=… path=… query=… body=…`: how the case was made. */
  shape: string;
  /** The token is a real person's, validly signed: a 401 from the gateway would be wrong. */
  validToken: boolean;
  /** The request is broken at the gateway's level (encoding, Host): its own 400 is fine. */
  gatewayMalformed: boolean;
}

/** What the generators need from the running system: real ids, real tokens, forged ones, partners' secrets. */
export interface FuzzContext {
  /** Real ids by path parameter kind (`nodes`, `people`, `requests`, … `month`, `action`, `file`, `token`). */
  ids: Record<string, string[]>;
  /** Validly signed tokens of demo people (resident, leaders, staff, the admin). */
  validTokens: string[];
  /**
   * Forged or broken tokens by kind (unsigned, wrong key, alg none, expired…); kinds starting with
   * `signed-` are validly signed but claim what the person is not (unknown, another household).
   */
  forgedTokens: Record<string, string>;
  /** The demo's signed partner's secret (our HMAC scheme), and the Open311 partner's key. */
  signedSecret: string;
  apiKey: string;
  /** HMAC signature header of our scheme, for tampering: (secret, unix seconds, body) → header. */
  sign: (secret: string, at: number, body: string) => string;
  /** Now, in unix seconds (the signature's timestamp is checked against it). */
  nowSeconds: () => number;
}

const CONTROL = ['\u0000', '\u0007', '\u001b', '\u007f', '\r\n', '\u2028'];
const BIDI = ['\u202e', '\u202d', '\u2066', '\u2067', '\u200f', '\u061c', '\ufeff'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty'];

/** A value in a URL or a form as a client encodes it (a lone surrogate becomes U+FFFD, as in any UTF-8 client). */
const percentEncode = (value: string) => encodeURIComponent(value.toWellFormed());

/** Strings a careless handler chokes on: huge, control and bidirectional characters, prototype names… */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'x'.repeat(3000),
    '界'.repeat(1500),
    '\u202e' + 'x'.repeat(2999),
    ...PROTO_KEYS,
    'attribute[__proto__]',
    '../../etc/passwd',
    '%00',
    'null',
    'undefined',
    'NaN',
    '-1',
    '1e309',
    '9007199254740993',
    '0x1F',
    '<script>alert(1)</script>',
    "' OR '1'='1",
    '{"$ne":null}',
    'REJECTED#x',
    'PK#x|SK',
    '\ud800',
    '😀'.repeat(600),
  ),
  fc
    .tuple(fc.constantFrom(...CONTROL, ...BIDI), fc.string({ maxLength: 20 }))
    .map(([c, s]) => `${s}${c}${s}`),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1025, max: 4000 }).map((n) => 'a'.repeat(n)),
);

/** Values of the wrong type (or the right type, out of range) for a JSON field. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(
    null,
    true,
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_VALUE,
    1e308,
    [],
    {},
    [null],
    JSON.parse('{"__proto__":{"isAdmin":true}}') as unknown,
  ),
  fc.double(),
  fc.bigInt().map((n) => Number(n)),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...PROTO_KEYS, 'a'), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** A path segment's raw text, encoded or deliberately mis-encoded. */
const INVALID_ENCODINGS = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%ED%A0%80', 'a%2', '%%41', '%u202e'];

/** JSON texts no schema can take as they are: hostile nesting, numbers and keys, broken syntax. */
const RAW_BODIES: fc.Arbitrary<[string, string]> = fc.oneof(
  fc
    .integer({ min: 1000, max: 20_000 })
    .map((depth): [string, string] => ['deep-array', '['.repeat(depth) + ']'.repeat(depth)]),
  fc
    .integer({ min: 1000, max: 5000 })
    .map((depth): [string, string] => ['deep-object', '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)]),
  fc.constantFrom<[string, string]>(
    ['proto-json', '{"__proto__":{"isAdmin":true,"role":"district_admin"},"constructor":{"prototype":{}}}'],
    ['proto-json', '{"toString":"x","valueOf":1,"hasOwnProperty":null}'],
    ['huge-number', '{"points":1e999,"hours":-1e999,"pricePoints":123456789012345678901234567890}'],
    ['huge-number', '1e999'],
    ['broken-json', '{"a":'],
    ['broken-json', "{'a':1}"],
    ['broken-json', '{"a":1,}'],
    ['broken-json', '\ufeff{"a":1}'],
    ['broken-json', '{"a":NaN}'],
    ['broken-json', '\u0000'],
    ['not-object', 'null'],
    ['not-object', '[]'],
    ['not-object', '"text"'],
    ['not-object', '42'],
    ['duplicate-keys', '{"note":"a","note":{"x":1}}'],
  ),
  fc.string({ unit: 'binary', maxLength: 200 }).map((text): [string, string] => ['random-text', text]),
  fc.jsonValue({ maxDepth: 4 }).map((value): [string, string] => ['random-json', JSON.stringify(value)]),
  fc
    .integer({ min: 200_000, max: 300_000 })
    .map((size): [string, string] => ['oversized', JSON.stringify({ description: 'x'.repeat(size) })]),
);

/** Form bodies (Open311 POSTs, and anything else sent as a form). */
const FORM_BODIES: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constantFrom<[string, string]>(
    ['form-proto', '__proto__=x&constructor=y&toString=z&attribute[__proto__]=1&attribute[constructor]=2'],
    ['form-proto', '__proto__[isAdmin]=true&attribute[toString]=x&service_code=repair'],
    // Everything else a GeoReport POST needs is there: only the keys are wrong.
    ...PROTO_KEYS.map((key): [string, string] => [
      'form-proto',
      `service_code=repair&lat=30.27&long=120.16&description=%E8%B7%AF%E7%81%AF&${key}=1&attribute[${key}]=1`,
    ]),
    ['form-bad-encoding', 'service_code=%zz&description=%E0%A4%A&lat=%'],
    ['form-huge-number', 'service_code=repair&lat=1e999&long=-1e999&description=abc'],
  ),
  fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...PROTO_KEYS), hostileString), hostileString), { maxLength: 5 })
    .map((pairs): [string, string] => [
      'form-random',
      pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&'),
    ]),
);

/** The well-formed body each route takes, to be broken in one place (routes without one get the others). */
function templates(context: FuzzContext): Record<string, Record<string, unknown>> {
  const node = context.ids.nodes?.[0] ?? 'cm-yinrong';
  const person = context.ids.people?.[0] ?? 'p-admin';
  const household = context.ids.households?.[0] ?? 'hh-x';
  const note = { note: '楼道灯已修好' };
  return {
    'POST /requests': { category: 'repair', description: '楼道灯不亮了', priority: 'normal', photos: [] },
    'POST /requests/{id}/{action}': { ...note, rating: 5 },
    'POST /uploads': { purpose: 'request-photo', contentType: 'image/jpeg', size: 350_000 },
    'POST /nodes': { id: 'gd-fuzz-1', type: 'grid', name: '测试网格', parentId: node },
    'PATCH /nodes/{id}': { name: '新名字' },
    'POST /nodes/{id}/move': { parentId: node },
    'PUT /nodes/{id}/post': { personId: person },
    'PUT /nodes/{id}/deputy': { personId: person },
    'PUT /nodes/{id}/post/away': { away: true },
    'POST /households': {
      id: 'hh-fuzz-1',
      unitId: node,
      room: '101',
      residents: [{ personId: 'p-fuzz-1', name: '张三', phone: '+8613800000000', relation: '户主' }],
      tags: [],
      needs: [],
    },
    'PATCH /households/{id}': { room: '102' },
    'POST /people': { id: 'p-fuzz-1', name: '张三', phone: '+8613800000000' },
    'PATCH /people/{id}': { name: '李四' },
    'POST /regrid': { buildingIds: [node], toGridId: node },
    'POST /providers': {
      id: 'sf-fuzz-1',
      kind: 'staff',
      name: '测试员',
      scope: node,
      memberIds: [person],
      specialities: ['repair'],
    },
    'POST /points/awards': { personId: person, points: 5, reason: '帮助邻居' },
    'POST /points/volunteer-hours': { personId: person, hours: 1.5, activity: '清扫', date: '2026-11-20' },
    'POST /rewards': { id: 'rw-fuzz-1', name: '大米', pricePoints: 10, stock: 5, scope: node },
    'PATCH /rewards/{id}': { stock: 3 },
    'POST /partners': {
      id: 'pt-fuzz-1',
      name: '测试伙伴',
      format: 'sanzhang',
      scope: node,
      defaultCategory: 'repair',
      mapping: {},
    },
    'PATCH /partners/{id}': { name: '新伙伴' },
    'POST /partners/{id}/secrets': { secret: 's'.repeat(32) },
    'POST /intake/{partnerId}': {
      submissionId: 'fuzz-1',
      description: '路灯不亮',
      address: '银融社区',
      householdId: household,
    },
    'POST /intake/{partnerId}/{token}': { submissionId: 'fuzz-1', description: '路灯不亮' },
    'POST /auth/codes': { phone: '+8613800000000' },
    'POST /auth/tokens': { phone: '+8613800000000', code: '123456' },
    'POST /auth/sign-out': { refreshToken: 'r'.repeat(43) },
  };
}

const HOSTILE_KEYS = fc.constantFrom(...PROTO_KEYS, 'attribute[__proto__]', 'PK', 'SK', '');

/** The route's own body with exactly one thing wrong: a field of the wrong type or size, gone, or one too many. */
function almostValid(template: Record<string, unknown>): fc.Arbitrary<[string, string]> {
  const fields = Object.keys(template);
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...fields), hostileValue)
      .map(([field, value]): [string, string] => [
        `almost-valid(${field}=hostile)`,
        JSON.stringify({ ...template, [field]: value }),
      ]),
    fc
      .constantFrom(...fields)
      .map((field): [string, string] => [
        `almost-valid(${field} missing)`,
        JSON.stringify(Object.fromEntries(Object.entries(template).filter(([key]) => key !== field))),
      ]),
    fc
      .tuple(HOSTILE_KEYS, hostileValue)
      .map(([key, value]): [string, string] => [
        `almost-valid(extra key ${JSON.stringify(key).slice(0, 30)})`,
        JSON.stringify(template).replace(
          /^\{/,
          `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'},`,
        ),
      ]),
  );
}

/** Which real ids fit a path parameter, by the route's first segment or the parameter's name. */
function realValues(context: FuzzContext, route: ApiRoute, name: string): string[] {
  const resource = route.path.split('/')[1] ?? '';
  const byName: Record<string, string> = {
    action: 'action',
    month: 'month',
    file: 'file',
    token: 'token',
    personId: 'people',
    partnerId: 'partners',
    secretId: 'secretIds',
    keyId: 'keyIds',
  };
  const kind = byName[name] ?? resource;
  // Only requests can be posted to Open311: the other files stop at "not found".
  if (name === 'file' && route.method === 'POST') return ['requests.json', 'requests.xml'];
  return context.ids[kind] ?? ['x'];
}

function pathArbitrary(context: FuzzContext, route: ApiRoute): fc.Arbitrary<[string, string, boolean]> {
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const segment = (name: string): fc.Arbitrary<[string, string, boolean]> =>
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .constantFrom(...realValues(context, route, name))
          .map((v): [string, string, boolean] => ['real', v, false]),
      },
      {
        weight: 3,
        arbitrary: hostileString
          .filter((v) => v.length > 0)
          .map((v): [string, string, boolean] => ['hostile', v, false]),
      },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom(...INVALID_ENCODINGS)
          .map((raw): [string, string, boolean] => ['bad-encoding', raw, true]),
      },
    );
  return fc.tuple(...names.map(segment)).map((segments) => {
    let index = 0;
    let gatewayMalformed = false;
    const kinds: string[] = [];
    const path = route.path.replace(/\{(\w+)\}/g, () => {
      const [kind, value, raw] = segments[index++] as [string, string, boolean];
      kinds.push(kind);
      gatewayMalformed ||= raw;
      return raw ? value : percentEncode(value);
    });
    return [path, kinds.join(',') || 'fixed', gatewayMalformed];
  });
}

const QUERY_NAMES = [
  'limit',
  'cursor',
  'node',
  'scope',
  'status',
  'assignee',
  'householdId',
  'personId',
  'community',
  'api_key',
  'service_request_id',
  'start_date',
  'end_date',
  'service_code',
  '__proto__',
  'constructor',
  'toString',
];

/** A query string: none, a forged cursor (more often on a GET: the listings take one), hostile parameters, or bad encoding. */
function queryArbitrary(context: FuzzContext, method: string): fc.Arbitrary<[string, string, boolean]> {
  const cursor = fc.oneof(
    fc.constantFrom('eyJhIjoxfQ', 'eyJhIjoxfQ==', 'e30', 'bnVsbA', 'W10', '%%%', 'x'.repeat(3000)),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc
      .jsonValue({ maxDepth: 2 })
      .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url')),
  );
  const value = fc.oneof(
    hostileString,
    cursor,
    fc.constantFrom(...(context.ids.nodes ?? []), ...(context.ids.people ?? []), '1', '250', '0', '101'),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<[string, string, boolean]>(['', 'none', false]) },
    {
      weight: method === 'GET' ? 4 : 1,
      arbitrary: cursor.map((c): [string, string, boolean] => [
        `?cursor=${percentEncode(c)}`,
        'cursor',
        false,
      ]),
    },
    {
      weight: 4,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...QUERY_NAMES), value), { minLength: 1, maxLength: 4 })
        .map((pairs): [string, string, boolean] => [
          '?' + pairs.map(([name, v]) => `${name}=${percentEncode(v)}`).join('&'),
          `params(${pairs.map(([name]) => name).join(',')})`,
          false,
        ]),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('?cursor=%zz', '?limit=%', '?node=%E0%A4%A', '?a=1&&&=&%=%')
        .map((raw): [string, string, boolean] => [raw, 'bad-encoding', true]),
    },
  );
}

function authArbitrary(context: FuzzContext): fc.Arbitrary<[string, string | undefined, boolean]> {
  const forged = Object.entries(context.forgedTokens);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(...context.validTokens)
        .map((t): [string, string, boolean] => ['valid', `Bearer ${t}`, true]),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(...forged)
        .map(([kind, t]): [string, string, boolean] => [kind, `Bearer ${t}`, kind.startsWith('signed-')]),
    },
    { weight: 1, arbitrary: fc.constant<[string, undefined, boolean]>(['none', undefined, false]) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          'Bearer',
          'Bearer ',
          'Basic YWRtaW46YWRtaW4=',
          `Bearer ${'x'.repeat(3000)}`,
          'Bearer a.b.c',
        )
        .map((h): [string, string, boolean] => ['garbage', h, false]),
    },
  );
}

/** Headers a partner sends: our signature (right, tampered, stale, another body's), or none. */
function intakeHeaders(context: FuzzContext, body: string): fc.Arbitrary<[string, Record<string, string>]> {
  const now = context.nowSeconds();
  const right = context.sign(context.signedSecret, now, body);
  return fc.constantFrom<[string, Record<string, string>]>(
    ['sig-none', {}],
    ['sig-valid', { 'sanzhang-signature': right }],
    [
      'sig-tampered',
      { 'sanzhang-signature': right.replace(/v1=(.)/, (_m, c: string) => `v1=${c === 'a' ? 'b' : 'a'}`) },
    ],
    ['sig-wrong-key', { 'sanzhang-signature': context.sign('not-the-secret-at-all', now, body) }],
    ['sig-stale', { 'sanzhang-signature': context.sign(context.signedSecret, now - 86_400, body) }],
    ['sig-other-body', { 'sanzhang-signature': context.sign(context.signedSecret, now, `${body} `) }],
    ['sig-garbage', { 'sanzhang-signature': asHeader('t=abc,v1=\u202e' + 'f'.repeat(3000)) }],
  );
}

/** One request for a route of the table: its path, query, token, headers and body each valid or broken. */
export function fuzzRequest(context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const bodies = templates(context);
  return fc.constantFrom(...API_ROUTES).chain((route) => {
    const key = routeKey(route);
    const template = bodies[key];
    const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
    const body: fc.Arbitrary<[string, string | undefined]> = fc.oneof(
      { weight: hasBody ? 1 : 4, arbitrary: fc.constant<[string, undefined]>(['none', undefined]) },
      ...(template ? [{ weight: 6, arbitrary: almostValid(template) }] : []),
      { weight: 3, arbitrary: RAW_BODIES },
      { weight: route.path.startsWith('/open311') ? 4 : 1, arbitrary: FORM_BODIES },
    );
    const contentType = fc.constantFrom(
      'application/json',
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-7',
    );
    const extraHeaders = fc.record(
      {
        'idempotency-key': fc.oneof(fc.constantFrom('fuzz-key-00000001'), hostileString.map(asHeader)),
        // Rare: a malformed Host stops a request before any route, so it must not crowd the rest out.
        host: fc.oneof(
          { weight: 15, arbitrary: fc.constant(undefined) },
          {
            weight: 1,
            arbitrary: fc.constantFrom('bad host', '[::1', 'a'.repeat(300), ':::', 'localhost:99999'),
          },
        ),
        'x-forwarded-for': hostileString.map(asHeader),
      },
      { requiredKeys: [] },
    );
    return fc
      .tuple(
        pathArbitrary(context, route),
        queryArbitrary(context, route.method),
        authArbitrary(context),
        body,
        contentType,
        extraHeaders,
        fc.boolean(),
      )
      .chain(
        ([
          [path, pathShape, badPath],
          [query, queryShape, badQuery],
          auth,
          [bodyShape, text],
          type,
          extra,
          withApiKey,
        ]) => {
          const headers: Record<string, string> = { 'content-type': type };
          for (const [name, value] of Object.entries(extra)) if (value !== undefined) headers[name] = value;
          const [authShape, authorization, validToken] = auth;
          if (authorization) headers.authorization = authorization;
          let target = `${path}${query}`;
          let sent = text;
          // GeoReport v2 takes the key as a POST's form field, and as a query parameter on a GET.
          if (route.path.startsWith('/open311') && withApiKey) {
            const field = `api_key=${percentEncode(context.apiKey)}`;
            if (route.method === 'POST' && bodyShape.startsWith('form'))
              sent = text ? `${text}&${field}` : field;
            else target += `${query ? '&' : '?'}${field}`;
          }
          const base = {
            route: key,
            method: route.method,
            target,
            headers,
            ...(sent !== undefined ? { body: sent } : {}),
            validToken,
            gatewayMalformed: badPath || badQuery || extra.host !== undefined,
          };
          const shape = (more: string) =>
            `auth=${authShape} path=${pathShape} query=${queryShape} body=${bodyShape}${more}${extra.host !== undefined ? ' host=bad' : ''}`;
          if (!route.path.startsWith('/intake/')) return fc.constant({ ...base, shape: shape('') });
          return intakeHeaders(context, text ?? '').map(([signatureShape, signature]) => ({
            ...base,
            headers: { ...headers, ...signature },
            shape: shape(` ${signatureShape}`),
          }));
        },
      );
  });
}

/** A header carries bytes: a string's UTF-8 as a raw client sends it, without the controls HTTP forbids. */
function asHeader(value: string): string {
  const forbidden = (code: number) => code !== 9 && (code < 32 || code === 127);
  return [...Buffer.from(value, 'utf8').toString('latin1')]
    .map((char) => (forbidden(char.charCodeAt(0)) ? '?' : char))
    .join('')
    .slice(0, 4000);
}
