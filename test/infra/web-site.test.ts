import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../infra/sanzhang-function.js';
import {
  loadDistrictConfigs,
  synthesizeDistrictAssembly,
  type SynthesizedDistrict,
} from '../../infra/synthesize.js';
import { builtWebPages } from '../../infra/web-site.js';
import type { DistrictConfig } from '../../shared/config/district-config.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { temporaryDirectoriesForThisFile, validationViolations } from '../support/synthesized.js';

type Json = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties: Json;
  DependsOn?: string[];
}
const temporaryDirectory = temporaryDirectoriesForThisFile();

const WEB_FIXTURE = path.join(REPOSITORY_ROOT, 'test', 'support', 'web-dist');
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-0000-4000-8000-123456789abc';
const CHINA_WEB = {
  domain: 'sanzhang.nanguan.example.cn',
  iamCertificateId: 'ASCAQ3EGWJ7H2EXAMPLE1',
  icpNumber: '吉ICP备12345678号-1',
};

const [lvyuan, nanguan] = loadDistrictConfigs() as [DistrictConfig, DistrictConfig];

function synthesize(config: DistrictConfig): SynthesizedDistrict {
  return synthesizeDistrictAssembly(config, {
    outdir: temporaryDirectory('sanzhang-site-'),
    web: { directory: WEB_FIXTURE },
  });
}

const resources = (synthesized: SynthesizedDistrict) =>
  Object.entries(synthesized.template.Resources as Record<string, Resource>);
const ofType = (synthesized: SynthesizedDistrict, type: string) =>
  resources(synthesized)
    .filter(([, resource]) => resource.Type === type)
    .map(([, resource]) => resource);
const only = (synthesized: SynthesizedDistrict, type: string): Json => {
  const found = ofType(synthesized, type);
  expect(found, type).toHaveLength(1);
  return found[0]!.Properties;
};
const logicalIdOf = (synthesized: SynthesizedDistrict, type: string) =>
  resources(synthesized).find(([, resource]) => resource.Type === type)?.[0];
const distributionConfig = (synthesized: SynthesizedDistrict) =>
  only(synthesized, 'AWS::CloudFront::Distribution').DistributionConfig as Json;
const outputs = (synthesized: SynthesizedDistrict) =>
  Object.fromEntries(
    Object.entries(synthesized.template.Outputs as Record<string, { Value: unknown }>).map(
      ([name, output]) => [name, output.Value],
    ),
  );
/** The site's buckets (the stack also has the photo bucket). */
const siteBuckets = (synthesized: SynthesizedDistrict) =>
  resources(synthesized).filter(
    ([id, resource]) => resource.Type === 'AWS::S3::Bucket' && id.startsWith('WebSite'),
  );
const siteBucket = (synthesized: SynthesizedDistrict): Json => {
  const found = siteBuckets(synthesized);
  expect(found, 'the site bucket').toHaveLength(1);
  return found[0]![1].Properties;
};
const siteBucketPolicy = (synthesized: SynthesizedDistrict) =>
  (
    ofType(synthesized, 'AWS::S3::BucketPolicy').find(
      (policy) => (policy.Properties.Bucket as Json).Ref === siteBuckets(synthesized)[0]?.[0],
    )?.Properties.PolicyDocument as { Statement: Json[] }
  ).Statement;
const corsOf = (synthesized: SynthesizedDistrict) =>
  only(synthesized, 'AWS::ApiGatewayV2::Api').CorsConfiguration as Json | undefined;
/** The site's two deployments: the hashed assets, then the pages with config.json and openapi.json. */
function deployments(synthesized: SynthesizedDistrict) {
  const found = resources(synthesized).filter(
    ([, resource]) => resource.Type === 'Custom::CDKBucketDeployment',
  );
  const named = (prefix: string) => {
    const entry = found.find(([id]) => id.startsWith(prefix));
    if (!entry) throw new Error(`no ${prefix} deployment`);
    return { id: entry[0], ...entry[1] };
  };
  return { pages: named('WebSitePages'), assets: named('WebSiteHashedAssets'), count: found.length };
}

/** The JSON file the deployment writes, as staged in the assembly, with its token markers. */
function stagedJson(synthesized: SynthesizedDistrict, name: string): Json {
  const staged = readdirSync(synthesized.assemblyDirectory, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith('asset.'))
    .map((entry) => path.join(synthesized.assemblyDirectory, entry.name, name))
    .filter((file) => existsSync(file));
  expect(staged, name).toHaveLength(1);
  return JSON.parse(readFileSync(staged[0]!, 'utf8')) as Json;
}

let global: SynthesizedDistrict;
let globalWithDomain: SynthesizedDistrict;
let china: SynthesizedDistrict;
let chinaWithDomain: SynthesizedDistrict;

// Synthesis throws on any cdk-nag finding nobody fixed or acknowledged: that all synthesize is the first assertion.
beforeAll(() => {
  global = synthesize({ ...lvyuan, deploy: { region: 'ap-southeast-1' } });
  globalWithDomain = synthesize({
    ...lvyuan,
    deploy: { region: 'ap-southeast-1' },
    web: { domain: 'sanzhang.lvyuan.example.org', certificateArn: CERTIFICATE },
  });
  china = synthesize(nanguan);
  chinaWithDomain = synthesize({ ...nanguan, web: CHINA_WEB });
}, 240_000);

describe('the web site in the global regions', () => {
  it('keeps the pages in a private, encrypted, TLS-only bucket that only the distribution reads (OAC)', () => {
    const bucket = siteBucket(global);
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('AES256');
    const statements = siteBucketPolicy(global);
    expect(statements.find((statement) => statement.Effect === 'Deny')?.Condition).toEqual({
      Bool: { 'aws:SecureTransport': 'false' },
    });
    const allowed = statements.filter((statement) => statement.Effect === 'Allow');
    expect(allowed).toHaveLength(1);
    expect(allowed[0]).toMatchObject({
      Action: 's3:GetObject',
      Principal: { Service: 'cloudfront.amazonaws.com' },
    });
    expect(JSON.stringify(allowed[0]?.Condition)).toContain(
      logicalIdOf(global, 'AWS::CloudFront::Distribution'),
    );
    expect(only(global, 'AWS::CloudFront::OriginAccessControl').OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    expect(ofType(global, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
  });

  it('serves HTTPS only, with security headers on every response', () => {
    const config = distributionConfig(global);
    const behaviors = [config.DefaultCacheBehavior, ...(config.CacheBehaviors as Json[])] as Json[];
    const policyId = (behaviors[0]!.ResponseHeadersPolicyId as Json).Ref;
    for (const behavior of behaviors) {
      expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect((behavior.ResponseHeadersPolicyId as Json).Ref).toBe(policyId);
    }
    const headers = (
      only(global, 'AWS::CloudFront::ResponseHeadersPolicy').ResponseHeadersPolicyConfig as Json
    ).SecurityHeadersConfig as Record<string, Json>;
    const csp = JSON.stringify(headers.ContentSecurityPolicy?.ContentSecurityPolicy);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/connect-src 'self' https:\/\/\*\.execute-api\.ap-southeast-1\./);
    expect(headers.StrictTransportSecurity?.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
    expect(headers.FrameOptions?.FrameOption).toBe('DENY');
    expect(headers.ContentTypeOptions?.Override).toBe(true);
    expect(headers.ReferrerPolicy?.ReferrerPolicy).toBe('no-referrer');
  });

  it('caches hashed assets for a year and revalidates pages, config.json and openapi.json', () => {
    const config = distributionConfig(global);
    const cachePolicy = (behavior: Json) => {
      const id = (behavior.CachePolicyId as Json).Ref as string;
      return (global.template.Resources as Record<string, Resource>)[id]!.Properties
        .CachePolicyConfig as Json;
    };
    const [assets] = config.CacheBehaviors as Json[];
    expect(assets?.PathPattern).toBe('assets/*');
    expect(cachePolicy(assets!)).toMatchObject({ DefaultTTL: 31_536_000, MinTTL: 86_400 });
    expect(cachePolicy(config.DefaultCacheBehavior as Json)).toMatchObject({ DefaultTTL: 0, MinTTL: 0 });
    const { pages, assets: assetsDeployment } = deployments(global);
    expect(assetsDeployment.Properties).toMatchObject({
      DestinationBucketKeyPrefix: 'assets/',
      Prune: false,
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    expect(pages.Properties).toMatchObject({
      Prune: true,
      Exclude: ['assets/*'],
      SystemMetadata: { 'cache-control': 'no-cache' },
    });
    // The new pages go up only after the assets they load.
    expect(pages.DependsOn).toEqual(expect.arrayContaining([assetsDeployment.id]));
  });

  it('serves /<page>/ from its index.html and sends / to the residents’ page', () => {
    const code = only(global, 'AWS::CloudFront::Function').FunctionCode as string;
    const handler = new Function(`${code}\nreturn handler;`)() as (event: unknown) => Json;
    const viewer = (uri: string) => handler({ request: { uri, headers: {} } });
    expect(viewer('/leader/')).toMatchObject({ uri: '/leader/index.html' });
    expect(viewer('/console/')).toMatchObject({ uri: '/console/index.html' });
    expect(viewer('/leader')).toMatchObject({
      statusCode: 302,
      headers: { location: { value: '/leader/' } },
    });
    expect(viewer('/')).toMatchObject({ statusCode: 302, headers: { location: { value: '/resident/' } } });
    expect(viewer('/assets/leader-a1b2c3d4.js')).toMatchObject({ uri: '/assets/leader-a1b2c3d4.js' });
    expect(viewer('/config.json')).toMatchObject({ uri: '/config.json' });
    const [association] = (distributionConfig(global).DefaultCacheBehavior as Json)
      .FunctionAssociations as Json[];
    expect(association?.EventType).toBe('viewer-request');
  });

  it("writes config.json at deploy time with the API's endpoint, the district's name and real time", () => {
    expect(stagedJson(global, 'config.json')).toEqual({
      apiUrl: '<<marker:0xbaba:0>>',
      districtName: lvyuan.district.name,
      timeScale: 1,
    });
    expect(stagedJson(global, 'openapi.json')).toMatchObject({
      openapi: '3.1.0',
      servers: [{ url: '<<marker:0xbaba:0>>' }],
      paths: { '/requests/{id}': { get: expect.anything() } },
    });
    const markers = deployments(global).pages.Properties.SourceMarkers as Json[];
    const apiId = logicalIdOf(global, 'AWS::ApiGatewayV2::Api');
    expect(markers.slice(1)).toEqual([
      { '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } },
      { '<<marker:0xbaba:0>>': { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] } },
    ]);
  });

  it("lets the site's origin call the API with the pages' headers, and read Date and Retry-After", () => {
    const methods = [...new Set(API_ROUTES.map((route) => route.method))].sort();
    expect(corsOf(global)).toEqual({
      AllowOrigins: [
        {
          'Fn::Join': [
            '',
            [
              'https://',
              { 'Fn::GetAtt': [logicalIdOf(global, 'AWS::CloudFront::Distribution'), 'DomainName'] },
            ],
          ],
        },
      ],
      AllowMethods: methods,
      AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
      ExposeHeaders: ['date', 'retry-after'],
      AllowCredentials: false,
      MaxAge: 3600,
    });
    expect(corsOf(globalWithDomain)?.AllowOrigins).toEqual(['https://sanzhang.lvyuan.example.org']);
  });

  it('serves a custom domain with its ACM certificate and TLS 1.2, and outputs the pages’ URLs', () => {
    const config = distributionConfig(globalWithDomain);
    expect(config.Aliases).toEqual(['sanzhang.lvyuan.example.org']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: CERTIFICATE,
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(outputs(globalWithDomain)).toMatchObject({
      SiteUrl: 'https://sanzhang.lvyuan.example.org/',
      LeaderPageUrl: 'https://sanzhang.lvyuan.example.org/leader/',
      ResidentPageUrl: 'https://sanzhang.lvyuan.example.org/resident/',
      ConsolePageUrl: 'https://sanzhang.lvyuan.example.org/console/',
    });
    expect(JSON.stringify(outputs(global).LeaderPageUrl)).toContain('/leader/');
  });
});

/** The behavior of leaders' SMS links, `/l/*`, and the origin and cache policy it uses. */
function linkBehavior(synthesized: SynthesizedDistrict) {
  const config = distributionConfig(synthesized);
  const behavior = (config.CacheBehaviors as Json[]).find((candidate) => candidate.PathPattern === '/l/*');
  if (!behavior) return undefined;
  const origin = (config.Origins as Json[]).find((candidate) => candidate.Id === behavior.TargetOriginId)!;
  const policyId = (behavior.CachePolicyId as Json).Ref as string;
  const cachePolicy = (synthesized.template.Resources as Record<string, Resource>)[policyId]!.Properties
    .CachePolicyConfig as Json;
  return { behavior, origin, cachePolicy, defaultBehavior: config.DefaultCacheBehavior as Json };
}

describe("leaders' SMS links on the site's domain", () => {
  it.each([
    ['global', () => globalWithDomain],
    ['China', () => chinaWithDomain],
  ])('%s: /l/* goes to the HTTP API over HTTPS, uncached, with the pages’ security headers', (_where, of) => {
    const synthesized = of();
    const link = linkBehavior(synthesized)!;
    expect(link).toBeDefined();
    const apiId = logicalIdOf(synthesized, 'AWS::ApiGatewayV2::Api')!;
    expect(JSON.stringify(link.origin.DomainName)).toContain(apiId);
    expect(link.origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(link.behavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      ResponseHeadersPolicyId: link.defaultBehavior.ResponseHeadersPolicyId,
    });
    expect(link.behavior.OriginRequestPolicyId).toBeUndefined();
    expect(link.cachePolicy).toMatchObject({ DefaultTTL: 0, MinTTL: 0, MaxTTL: 0 });
  });

  it('is not there without a custom domain: no SMS has a link then', () => {
    expect(linkBehavior(global)).toBeUndefined();
  });
});

describe('the web site in the China regions', () => {
  it('without an ICP-filed domain uploads the pages, serves nothing, and warns', () => {
    expect(siteBuckets(china)).toHaveLength(1);
    expect(deployments(china).count).toBe(2);
    expect(ofType(china, 'AWS::CloudFront::Distribution')).toEqual([]);
    expect(siteBucketPolicy(china).filter((statement) => statement.Effect === 'Allow')).toEqual([]);
    expect(corsOf(china)).toBeUndefined();
    expect(Object.keys(outputs(china)).filter((name) => name.startsWith('Site'))).toEqual(['SiteBucketName']);
    const metadata = JSON.stringify(
      JSON.parse(
        readFileSync(path.join(china.assemblyDirectory, `${china.stackName}.metadata.json`), 'utf8'),
      ),
    );
    expect(metadata).toContain('ICP-filed custom domain');
  });

  it('with the domain serves it through an origin access identity and the IAM server certificate', () => {
    const config = distributionConfig(chinaWithDomain);
    expect(config.Aliases).toEqual([CHINA_WEB.domain]);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: CHINA_WEB.iamCertificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    expect(config.DefaultRootObject).toBe('resident/index.html');
    expect(ofType(chinaWithDomain, 'AWS::CloudFront::OriginAccessControl')).toEqual([]);
    expect(ofType(chinaWithDomain, 'AWS::CloudFront::Function')).toEqual([]);
    const identity = logicalIdOf(chinaWithDomain, 'AWS::CloudFront::CloudFrontOriginAccessIdentity');
    const allowed = siteBucketPolicy(chinaWithDomain).filter((statement) => statement.Effect === 'Allow');
    expect(allowed).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { CanonicalUser: { 'Fn::GetAtt': [identity, 'S3CanonicalUserId'] } },
      }),
    ]);
    expect(corsOf(chinaWithDomain)?.AllowOrigins).toEqual([`https://${CHINA_WEB.domain}`]);
    const csp = JSON.stringify(only(chinaWithDomain, 'AWS::CloudFront::ResponseHeadersPolicy'));
    expect(csp).toContain('execute-api.cn-north-1.');
    // The partition's domain (amazonaws.com.cn there), as CloudFormation names it.
    expect(csp).toContain('AWS::URLSuffix');
  });

  it('links the pages by file (no function rewrites directories there) and shows the ICP number', () => {
    expect(outputs(chinaWithDomain)).toMatchObject({
      SiteUrl: `https://${CHINA_WEB.domain}/`,
      LeaderPageUrl: `https://${CHINA_WEB.domain}/leader/index.html`,
      ResidentPageUrl: `https://${CHINA_WEB.domain}/resident/index.html`,
      ConsolePageUrl: `https://${CHINA_WEB.domain}/console/index.html`,
    });
    expect(stagedJson(chinaWithDomain, 'config.json')).toEqual({
      apiUrl: '<<marker:0xbaba:0>>',
      districtName: nanguan.district.name,
      timeScale: 1,
      icpNumber: CHINA_WEB.icpNumber,
    });
  });

  it('is cdk-nag clean and uses no resource type Beijing or Ningxia lacks; only China acknowledges the OAI', () => {
    const ningxia = synthesize({ ...nanguan, deploy: { region: 'cn-northwest-1' }, web: CHINA_WEB });
    for (const synthesized of [china, chinaWithDomain, ningxia, global, globalWithDomain]) {
      expect(validationViolations(synthesized.assemblyDirectory)).toEqual([]);
    }
    const siteAcknowledgements = (synthesized: SynthesizedDistrict) =>
      new Set(
        synthesized.acknowledgements
          .filter((acknowledgement) => acknowledgement.path.includes('/WebSite/'))
          .map((acknowledgement) => acknowledgement.id),
      );
    expect(siteAcknowledgements(chinaWithDomain)).toContain('AwsSolutions-CFR7');
    expect(siteAcknowledgements(global)).not.toContain('AwsSolutions-CFR7');
    // A custom domain with ACM needs no word on TLS; the default certificate does.
    expect(siteAcknowledgements(globalWithDomain)).not.toContain('AwsSolutions-CFR4');
    expect(siteAcknowledgements(global)).toContain('AwsSolutions-CFR4');
  }, 120_000);
});

describe('the built pages', () => {
  it('are checked before synthesis, naming what to run', () => {
    expect(builtWebPages(WEB_FIXTURE)).toBe(WEB_FIXTURE);
    const empty = temporaryDirectory('sanzhang-unbuilt-');
    expect(() => builtWebPages(empty)).toThrow(
      /leader[/\\]index\.html is missing\): run npm run web:build first/,
    );
  });
});
