import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  PHOTO_CONTENT_TYPES,
  PHOTO_PURPOSES,
  UPLOAD_KEY_PATTERN,
} from '../../domain/photos.js';
import * as z from '../../zod.js';

/** POST /uploads: what the caller will upload; the answer is a form for exactly that. */
export const uploadRequestBody = z.strictObject({
  purpose: z.enum(PHOTO_PURPOSES),
  contentType: z.enum(PHOTO_CONTENT_TYPES),
  /** The file's size in bytes: the form accepts no larger file. */
  size: z.number().check(z.int(), z.gte(1), z.lte(MAX_PHOTO_BYTES)),
});

/** The form: POST `fields` then the file (as the last field, `file`) to `url` as multipart/form-data. */
export const uploadResponse = z.object({
  key: z.string(),
  url: z.url(),
  fields: z.record(z.string(), z.string()),
  expiresAt: z.iso.datetime(),
});

/** A key POST /uploads gave: the service checks it is the caller's own, and uploaded. */
export const photoKey = z.string().check(z.regex(UPLOAD_KEY_PATTERN, 'must be a key from POST /uploads'));

/** Photos on a request: keys of the caller's uploads, or http(s) links (partners' forms, staff). */
export const requestPhotos = z._default(
  z
    .array(
      z.union([photoKey, z.url({ protocol: /^https?$/ })], {
        error: 'must be a key from POST /uploads or an http(s) URL',
      }),
    )
    .check(z.maxLength(MAX_PHOTOS)),
  [],
);

/** Photos on a resolution: keys of the leader's uploads. */
export const resolutionPhotos = z.optional(z.array(photoKey).check(z.maxLength(MAX_PHOTOS)));
