import { UnsupportedMediaTypeError, ValidationError } from '../../../errors.js';
import type { RawDelivery } from '../../../domain/intake-submission.js';

export const MEDIA_TYPES = ['application/json', 'application/x-www-form-urlencoded'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The delivery's media type, without parameters (`; charset=utf-8`), lower-cased. */
export function mediaType(delivery: RawDelivery): string {
  return (delivery.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** A delivery's body as a plain object: a JSON object, or form fields (a repeated field becomes an array). */
export function parseDeliveryBody(
  delivery: RawDelivery,
  accepts: readonly MediaType[] = MEDIA_TYPES,
): Record<string, unknown> {
  const type = mediaType(delivery);
  if (type === 'application/json' && accepts.includes(type)) return jsonObject(delivery.body);
  if (type === 'application/x-www-form-urlencoded' && accepts.includes(type))
    return formFields(delivery.body);
  throw new UnsupportedMediaTypeError(
    `Content type ${type || '(none)'} is not accepted here: send ${accepts.join(' or ')}.`,
  );
}

function jsonObject(body: string): Record<string, unknown> {
  if (body.trim() === '') {
    throw new ValidationError('The body is empty; send a JSON object.', [
      { field: 'body', message: 'required' },
    ]);
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ValidationError('The body is not valid JSON.', [{ field: 'body', message: 'malformed JSON' }]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('The body must be a JSON object.', [
      { field: 'body', message: 'must be an object' },
    ]);
  }
  return value as Record<string, unknown>;
}

function formFields(body: string): Record<string, unknown> {
  // No prototype: a field named __proto__ stays a field.
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [key, value] of new URLSearchParams(body)) {
    const seen = fields[key];
    fields[key] = seen === undefined ? value : [seen, value].flat();
  }
  return fields;
}
