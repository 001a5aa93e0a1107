import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PHOTO_LINK_SECONDS, UPLOAD_SECONDS } from '../domain/photos.js';
import type { PhotoStorage, PhotoUpload, UploadRequest } from './photo-storage.js';

/**
 * Photos in the district's private bucket. The function's own credentials sign the forms and
 * links, so a form uploads only where its role may put, and a link shows only what its role may get.
 */
export class S3PhotoStorage implements PhotoStorage {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly now: () => number = Date.now,
  ) {}

  async presignUpload({ key, contentType, maxBytes }: UploadRequest): Promise<PhotoUpload> {
    const expiresAt = new Date(this.now() + UPLOAD_SECONDS * 1000).toISOString();
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: UPLOAD_SECONDS,
    });
    return { key, url, fields, expiresAt };
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (error instanceof NotFound) return false;
      throw error;
    }
  }

  linkTo(key: string): Promise<string> {
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), {
      expiresIn: PHOTO_LINK_SECONDS,
    });
  }
}
