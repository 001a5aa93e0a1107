import { PRIORITIES, type Priority } from '../../config/vocabulary.js';
import { ForbiddenError, ValidationError, type FieldProblem } from '../../errors.js';
import { parseWith } from '../../http/parse.js';
import * as z from '../../zod.js';
import { parseAttributes } from './attributes.js';
import { parseForm } from './form.js';
import { findService, SERVICE_ATTRIBUTES, type Category } from './services.js';

/** A POST requests, read and checked; at least one of location, addressString and addressId is there. */
export interface Open311NewRequest {
  /** Present; whether it is valid (403 if not) is the caller's lookup. */
  apiKey: string;
  serviceCode: string;
  location?: { lat: number; long: number };
  addressString?: string;
  /** Our household id. */
  addressId?: string;
  email?: string;
  deviceId?: string;
  accountId?: string;
  firstName?: string;
  lastName?: string;
  /** As given (digits, spaces, dashes, brackets, an optional +). */
  phone?: string;
  /** The service's name when none was given (see parseNewRequest). */
  description: string;
  mediaUrl?: string;
  priority?: Priority;
  building?: string;
  unit?: string;
  room?: string;
}

const text = (max: number) => z.optional(z.string().check(z.maxLength(max, `at most ${max} characters`)));
const coordinate = (limit: number) =>
  z.optional(
    z.pipe(
      z.pipe(
        z.string().check(z.regex(/^[+-]?\d+(\.\d+)?$/, 'must be a decimal number')),
        z.transform(Number),
      ),
      z
        .number()
        .check(
          z.gte(-limit, `must be between -${limit} and ${limit}`),
          z.lte(limit, `must be between -${limit} and ${limit}`),
        ),
    ),
  );

const formSchema = z.object({
  service_code: z.string({ error: 'required: a service_code from GET services' }),
  lat: coordinate(90),
  long: coordinate(180),
  address_string: text(500),
  address_id: z.optional(
    z.string().check(z.regex(/^\S{1,100}$/, 'must be a household id, e.g. hh-yinrong-1-3-2-502')),
  ),
  email: z.optional(z.email('must be an e-mail address')),
  device_id: text(100),
  account_id: text(100),
  first_name: text(50),
  last_name: text(50),
  phone: z.optional(z.string().check(z.regex(/^\+?[\d\s()-]{5,20}$/, 'must be a phone number'))),
  // The spec's limit for a description.
  description: text(4000),
  media_url: z.optional(
    z
      .url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'must be an http or https URL' })
      .check(z.maxLength(2000)),
  ),
});

/**
 * POST requests (application/x-www-form-urlencoded). In order: no api_key → 403; a malformed field
 * or no location → 400 naming every field; an unknown service_code → 404; bad attributes → 400.
 * An empty field counts as not given (the spec's "optional arguments"); jurisdiction_id is ignored
 * (one district per endpoint) and so is any field the spec does not define. description is optional
 * in the spec, so a request without one takes the service's name: the leader still knows the
 * category and the place, and calls the resident for the rest.
 */
export function parseNewRequest(
  event: { body?: string; isBase64Encoded: boolean },
  categories: readonly Category[],
): Open311NewRequest {
  const form = parseForm(event);
  const fields = singleValues(form.fields);
  const apiKey = fields.api_key;
  if (apiKey === undefined) {
    throw new ForbiddenError(
      'Missing api_key: POST requests needs the key the district issued you. 缺少 api_key。',
      [{ field: 'api_key', message: 'required: the key the district issued you (缺少 api_key)' }],
    );
  }
  const parsed = parseWith(formSchema, fields, 'request');
  const location = locationOf(parsed.lat, parsed.long);
  if (!location && parsed.address_string === undefined && parsed.address_id === undefined) {
    throw new ValidationError('The request has no location. 缺少位置。', [
      { field: 'location', message: 'required: lat and long, address_string or address_id' },
    ]);
  }
  const service = findService(parsed.service_code, categories);
  const attributes = parseAttributes(form.attributes, SERVICE_ATTRIBUTES);
  const place = (code: string) => (typeof attributes[code] === 'string' ? attributes[code] : undefined);
  return {
    apiKey,
    serviceCode: service.code,
    ...(location ? { location } : {}),
    addressString: parsed.address_string,
    addressId: parsed.address_id,
    email: parsed.email,
    deviceId: parsed.device_id,
    accountId: parsed.account_id,
    firstName: parsed.first_name,
    lastName: parsed.last_name,
    phone: parsed.phone,
    description: parsed.description ?? service.name,
    mediaUrl: parsed.media_url,
    priority: PRIORITIES.find((priority) => priority === attributes.priority),
    building: place('building'),
    unit: place('unit'),
    room: place('room'),
  };
}

/** Each field's one value, trimmed; empty ones dropped, a field given twice with two values is a 400. */
function singleValues(fields: Record<string, string[]>): Record<string, string> {
  // Null-prototype, as the form's: a field named __proto__ is data, not this object's prototype.
  const single: Record<string, string> = Object.create(null);
  const problems: FieldProblem[] = [];
  for (const [field, values] of Object.entries(fields)) {
    const distinct = [...new Set(values.map((value) => value.trim()).filter(Boolean))];
    if (distinct.length > 1)
      problems.push({ field, message: `given ${distinct.length} times; send it once` });
    else if (distinct[0] !== undefined) single[field] = distinct[0];
  }
  if (problems.length > 0) {
    throw new ValidationError(
      `Fields given more than once: ${problems.map((p) => p.field).join(', ')}`,
      problems,
    );
  }
  return single;
}

function locationOf(
  lat: number | undefined,
  long: number | undefined,
): { lat: number; long: number } | undefined {
  if (lat === undefined && long === undefined) return undefined;
  if (lat === undefined || long === undefined) {
    const missing = lat === undefined ? 'lat' : 'long';
    throw new ValidationError(`${missing} is missing: lat and long go together.`, [
      { field: missing, message: 'required with the other coordinate: send both lat and long' },
    ]);
  }
  return { lat, long };
}
