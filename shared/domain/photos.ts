/**
 * Photos residents and leaders attach: uploaded straight to the district's photo storage, then
 * named on a request by the key the server chose. Partners' forms name photos by URL instead;
 * a request keeps either, and only keys are in our storage.
 */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** What a photo is uploaded for: a resident's request, or a leader's resolution of one. */
export const PHOTO_PURPOSES = ['request-photo', 'resolution-photo'] as const;
export type PhotoPurpose = (typeof PHOTO_PURPOSES)[number];

/** A phone photo is 2–5 MB; twice the largest leaves room, and keeps a stray video out. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Photos on one request, and on one resolution (WeChat's picker allows 9 at a time). */
export const MAX_PHOTOS = 9;
/** How long an upload form stays valid: long enough for a slow phone network, short enough not to be kept. */
export const UPLOAD_SECONDS = 10 * 60;
/** How long a link to a stored photo works: a page showing a request reloads it long before. */
export const PHOTO_LINK_SECONDS = 15 * 60;

const UPLOADS = 'uploads/';
/** `uploads/<personId>/<uuid>`: what a key from POST /uploads looks like. */
export const UPLOAD_KEY_PATTERN =
  /^uploads\/([a-z0-9-]{2,64})\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The key of one upload: the uploader's id, then a random id, so a key names whose it is. */
export const uploadKey = (personId: string, uuid: string): string => `${UPLOADS}${personId}/${uuid}`;

/** A photo named by a key in our storage (anything else on a request is a partner's URL). */
export const isUploadKey = (photo: string): boolean => photo.startsWith(UPLOADS);

/** Who uploaded a key; undefined when it is not a well-formed upload key. */
export function uploaderOf(key: string): string | undefined {
  return UPLOAD_KEY_PATTERN.exec(key)?.[1];
}
