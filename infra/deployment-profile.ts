import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { districtPartition, type Partition } from '../shared/config/partition.js';

/**
 * What a district's stack is built with where it deploys, decided here from its config and read
 * by the constructs. The China regions' own pages (docs/deploying.md, "The China regions") are
 * where each difference comes from.
 */
export interface DeploymentProfile {
  readonly partition: Partition;
  /**
   * X-Ray tracing of the functions and the state machines: the China regions have no X-Ray
   * integration with Lambda (docs.amazonaws.cn/en_us/aws/latest/userguide/lambda.html).
   */
  readonly tracing: boolean;
  readonly runtime: lambda.Runtime;
  /** Whether the runtime is the latest Node.js runtime (cdk-nag's AwsSolutions-L1 asks for it). */
  readonly latestRuntime: boolean;
  readonly architecture: lambda.Architecture;
  /** The esbuild target of the bundles: the runtime's Node version. */
  readonly esbuildTarget: 'node24' | 'node22';
  /**
   * How CloudFront reaches and serves the static site. The China regions' CloudFront has no origin
   * access control and no CloudFront Functions (CloudFormation's resource types of cn-north-1 and
   * cn-northwest-1 lack both), takes no ACM certificate and serves nothing on its default domain
   * (docs.amazonaws.cn/en_us/aws/latest/userguide/cloudfront.html).
   */
  readonly site: {
    /** `control` (OAC, signed requests) or `identity` (the legacy OAI, the one China has). */
    readonly originAccess: 'control' | 'identity';
    /** Whether a viewer-request function can rewrite `/leader/` to `/leader/index.html`. */
    readonly rewritesDirectories: boolean;
    /** Whether the distribution's own domain serves the pages (China: only an ICP-filed custom domain does). */
    readonly servesDefaultDomain: boolean;
  };
}

const RUNTIMES = {
  'nodejs24.x': { runtime: lambda.Runtime.NODEJS_24_X, esbuildTarget: 'node24' },
  'nodejs22.x': { runtime: lambda.Runtime.NODEJS_22_X, esbuildTarget: 'node22' },
} as const;

const ARCHITECTURES = {
  arm64: lambda.Architecture.ARM_64,
  x86_64: lambda.Architecture.X86_64,
} as const;

export function deploymentProfile(config: DistrictConfig): DeploymentProfile {
  const partition = districtPartition(config);
  return {
    partition,
    tracing: partition === 'aws',
    ...RUNTIMES[config.runtime.nodejs],
    latestRuntime: config.runtime.nodejs === 'nodejs24.x',
    architecture: ARCHITECTURES[config.runtime.architecture],
    site:
      partition === 'aws'
        ? { originAccess: 'control', rewritesDirectories: true, servesDefaultDomain: true }
        : { originAccess: 'identity', rewritesDirectories: false, servesDefaultDomain: false },
  };
}
