/**
 * Our own signed webhook, for partners who can sign (a property-management system, a hotline's
 * CRM). Signed as Stripe signs (https://docs.stripe.com/webhooks#verify-manually):
 * `sanzhang-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`, one `v1`
 * per active secret during a rotation. The body is our schema, so no mapping applies.
 */
import { createHmac } from 'node:crypto';
import { PRIORITIES } from '../../../config/vocabulary.js';
import { UnauthorizedError, ValidationError } from '../../../errors.js';
import { parseWith } from '../../../http/parse.js';
import * as z from '../../../zod.js';
import type {
  IntakeFormatAdapter,
  IntakeSubmission,
  PartnerFormat,
  RawDelivery,
} from '../../../domain/intake-submission.js';
import { addressHint, MAX_PHOTOS } from './answers.js';
import { mediaType, parseDeliveryBody } from './body.js';
import { composeDescription, contactPhone, DESCRIPTION_MAX } from './contact.js';
import { anySecretMatches } from '../../../domain/intake-secrets.js';

/** How far a signature's timestamp may be from now, either way: an old delivery replayed is refused. */
export const SIGNATURE_WINDOW_SECONDS = 300;

const HEADER = 'sanzhang-signature';

const sign = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');

/** The header value a partner sends: `t=<timestampSeconds>,v1=<hex HMAC>`. */
export function signatureHeader(secret: string, timestampSeconds: number, body: string): string {
  return `t=${timestampSeconds},v1=${sign(secret, String(timestampSeconds), body)}`;
}

function readHeader(value: string | undefined): { timestamp: string; signatures: string[] } {
  if (!value) {
    throw new UnauthorizedError(
      `The delivery has no ${HEADER} header: send t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">.`,
    );
  }
  const pairs = value.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part.trim(), ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestamps = pairs.filter(([key]) => key === 't').map(([, text]) => text);
  const signatures = pairs.filter(([key, text]) => key === 'v1' && text).map(([, text]) => text ?? '');
  const [timestamp] = timestamps;
  if (
    timestamps.length !== 1 ||
    timestamp === undefined ||
    !/^\d{1,12}$/.test(timestamp) ||
    signatures.length === 0
  ) {
    throw new UnauthorizedError(
      `The ${HEADER} header is malformed: expected one t=<unix seconds> and at least one v1=<hex HMAC>.`,
    );
  }
  return { timestamp, signatures };
}

const text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
const addressPart = z.optional(text(40));
const degrees = (limit: number) => z.optional(z.number().check(z.gte(-limit), z.lte(limit)));

const body = z.strictObject({
  submissionId: z.string().check(z.regex(/^[\w.:-]{1,64}$/, 'must be 1–64 letters, digits, _ - . or :')),
  description: z.string().check(z.trim(), z.minLength(2), z.maxLength(DESCRIPTION_MAX)),
  category: z.optional(z.string()),
  priority: z.optional(z.enum(PRIORITIES)),
  phone: z.optional(text(40)),
  name: z.optional(text(40)),
  householdId: z.optional(text(64)),
  address: z.optional(text(200)),
  community: addressPart,
  building: addressPart,
  unit: addressPart,
  room: addressPart,
  photos: z.optional(z.array(z.url({ protocol: /^https?$/ })).check(z.maxLength(MAX_PHOTOS))),
  lat: degrees(90),
  long: degrees(180),
});

/** Form fields as the JSON schema reads them: photos repeated or comma-separated, coordinates as numbers. */
function fromForm(fields: Record<string, unknown>): Record<string, unknown> {
  const { photos, lat, long, ...rest } = fields;
  const number = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return {
    ...rest,
    ...(photos === undefined
      ? {}
      : {
          photos: [photos]
            .flat()
            .flatMap((item) => String(item).split(','))
            .map((url) => url.trim())
            .filter(Boolean),
        }),
    ...(lat === undefined ? {} : { lat: number(lat) }),
    ...(long === undefined ? {} : { long: number(long) }),
  };
}

function read(delivery: RawDelivery, partner: PartnerFormat): IntakeSubmission {
  const fields = parseDeliveryBody(delivery);
  const isForm = mediaType(delivery) === 'application/x-www-form-urlencoded';
  const input = parseWith(body, isForm ? fromForm(fields) : fields, 'body');
  if (input.category !== undefined && !partner.categories.includes(input.category)) {
    throw new ValidationError(`Category ${input.category} is not one of this district's.`, [
      { field: 'category', message: `must be one of: ${partner.categories.join(', ')}` },
    ]);
  }
  if ((input.lat === undefined) !== (input.long === undefined)) {
    const missing = input.lat === undefined ? 'lat' : 'long';
    throw new ValidationError('A location needs both lat and long.', [
      { field: missing, message: 'required with the other coordinate' },
    ]);
  }
  const contact = contactPhone(input.phone ?? '');
  return {
    externalId: input.submissionId,
    category: input.category,
    description: composeDescription(input.description, contact.note),
    priority: input.priority,
    photos: input.photos ?? [],
    contactName: input.name,
    phone: contact.phone,
    householdId: input.householdId,
    address: addressHint({
      text: input.address,
      community: input.community,
      building: input.building,
      unit: input.unit,
      room: input.room,
    }),
    location:
      input.lat !== undefined && input.long !== undefined ? { lat: input.lat, long: input.long } : undefined,
  };
}

export const sanzhangFormat: IntakeFormatAdapter = {
  authenticate(delivery, partner, now) {
    const { timestamp, signatures } = readHeader(delivery.headers[HEADER]);
    if (!anySecretMatches(signatures, partner.secrets, (secret) => sign(secret, timestamp, delivery.body))) {
      throw new UnauthorizedError(
        'No active secret of this partner signed this delivery: sign the exact body bytes as "<t>.<body>".',
      );
    }
    const skew = now.getTime() / 1000 - Number(timestamp);
    if (Math.abs(skew) > SIGNATURE_WINDOW_SECONDS) {
      throw new UnauthorizedError(
        `The signature is ${Math.round(Math.abs(skew))} s ${skew > 0 ? 'old' : 'in the future'} (more than ${SIGNATURE_WINDOW_SECONDS} s): sign each delivery when sending it.`,
      );
    }
  },
  read,
};
