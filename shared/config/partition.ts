/**
 * The AWS partition a region belongs to. The China regions (cn-north-1 Beijing, cn-northwest-1
 * Ningxia) are the `aws-cn` partition: their own ARNs, endpoints and service catalogue, and no
 * Cognito user pools, SNS SMS or Lambda X-Ray tracing. A district's deployment profile follows from it.
 */
export type Partition = 'aws' | 'aws-cn';

export function partitionOf(region: string): Partition {
  return region.startsWith('cn-') ? 'aws-cn' : 'aws';
}

/** The partition a district deploys to: its `deploy.region`'s, or `aws` when the CLI's environment decides. */
export function districtPartition(config: { deploy?: { region: string } | undefined }): Partition {
  return config.deploy ? partitionOf(config.deploy.region) : 'aws';
}
