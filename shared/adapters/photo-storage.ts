import type { PhotoContentType } from '../domain/photos.js';

/** A form the browser posts the file with, straight to storage: the URL and the fields to send before the file. */
export interface PhotoUpload {
  key: string;
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

export interface UploadRequest {
  key: string;
  contentType: PhotoContentType;
  /** The largest file the form accepts, in bytes. */
  maxBytes: number;
}

/**
 * The photo storage port: S3 in AWS (a presigned POST to upload, HEAD to check, a presigned GET to
 * show), a directory behind the local server on a laptop. The storage itself enforces what the
 * form allows (its size range, the exact content type, the key, the expiry).
 */
export interface PhotoStorage {
  presignUpload(request: UploadRequest): Promise<PhotoUpload>;
  /** Whether an upload finished under the key. */
  exists(key: string): Promise<boolean>;
  /** A short-lived link that shows the photo. */
  linkTo(key: string): Promise<string>;
}
