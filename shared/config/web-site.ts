import * as z from '../zod.js';
import { districtPartition } from './partition.js';

// Tested in refinements, not as `pattern`s: the configuration reference states the formats in words.
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CLOUDFRONT_CERTIFICATE = /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/;

/** The `web` section: where the district's pages are served (docs/deploying.md, "The web pages"). */
export const webSiteSchema = z
  .strictObject({
    domain: z.optional(
      z.string().check(
        z.refine(
          (domain) => HOSTNAME.test(domain),
          'must be a lower-case host name such as sanzhang.example.cn',
        ),
        z.describe(
          'The custom domain of the pages (a CNAME to the distribution): optional in the global regions, with `certificateArn`; in China the ICP-filed domain, with `iamCertificateId` and `icpNumber`.',
        ),
      ),
    ),
    certificateArn: z.optional(
      z.string().check(
        z.refine(
          (arn) => CLOUDFRONT_CERTIFICATE.test(arn),
          'must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)',
        ),
        z.describe('Global regions: the ACM certificate (in us-east-1) of `domain`.'),
      ),
    ),
    iamCertificateId: z.optional(
      z
        .string()
        .check(
          z.regex(/^ASCA[A-Z0-9]{8,}$/, 'must be an IAM server certificate id (ASCA…)'),
          z.describe(
            "China regions: the id of `domain`'s certificate uploaded to IAM (CloudFront in China takes no ACM certificate).",
          ),
        ),
    ),
    icpNumber: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^\p{Script=Han}ICP备\d{6,}号(-\d+)?$/u,
            'must be an ICP filing number such as 吉ICP备12345678号',
          ),
          z.describe(
            'China regions: the ICP filing (备案号) of `domain`; the pages show it in their footer (it is in config.json).',
          ),
        ),
    ),
  })
  .check(z.describe("Where the district's web pages are served; optional."));

export type WebSiteConfig = z.infer<typeof webSiteSchema>;

interface WithWebSite {
  deploy?: { region: string } | undefined;
  web?: WebSiteConfig | undefined;
}

const GLOBAL_ONLY = ['certificateArn'] as const;
const CHINA_ONLY = ['iamCertificateId', 'icpNumber'] as const;

/** What the `web` section needs where the district deploys: every missing or misplaced field. */
export function webSiteProblems(config: WithWebSite): { field: string; message: string }[] {
  const web = config.web ?? {};
  const china = districtPartition(config) === 'aws-cn';
  const problems: { field: string; message: string }[] = [];
  for (const field of china ? GLOBAL_ONLY : CHINA_ONLY) {
    if (web[field] === undefined) continue;
    const message = china
      ? 'CloudFront in the China regions takes no ACM certificate; upload the certificate to IAM and set iamCertificateId'
      : 'is for the China regions only';
    problems.push({ field, message });
  }
  for (const field of china ? CHINA_ONLY : GLOBAL_ONLY) {
    if (web.domain !== undefined && web[field] === undefined) {
      problems.push({ field, message: 'is required with web.domain' });
    }
    if (web.domain === undefined && web[field] !== undefined) {
      problems.push({ field, message: 'is set without web.domain' });
    }
  }
  return problems;
}

/** Adds the `web` section's problems to a config's validation issues. */
export function checkWebSite(config: WithWebSite, ctx: { issues: z.core.$ZodRawIssue[] }): void {
  for (const { field, message } of webSiteProblems(config)) {
    ctx.issues.push({ code: 'custom', input: config.web, path: ['web', field], message });
  }
}

/**
 * What a valid config deploys but does not serve: a China district without an ICP-filed domain gets
 * its bucket and pages, and no distribution (CloudFront in China serves nothing on its own domain).
 */
export function webSiteWarnings(config: WithWebSite): string[] {
  if (districtPartition(config) !== 'aws-cn' || config.web?.domain !== undefined) return [];
  return [
    `web: the pages are uploaded but not served: CloudFront in ${config.deploy?.region ?? 'the China regions'} serves only an ICP-filed custom domain; set web.domain, web.iamCertificateId and web.icpNumber (docs/deploying.md, "The web pages")`,
  ];
}
