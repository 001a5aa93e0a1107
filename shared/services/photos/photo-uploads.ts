import { randomUUID } from 'node:crypto';
import type { PhotoStorage, PhotoUpload } from '../../adapters/photo-storage.js';
import { isResidentOnly, type Access } from '../../domain/access.js';
import {
  isUploadKey,
  uploaderOf,
  uploadKey,
  type PhotoContentType,
  type PhotoPurpose,
} from '../../domain/photos.js';
import { ForbiddenError, UnprocessableError, ValidationError } from '../../errors.js';
import type { Dependencies } from '../../runtime/dependencies.js';

export interface UploadAsked {
  purpose: PhotoPurpose;
  contentType: PhotoContentType;
  size: number;
}

/** The district's photo storage; a function without it was not granted any. */
function storageOf(deps: Dependencies): PhotoStorage {
  if (!deps.photos) throw new Error('no photo storage is configured (PHOTO_BUCKET_NAME)');
  return deps.photos;
}

/**
 * A form to upload one photo straight to storage, under a key the server chooses in the caller's
 * own space; the storage refuses a larger file, another type, another key or a late upload.
 */
export async function startUpload(
  deps: Dependencies,
  access: Access,
  asked: UploadAsked,
): Promise<PhotoUpload> {
  if (asked.purpose === 'resolution-photo' && isResidentOnly(access)) {
    throw new ForbiddenError('Residents do not resolve requests; their leader does.', [
      { field: 'purpose', message: 'resolution photos are for leaders' },
    ]);
  }
  return storageOf(deps).presignUpload({
    key: uploadKey(access.personId, randomUUID()),
    contentType: asked.contentType,
    maxBytes: asked.size,
  });
}

/**
 * The photos a caller names on a request or a resolution: each key their own, uploaded, and named
 * once (links are taken as they are). Checked before anything is written.
 */
export async function checkPhotos(
  deps: Dependencies,
  access: Access,
  photos: readonly string[],
): Promise<void> {
  const keys = photos.map((photo, index) => ({ photo, field: `photos.${index}` }));
  const uploads = keys.filter(({ photo }) => isUploadKey(photo));
  const repeated = uploads.find(
    ({ photo }, index) => uploads.findIndex((other) => other.photo === photo) < index,
  );
  if (repeated) {
    throw new ValidationError('A photo is named twice.', [{ field: repeated.field, message: 'named twice' }]);
  }
  const foreign = uploads.filter(({ photo }) => uploaderOf(photo) !== access.personId);
  if (foreign.length > 0) {
    throw new ForbiddenError(
      'Name only photos you uploaded yourself.',
      foreign.map(({ field }) => ({ field, message: 'not your upload' })),
    );
  }
  if (uploads.length === 0) return;
  const storage = storageOf(deps);
  const found = await Promise.all(uploads.map(({ photo }) => storage.exists(photo)));
  const missing = uploads.filter((_upload, index) => !found[index]);
  if (missing.length > 0) {
    throw new UnprocessableError(
      'A photo was not uploaded (or its upload has not finished).',
      missing.map(({ field }) => ({ field, message: 'no finished upload under this key' })),
    );
  }
}

/** Photos as a reader shows them: a short-lived link for each upload, partners' links as they are. */
export function photoLinks(deps: Dependencies, photos: readonly string[]): Promise<string[]> {
  return Promise.all(photos.map((photo) => (isUploadKey(photo) ? storageOf(deps).linkTo(photo) : photo)));
}
