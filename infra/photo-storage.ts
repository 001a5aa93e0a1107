import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UPLOAD_SECONDS } from '../shared/domain/photos.js';
import { type SanzhangFunction, wildcardResourceFinding } from './sanzhang-function.js';

export interface PhotoStorageProps {
  /** The origins the pages are served from: browsers post uploads to the bucket from them (CORS). */
  readonly allowedOrigins: readonly string[];
}

/** Every photo key starts so (shared/domain/photos.ts); the grants reach nothing else. */
const UPLOADS = 'uploads/*';

/**
 * The district's photos: a private bucket that browsers upload to with a presigned POST and show
 * through presigned GET links, both signed by the functions granted here. Photos are kept as long
 * as the requests that name them (requests are never deleted); after 90 days they move to the
 * infrequent-access class, as a request's photos are looked at while it is open. A POST upload is
 * never multipart, but an incomplete multipart upload (someone's own tooling) is cleared after a day.
 */
export class PhotoStorage extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PhotoStorageProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'PhotosOfOldRequests',
          abortIncompleteMultipartUploadAfter: Duration.days(1),
          transitions: [
            { storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) },
          ],
        },
      ],
      ...(props.allowedOrigins.length > 0
        ? {
            cors: [
              {
                allowedMethods: [s3.HttpMethods.POST],
                allowedOrigins: [...props.allowedOrigins],
                maxAge: UPLOAD_SECONDS,
              },
            ],
          }
        : {}),
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Every object is reached through a form or link the API signs for a signed-in caller it authorized; the API access log and the request timeline record who asked, and no object is ever listed or served publicly.',
    });
  }

  /** Signs upload forms: the form can put an object under `uploads/` and nowhere else. */
  allowUploads(target: SanzhangFunction): this {
    return this.grant(target, ['s3:PutObject']);
  }

  /**
   * Checks that an upload finished (HEAD). s3:ListBucket makes a missing key answer 404: without
   * it S3 answers 403, which must stay an error rather than read as "not uploaded".
   */
  allowUploadChecks(target: SanzhangFunction): this {
    target.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    return this.grant(target, ['s3:GetObject']);
  }

  /** Signs links that show a photo. */
  allowLinks(target: SanzhangFunction): this {
    return this.grant(target, ['s3:GetObject']);
  }

  private grant(target: SanzhangFunction, actions: string[]): this {
    const objects = this.bucket.arnForObjects(UPLOADS);
    target.usePart('photos', { PHOTO_BUCKET_NAME: this.bucket.bucketName });
    target.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [objects] }));
    Validations.of(target.role).acknowledge({
      id: wildcardResourceFinding(this, objects),
      reason:
        'Photos are uploaded under keys the API makes up (uploads/<person>/<uuid>): the grant covers that prefix only.',
    });
    return this;
  }
}
