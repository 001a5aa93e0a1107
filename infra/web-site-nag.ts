import { Stack, Validations } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { wildcardResourceFinding } from './sanzhang-function.js';

/** The actions CDK's BucketDeployment grants its copying function, each a wildcard of one verb. */
const DEPLOYMENT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];

interface SiteDeployment {
  /** The site's bucket. */
  readonly bucket: s3.IBucket;
  /** The CDK asset bucket the build is staged in. */
  readonly stagingBucket: s3.IBucket;
  /** The deployment function's role. */
  readonly role: iam.IRole;
}

/**
 * The findings the site's bucket and its deployment function raise, accepted with why. The function
 * is CDK's (it copies the build into the bucket at deploy time, no request reaches it).
 */
export function acknowledgeSiteDeployment({ bucket, stagingBucket, role }: SiteDeployment): void {
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'The bucket holds only the built public pages, written by the deployment and read by CloudFront; there is nothing to audit per object read.',
  });
  for (const action of DEPLOYMENT_ACTIONS) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason:
        "CDK's BucketDeployment grants: read the staged build, list and replace the site bucket's objects.",
    });
  }
  Validations.of(role).acknowledge({
    id: wildcardResourceFinding(role, bucket.arnForObjects('*')),
    reason:
      'The deployment writes and replaces every object of the site bucket (the pages are the whole bucket).',
  });
  Validations.of(role).acknowledge({
    id: wildcardResourceFinding(role, stagingBucket.arnForObjects('*')),
    reason:
      "CDK's BucketDeployment reads the staged build from the CDK asset bucket, whose object keys are content hashes.",
  });
  const copier = Stack.of(bucket)
    .node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'))
    .at(0);
  if (copier) {
    Validations.of(copier).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        "CDK's BucketDeployment function: CDK chooses its Python runtime (the AWS CLI it runs), and it runs only during a deployment.",
    });
  }
}

/** The distribution's findings, accepted with why. */
export function acknowledgeDistribution(
  distribution: cloudfront.Distribution,
  options: { defaultCertificate: boolean; iamCertificate: boolean; originAccessIdentity: boolean },
): void {
  const acknowledge = (id: string, reason: string) =>
    Validations.of(distribution).acknowledge({ id, reason });
  acknowledge(
    'AwsSolutions-CFR1',
    'Residents, leaders and staff travel and use roaming phones; the pages are public and the API decides who may do what.',
  );
  acknowledge(
    'AwsSolutions-CFR2',
    'Static pages only; the API they call is throttled per stage and authorizes every call. A web ACL can be added per district.',
  );
  acknowledge(
    'AwsSolutions-CFR3',
    "Static pages only: who did what is in the API's access log; CloudFront standard logs would need an ACL-enabled log bucket.",
  );
  if (options.defaultCertificate) {
    acknowledge(
      'AwsSolutions-CFR4',
      "Without web.domain the distribution's default certificate is used, whose security policy CloudFront fixes; set web.domain and web.certificateArn for TLSv1.2_2021.",
    );
  } else if (options.iamCertificate) {
    acknowledge(
      'AwsSolutions-CFR4',
      'The domain is served with TLSv1.2_2021 and its IAM server certificate, set through a property override that cdk-nag does not read (the CloudFront construct takes only ACM certificates).',
    );
  }
  if (options.originAccessIdentity) {
    acknowledge(
      'AwsSolutions-CFR7',
      'The China regions have no origin access control (AWS::CloudFront::OriginAccessControl does not exist there): an origin access identity is the private access they offer.',
    );
  }
}
