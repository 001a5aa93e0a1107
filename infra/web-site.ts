import { existsSync } from 'node:fs';
import path from 'node:path';
import { Annotations, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { webSiteWarnings } from '../shared/config/web-site.js';
import { deploymentProfile } from './deployment-profile.js';
import { REPOSITORY_ROOT } from './sanzhang-function.js';
import { acknowledgeSiteDeployment } from './web-site-nag.js';
import { WebDistribution } from './web-distribution.js';
import { openApiDocument } from '../shared/http/openapi.js';

/** The pages of the site: each is `/<page>/index.html` in the build (web/vite.config.ts). */
export const WEB_PAGES = ['leader', 'resident', 'console'] as const;
export type WebPage = (typeof WEB_PAGES)[number];

/** Where `npm run web:build` writes the pages. */
export const WEB_DIST_DIRECTORY = path.join(REPOSITORY_ROOT, 'web', 'dist');
/** Vite's folder of content-hashed files (its `assetsDir`). */
const HASHED_ASSETS = 'assets';

/** What the site is deployed from. */
export interface WebSiteSource {
  /** The built pages: web/dist, or a test's fixture of the same shape. */
  readonly directory: string;
}

export class WebBuildMissingError extends Error {
  constructor(directory: string, missing: string) {
    super(
      `The web pages are not built (${path.join(directory, missing)} is missing): run npm run web:build first.`,
    );
    this.name = 'WebBuildMissingError';
  }
}

/** The built pages' directory, checked: every page's index.html and the hashed assets are there. */
export function builtWebPages(directory: string = WEB_DIST_DIRECTORY): string {
  for (const needed of [...WEB_PAGES.map((page) => path.join(page, 'index.html')), HASHED_ASSETS]) {
    if (!existsSync(path.join(directory, needed))) throw new WebBuildMissingError(directory, needed);
  }
  return directory;
}

export interface WebSiteProps extends WebSiteSource {
  readonly config: DistrictConfig;
  /** The API's base URL without a trailing slash; the pages call `${apiUrl}/requests` … */
  readonly apiUrl: string;
}

/**
 * The district's web pages as a static site: a private bucket with the built pages, `config.json`
 * (the API's URL, the district's name) and `openapi.json` written at deploy time, and a CloudFront
 * distribution in front (web-distribution.ts). Hashed assets are cached for a year; everything else
 * is revalidated on every load, so a deploy reaches every phone at its next visit. In the China
 * regions without an ICP-filed domain the bucket is filled but nothing serves it (synthesis warns).
 */
export class WebSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: WebDistribution | undefined;
  /** `https://<host>`, the pages' origin; undefined when nothing serves them. */
  readonly origin: string | undefined;
  /** Each page's URL; undefined when nothing serves them. */
  readonly pageUrls: Record<WebPage, string> | undefined;

  constructor(scope: Construct, id: string, props: WebSiteProps) {
    super(scope, id);
    const directory = builtWebPages(props.directory);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // The content is the build of a commit: a deploy of that commit restores it, so no versions are kept.
      versioned: false,
    });
    this.deployContent(directory, props);
    const { site } = deploymentProfile(props.config);
    const domain = props.config.web?.domain;
    if (!site.servesDefaultDomain && domain === undefined) {
      for (const warning of webSiteWarnings(props.config)) {
        Annotations.of(this).addWarningV2('sanzhang:web-site-not-served', warning);
      }
      return;
    }
    this.distribution = new WebDistribution(this, 'Cdn', {
      bucket: this.bucket,
      config: props.config,
      hashedAssets: HASHED_ASSETS,
      pages: WEB_PAGES,
      apiUrl: props.apiUrl,
    });
    this.origin = `https://${domain ?? this.distribution.distribution.distributionDomainName}`;
    // Without a viewer-request function an S3 origin serves no `/leader/`: the pages are linked by file.
    const pagePath = site.rewritesDirectories ? '/' : '/index.html';
    this.pageUrls = Object.fromEntries(
      WEB_PAGES.map((page) => [page, `${this.origin}/${page}${pagePath}`]),
    ) as Record<WebPage, string>;
  }

  /**
   * Two deployments: the hashed assets first, kept across deploys (an open page may still load a
   * chunk of the build it started with), then the pages and the runtime files, which replace the last.
   */
  private deployContent(directory: string, props: WebSiteProps): void {
    // Our own role and log group instead of the default role's AWS managed AWSLambdaBasicExecutionRole.
    const logGroup = new logs.LogGroup(this, 'DeploymentLogs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'DeploymentRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: "Copies the built web pages into the site's bucket at deploy time",
    });
    logGroup.grantWrite(role);
    const deployedBy = { destinationBucket: this.bucket, role, logGroup };
    const build = new s3assets.Asset(this, 'HashedAssetsBuild', {
      path: path.join(directory, HASHED_ASSETS),
    });
    const assets = new s3deploy.BucketDeployment(this, 'HashedAssets', {
      ...deployedBy,
      destinationKeyPrefix: `${HASHED_ASSETS}/`,
      sources: [s3deploy.Source.bucket(build.bucket, build.s3ObjectKey)],
      prune: false,
      cacheControl: [
        s3deploy.CacheControl.setPublic(),
        s3deploy.CacheControl.maxAge(Duration.days(365)),
        s3deploy.CacheControl.immutable(),
      ],
    });
    const runtimeConfig = {
      apiUrl: props.apiUrl,
      districtName: props.config.district.name,
      timeScale: 1,
      ...(props.config.web?.icpNumber ? { icpNumber: props.config.web.icpNumber } : {}),
    };
    const pages = new s3deploy.BucketDeployment(this, 'Pages', {
      ...deployedBy,
      sources: [
        s3deploy.Source.asset(directory, { exclude: [HASHED_ASSETS, 'config.json', 'openapi.json'] }),
        s3deploy.Source.jsonData('config.json', runtimeConfig),
        // The API's contract, with this district's API as its server.
        s3deploy.Source.jsonData('openapi.json', openApiDocument({ serverUrl: props.apiUrl })),
      ],
      exclude: [`${HASHED_ASSETS}/*`],
      cacheControl: [s3deploy.CacheControl.noCache()],
    });
    pages.node.addDependency(assets);
    acknowledgeSiteDeployment({ bucket: this.bucket, stagingBucket: build.bucket, role });
  }
}
