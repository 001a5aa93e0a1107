import { Duration, Fn, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { DistrictConfig } from '../shared/config/district-config.js';
import { LINK_PATH } from '../shared/domain/short-link.js';
import { deploymentProfile } from './deployment-profile.js';
import { acknowledgeDistribution } from './web-site-nag.js';

export interface WebDistributionProps {
  readonly bucket: s3.IBucket;
  readonly config: DistrictConfig;
  /** The folder of content-hashed files, cached for a year. */
  readonly hashedAssets: string;
  /** The pages, each `/<page>/index.html`. */
  readonly pages: readonly string[];
  /** The HTTP API's endpoint (`https://<id>.execute-api.<region>.<suffix>`): leaders' SMS links go there. */
  readonly apiUrl: string;
}

/** The page `/` leads to: the residents' (leaders open theirs from an SMS link, staff bookmark the console). */
const ROOT_PAGE = 'resident';

/**
 * The viewer-request function: `/leader/` → `/leader/index.html`, `/leader` → redirect to
 * `/leader/`, `/` → redirect to the residents' page. An S3 REST origin knows only object keys.
 */
function directoryIndexCode(pages: readonly string[]): string {
  return `var PAGES = ${JSON.stringify(pages)};
function redirect(location) {
  return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: location } } };
}
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/') return redirect('/${ROOT_PAGE}/');
  if (PAGES.indexOf(uri.slice(1)) >= 0) return redirect(uri + '/');
  if (uri.endsWith('/')) request.uri = uri + 'index.html';
  return request;
}`;
}

/**
 * The Content-Security-Policy of the pages: their own files, and the API and S3 (photo uploads
 * through presigned POSTs, photos through presigned GETs) of the district's region. The API is
 * named by its region's domain, not its id: naming it would make the distribution depend on the API,
 * whose CORS names the distribution.
 */
function contentSecurityPolicy(stack: Stack): string {
  const amazon = `${stack.region}.${stack.urlSuffix}`;
  const s3Hosts = `https://*.s3.${amazon} https://s3.${amazon}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Vant and Element Plus set style attributes.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${s3Hosts}`,
    "font-src 'self' data:",
    `connect-src 'self' https://*.execute-api.${amazon} ${s3Hosts}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * CloudFront in front of the site's bucket: HTTPS (HTTP redirects), security headers on every
 * response, a year's caching of hashed assets and revalidation of everything else. Global regions:
 * origin access control and a viewer-request function for directory URLs. China regions: an origin
 * access identity, no function (pages are linked as `/<page>/index.html`), the ICP-filed domain
 * with its IAM server certificate.
 */
export class WebDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);
    const { site } = deploymentProfile(props.config);
    const stack = Stack.of(this);
    const origin =
      site.originAccess === 'control'
        ? origins.S3BucketOrigin.withOriginAccessControl(props.bucket)
        : origins.S3BucketOrigin.withOriginAccessIdentity(props.bucket);
    const responseHeadersPolicy = this.securityHeaders(stack);
    const compressed = { enableAcceptEncodingGzip: true, enableAcceptEncodingBrotli: true };
    const behavior = {
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      compress: true,
      responseHeadersPolicy,
    };
    const web = props.config.web;
    const globalDomain =
      web?.domain && web.certificateArn ? { domain: web.domain, arn: web.certificateArn } : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Sanzhang ${props.config.district.id}: web pages`,
      defaultRootObject: site.rewritesDirectories ? undefined : `${ROOT_PAGE}/index.html`,
      defaultBehavior: {
        ...behavior,
        // index.html, config.json, openapi.json: the origin's `no-cache` holds; nothing is kept.
        cachePolicy: new cloudfront.CachePolicy(this, 'RevalidatedCache', {
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(0),
          maxTtl: Duration.days(1),
          ...compressed,
        }),
        functionAssociations: site.rewritesDirectories
          ? [
              {
                eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
                function: new cloudfront.Function(this, 'DirectoryIndex', {
                  runtime: cloudfront.FunctionRuntime.JS_2_0,
                  code: cloudfront.FunctionCode.fromInline(directoryIndexCode(props.pages)),
                  comment: 'Serves /<page>/ from /<page>/index.html',
                }),
              },
            ]
          : undefined,
      },
      additionalBehaviors: {
        ...(web?.domain ? this.linkBehavior(props.apiUrl, behavior.responseHeadersPolicy) : {}),
        [`${props.hashedAssets}/*`]: {
          ...behavior,
          cachePolicy: new cloudfront.CachePolicy(this, 'ImmutableCache', {
            minTtl: Duration.days(1),
            defaultTtl: Duration.days(365),
            maxTtl: Duration.days(365),
            ...compressed,
          }),
        },
      },
      ...(globalDomain
        ? {
            domainNames: [globalDomain.domain],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', globalDomain.arn),
          }
        : {}),
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: site.servesDefaultDomain
        ? cloudfront.HttpVersion.HTTP2_AND_3
        : cloudfront.HttpVersion.HTTP2,
      // The China regions' sample deployments turn IPv6 off; the global edge serves both.
      enableIpv6: site.servesDefaultDomain,
    });
    if (!site.servesDefaultDomain && web?.domain && web.iamCertificateId) {
      this.useIamCertificate(web.domain, web.iamCertificateId);
    }
    acknowledgeDistribution(this.distribution, {
      defaultCertificate: web?.domain === undefined,
      iamCertificate: !site.servesDefaultDomain,
      originAccessIdentity: site.originAccess === 'identity',
    });
  }

  /**
   * Leaders' SMS links (`https://<web.domain>/l/<token>`) are answered by the API, on the site's own
   * domain: nothing cached (a link expires, and its answer is for one phone), nothing forwarded but
   * the path, the pages' security headers on the answer. Only with a custom domain: links exist only
   * then (an SMS names the domain), and the API's CORS names the distribution's own domain otherwise,
   * which an API origin here would make a circular dependency.
   */
  private linkBehavior(
    apiUrl: string,
    responseHeadersPolicy: cloudfront.IResponseHeadersPolicy,
  ): Record<string, cloudfront.BehaviorOptions> {
    const apiHost = Fn.select(2, Fn.split('/', apiUrl));
    return {
      [`${LINK_PATH}*`]: {
        origin: new origins.HttpOrigin(apiHost, {
          protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: new cloudfront.CachePolicy(this, 'UncachedLinks', {
          comment: "Leaders' SMS links: answered by the API every time",
          minTtl: Duration.seconds(0),
          defaultTtl: Duration.seconds(0),
          maxTtl: Duration.seconds(0),
        }),
        responseHeadersPolicy,
      },
    };
  }

  /** China: the ICP-filed domain with its certificate from IAM (the L2 construct takes only ACM's). */
  private useIamCertificate(domain: string, certificateId: string): void {
    const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
    cfn.addPropertyOverride('DistributionConfig.Aliases', [domain]);
    cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
      IamCertificateId: certificateId,
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  }

  private securityHeaders(stack: Stack): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'CSP, HSTS, no framing, no sniffing, no referrer',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy(stack), override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: false,
          override: true,
        },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        // SMS links carry a token in the fragment; no page URL leaves in a Referer.
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        xssProtection: { protection: false, override: true },
      },
    });
  }
}
