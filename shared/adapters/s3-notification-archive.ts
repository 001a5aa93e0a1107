import { PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import type { NotificationArchive } from './notification-archive.js';

/** The archive bucket: a conditional put (If-None-Match: *) keeps the first copy of each key. */
export class S3NotificationArchive implements NotificationArchive {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async putOnce(key: string, document: string): Promise<boolean> {
    try {
      await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: document,
          ContentType: 'application/json',
          IfNoneMatch: '*',
        }),
      );
      return true;
    } catch (error) {
      // 412: the object exists. (409, a concurrent conditional put, is thrown: SQS redelivers.)
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412) return false;
      throw error;
    }
  }
}
