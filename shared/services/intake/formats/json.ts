/**
 * The generic JSON format: a form product beyond the four named is configuration, not code. The
 * partner's `json` config says where the delivery id is, which events create requests, how the
 * product proves a delivery (URL token, a header or field equal to a secret, or a signature over a template
 * of body, timestamp and nonce) and how its URL-verification handshake is answered; its mapping
 * selects fields by JSONPath (RFC 9535, evaluated by `jsonpath-rfc9535`) over nested objects and arrays.
 */
import { createHash, createHmac } from 'node:crypto';
import { query, type JsonValue } from 'jsonpath-rfc9535';
import parseJsonPath from 'jsonpath-rfc9535/parser';
import { UnauthorizedError, ValidationError, type FieldProblem } from '../../../errors.js';
import type {
  FieldMapping,
  IntakeFormatAdapter,
  JsonFormatConfig,
  JsonProof,
  PartnerFormat,
  RawDelivery,
  ValueSource,
} from '../../../domain/intake-submission.js';
import { answerText } from './answers.js';
import { parseDeliveryBody } from './body.js';
import { applyMapping } from './mapping.js';
import { anySecretMatches, authenticatePathToken } from '../../../domain/intake-secrets.js';

/** A signature's default replay window, either way, where the product sends a timestamp. */
export const JSON_SIGNATURE_WINDOW_SECONDS = 300;
/** The longest delivery id kept: it is hashed into the key, but stored and shown as given. */
const MAX_DELIVERY_ID = 256;

const NAMED_SOURCE = /^(header|query):([\w.-]{1,64})$/;

/** The values at a source: a JSONPath's matches over the body, or the header or query parameter. */
function valuesAt(source: ValueSource, body: unknown, delivery: RawDelivery): unknown[] {
  const named = NAMED_SOURCE.exec(source);
  if (named) {
    const [, where, name = ''] = named;
    const value = where === 'header' ? delivery.headers[name.toLowerCase()] : delivery.query[name];
    return value === undefined ? [] : [value];
  }
  return body === undefined ? [] : query(body as JsonValue, source);
}

/** One answer from a source's values: nothing, the one value, or all of them (a list). */
const answerOf = (values: unknown[]): unknown => (values.length <= 1 ? values[0] : values);
const textAt = (source: ValueSource, body: unknown, delivery: RawDelivery) =>
  answerText(answerOf(valuesAt(source, body, delivery)));

/** The body as JSON when it is, for handshakes and signatures that read it; nothing otherwise. */
function jsonOrNothing(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function configOf(partner: PartnerFormat): JsonFormatConfig {
  if (!partner.json) {
    throw new ValidationError('The partner has no json configuration.', [
      { field: 'json', message: 'required' },
    ]);
  }
  return partner.json;
}

const fill = (template: string, values: Record<string, string>) =>
  // One pass: a body that contains `{secret}` is not substituted again.
  template.replace(/\{(body|timestamp|nonce|secret)\}/g, (_match, name: string) => values[name] ?? '');

function signed(proof: Extract<JsonProof, { type: 'signature' }>, text: string, secret: string): string {
  const [kind, algorithm] = proof.algorithm.startsWith('hmac-')
    ? ['hmac', proof.algorithm.slice(5)]
    : ['hash', proof.algorithm];
  const digest = kind === 'hmac' ? createHmac(algorithm, secret) : createHash(algorithm);
  return digest.update(text, 'utf8').digest(proof.encoding);
}

function verifySignature(
  delivery: RawDelivery,
  partner: PartnerFormat,
  proof: Extract<JsonProof, { type: 'signature' }>,
  now: Date,
): void {
  const body = jsonOrNothing(delivery.body);
  const at = (source: ValueSource | undefined) => (source ? textAt(source, body, delivery) : '');
  let given = at(proof.signature);
  if (proof.prefix && given.startsWith(proof.prefix)) given = given.slice(proof.prefix.length);
  if (!given) throw new UnauthorizedError(`The delivery has no signature (${proof.signature}).`);
  if (proof.encoding === 'hex') given = given.toLowerCase();
  const timestamp = at(proof.timestamp);
  const nonce = at(proof.nonce);
  if (proof.timestamp && !timestamp) {
    throw new UnauthorizedError(`The delivery has no timestamp (${proof.timestamp}).`);
  }
  if (proof.nonce && !nonce) throw new UnauthorizedError(`The delivery has no nonce (${proof.nonce}).`);
  const values = { body: delivery.body, timestamp, nonce };
  if (
    !anySecretMatches([given], partner.secrets, (secret) =>
      signed(proof, fill(proof.template, { ...values, secret }), secret),
    )
  ) {
    throw new UnauthorizedError(
      `The signature (${proof.signature}) was not made with an active secret of this partner over ${proof.template}.`,
    );
  }
  const window = proof.windowSeconds ?? JSON_SIGNATURE_WINDOW_SECONDS;
  if (!proof.timestamp || window === 0) return;
  if (!/^\d{1,13}$/.test(timestamp)) {
    throw new UnauthorizedError(`The timestamp (${proof.timestamp}) is not unix seconds or milliseconds.`);
  }
  // Thirteen digits are milliseconds (飞书, 钉钉), ten are seconds.
  const seconds = timestamp.length > 11 ? Number(timestamp) / 1000 : Number(timestamp);
  const skew = now.getTime() / 1000 - seconds;
  if (Math.abs(skew) > window) {
    throw new UnauthorizedError(
      `The signature is ${Math.round(Math.abs(skew))} s ${skew > 0 ? 'old' : 'in the future'} (more than ${window} s).`,
    );
  }
}

/** The mapping's sources, each once: the answers the mapping reads are keyed by them. */
function mappedSources(mapping: FieldMapping): string[] {
  const { categoryValues: _values, description = [], ...single } = mapping;
  return [...new Set([...description, ...Object.values(single).filter((value) => value !== undefined)])];
}

export const jsonFormat: IntakeFormatAdapter = {
  handshake(delivery, partner) {
    const handshake = partner.json?.handshake;
    if (!handshake) return undefined;
    const body = jsonOrNothing(delivery.body);
    const when = textAt(handshake.when, body, delivery);
    if (handshake.equals === undefined ? when === '' : when !== handshake.equals) return undefined;
    const echo = textAt(handshake.echo, body, delivery);
    return handshake.as === undefined
      ? { contentType: 'text/plain', body: echo }
      : { contentType: 'application/json', body: JSON.stringify({ [handshake.as]: echo }) };
  },
  authenticate(delivery, partner, now) {
    const { proof } = configOf(partner);
    if (proof.type === 'url-token') return authenticatePathToken(delivery, partner);
    if (proof.type === 'signature') return verifySignature(delivery, partner, proof, now);
    const given = textAt(proof.at, jsonOrNothing(delivery.body), delivery);
    if (!given) throw new UnauthorizedError(`The delivery has no secret at ${proof.at}.`);
    if (!anySecretMatches([given], partner.secrets, (secret) => secret)) {
      throw new UnauthorizedError(`The value at ${proof.at} is not an active secret of this partner.`);
    }
  },
  read(delivery, partner) {
    const config = configOf(partner);
    const body = parseDeliveryBody(delivery, ['application/json']);
    if (config.event) {
      const event = textAt(config.event.path, body, delivery);
      if (!config.event.equals.includes(event)) {
        throw new ValidationError(
          `Event "${event.slice(0, 100)}" is not handled: only ${config.event.equals.join(', ')} create a request.`,
          [{ field: config.event.path, message: `must be one of: ${config.event.equals.join(', ')}` }],
        );
      }
    }
    const externalId = textAt(config.deliveryId, body, delivery);
    if (externalId === '' || externalId.length > MAX_DELIVERY_ID) {
      throw new ValidationError(`The delivery id (${config.deliveryId}) is missing or too long.`, [
        { field: config.deliveryId, message: `required, at most ${MAX_DELIVERY_ID} characters` },
      ]);
    }
    const answers = Object.fromEntries(
      mappedSources(partner.mapping).map((source) => [source, answerOf(valuesAt(source, body, delivery))]),
    );
    return { externalId, ...applyMapping(answers, partner, '') };
  },
};

/** A source's problem: a JSONPath that does not parse, or a header/query name that is not one. */
function sourceProblem(source: string, field: string): FieldProblem[] {
  if (NAMED_SOURCE.test(source)) return [];
  if (/^(header|query):/.test(source)) {
    return [{ field, message: 'a header or query name is 1–64 letters, digits, _ . or -' }];
  }
  try {
    parseJsonPath(source);
    return [];
  } catch (error) {
    const why = error instanceof Error ? error.message.slice(0, 160) : 'does not parse';
    return [{ field, message: `not a JSONPath (RFC 9535), header: or query: source: ${why}` }];
  }
}

/**
 * What is wrong with a partner's `json` configuration and JSONPath mapping, each problem naming its
 * field (`mapping.description[0]`, `json.proof.template`): refused when the partner is written.
 */
export function jsonConfigProblems(
  mapping: FieldMapping,
  config: JsonFormatConfig | undefined,
): FieldProblem[] {
  if (!config) return [{ field: 'json', message: 'required for format json' }];
  const { categoryValues: _values, description = [], ...single } = mapping;
  const { proof } = config;
  const sources: [string | undefined, string][] = [
    ...description.map((source, index): [string, string] => [source, `mapping.description[${index}]`]),
    ...Object.entries(single).map(([key, source]): [string | undefined, string] => [
      source,
      `mapping.${key}`,
    ]),
    [config.deliveryId, 'json.deliveryId'],
    [config.event?.path, 'json.event.path'],
    [config.handshake?.when, 'json.handshake.when'],
    [config.handshake?.echo, 'json.handshake.echo'],
    ...(proof.type === 'secret-value' ? ([[proof.at, 'json.proof.at']] as [string, string][]) : []),
    ...(proof.type === 'signature'
      ? ([
          [proof.signature, 'json.proof.signature'],
          [proof.timestamp, 'json.proof.timestamp'],
          [proof.nonce, 'json.proof.nonce'],
        ] as [string | undefined, string][])
      : []),
  ];
  return [
    ...sources.flatMap(([source, field]) => (source === undefined ? [] : sourceProblem(source, field))),
    ...(proof.type === 'signature' &&
    !proof.algorithm.startsWith('hmac-') &&
    !proof.template.includes('{secret}')
      ? [
          {
            field: 'json.proof.template',
            message: `a plain ${proof.algorithm} must hash {secret}, or anyone could sign`,
          },
        ]
      : []),
  ];
}
