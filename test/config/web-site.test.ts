import { describe, expect, it } from 'vitest';
import { loadDistrictConfigs } from '../../infra/synthesize.js';
import { validateDistrictConfig, type DistrictConfig } from '../../shared/config/district-config.js';
import { webSiteWarnings } from '../../shared/config/web-site.js';
import { isLinkTemplate, SMS_TEMPLATE_NAMES } from '../../shared/config/vocabulary.js';

const [lvyuan, nanguanAsFiled] = loadDistrictConfigs() as [DistrictConfig, DistrictConfig];
/** Nanguan sends by Tencent: with a domain its leaders' SMS carry links, whose templates it registers too. */
const LINK_TEMPLATES = SMS_TEMPLATE_NAMES.filter(isLinkTemplate);
const nanguan: DistrictConfig = {
  ...nanguanAsFiled,
  sms: {
    ...nanguanAsFiled.sms,
    tencent: {
      ...nanguanAsFiled.sms.tencent!,
      templates: {
        ...nanguanAsFiled.sms.tencent!.templates,
        ...Object.fromEntries(LINK_TEMPLATES.map((name, index) => [name, String(2200001 + index)])),
      },
    },
  },
};
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/1f2e3d4c-0000-4000-8000-123456789abc';
const CHINA_WEB = {
  domain: 'sanzhang.nanguan.example.cn',
  iamCertificateId: 'ASCAQ3EGWJ7H2EXAMPLE1',
  icpNumber: '吉ICP备12345678号-1',
};

const problemsOf = (config: DistrictConfig, web: unknown) =>
  validateDistrictConfig({ ...config, web }).problems;

describe('the web section of the district config', () => {
  it('is optional, and takes a custom domain with its ACM certificate in the global regions', () => {
    expect(problemsOf(lvyuan, undefined)).toEqual([]);
    expect(problemsOf(lvyuan, { domain: 'sanzhang.example.org', certificateArn: CERTIFICATE })).toEqual([]);
  });

  it('wants the certificate and the domain together, the certificate in us-east-1', () => {
    expect(problemsOf(lvyuan, { domain: 'sanzhang.example.org' })).toEqual([
      'web.certificateArn: is required with web.domain',
    ]);
    expect(problemsOf(lvyuan, { certificateArn: CERTIFICATE })).toEqual([
      'web.certificateArn: is set without web.domain',
    ]);
    expect(
      problemsOf(lvyuan, {
        domain: 'sanzhang.example.org',
        certificateArn: CERTIFICATE.replace('us-east-1', 'ap-southeast-1'),
      }),
    ).toEqual([expect.stringMatching(/^web\.certificateArn: must be an ACM certificate ARN in us-east-1/)]);
    expect(problemsOf(lvyuan, { domain: 'Not A Host', certificateArn: CERTIFICATE })).toEqual([
      expect.stringMatching(/^web\.domain: must be a lower-case host name/),
    ]);
  });

  it('refuses the China-only fields in the global regions', () => {
    expect(
      problemsOf(lvyuan, {
        domain: 'sanzhang.example.org',
        certificateArn: CERTIFICATE,
        icpNumber: CHINA_WEB.icpNumber,
      }),
    ).toEqual(['web.icpNumber: is for the China regions only']);
  });

  it('in China wants the ICP-filed domain with its IAM server certificate and filing number, and no ACM certificate', () => {
    expect(problemsOf(nanguan, CHINA_WEB)).toEqual([]);
    expect(problemsOf(nanguanAsFiled, undefined)).toEqual([]);
    expect(problemsOf(nanguanAsFiled, CHINA_WEB)).toEqual(
      LINK_TEMPLATES.map((name) =>
        expect.stringMatching(new RegExp(`^sms\\.tencent\\.templates\\.${name}: has no template id`)),
      ),
    );
    expect(problemsOf(nanguan, { domain: CHINA_WEB.domain })).toEqual([
      'web.iamCertificateId: is required with web.domain',
      'web.icpNumber: is required with web.domain',
    ]);
    expect(problemsOf(nanguan, { ...CHINA_WEB, certificateArn: CERTIFICATE })).toEqual([
      expect.stringMatching(/^web\.certificateArn: CloudFront in the China regions takes no ACM certificate/),
    ]);
    expect(problemsOf(nanguan, { ...CHINA_WEB, icpNumber: 'ICP 12345678' })).toEqual([
      expect.stringMatching(/^web\.icpNumber: must be an ICP filing number/),
    ]);
    expect(
      problemsOf(nanguan, { ...CHINA_WEB, iamCertificateId: 'arn:aws-cn:iam::1:server-certificate/x' }),
    ).toEqual([expect.stringMatching(/^web\.iamCertificateId: must be an IAM server certificate id/)]);
  });

  it('warns, without failing, that a China district without a domain has its pages uploaded but not served', () => {
    expect(webSiteWarnings(nanguan)).toEqual([
      expect.stringContaining('the pages are uploaded but not served'),
    ]);
    expect(webSiteWarnings({ ...nanguan, web: CHINA_WEB })).toEqual([]);
    expect(webSiteWarnings(lvyuan)).toEqual([]);
  });
});
