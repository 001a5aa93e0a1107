import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { PhotoStorage } from '../../infra/photo-storage.js';

function bucketOf(allowedOrigins: string[]) {
  const stack = new Stack(new App(), 'Photos', { env: { region: 'cn-north-1' } });
  new PhotoStorage(stack, 'PhotoStorage', { allowedOrigins });
  const [bucket] = Object.values(Template.fromStack(stack).findResources('AWS::S3::Bucket'));
  return bucket as { Properties: Record<string, unknown> };
}

describe('PhotoStorage', () => {
  it('lets the pages’ origins post uploads, for as long as a form is valid, and nothing else', () => {
    expect(bucketOf(['https://lvyuan.example.cn']).Properties.CorsConfiguration).toEqual({
      CorsRules: [{ AllowedMethods: ['POST'], AllowedOrigins: ['https://lvyuan.example.cn'], MaxAge: 600 }],
    });
  });

  it('answers no browser without a site to serve the pages', () => {
    expect(bucketOf([]).Properties.CorsConfiguration).toBeUndefined();
  });
});
