import { HeadObjectCommand, NotFound, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { S3PhotoStorage } from '../../shared/adapters/s3-photo-storage.js';

const s3Mock = mockClient(S3Client);
const client = new S3Client({
  region: 'cn-north-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', sessionToken: 'session' },
});
const NOW = Date.parse('2026-12-02T06:00:00Z');
const storage = new S3PhotoStorage(client, 'sanzhang-lvyuan-photos', () => NOW);
const KEY = 'uploads/p-0032/6f1c2a4e-8d0b-4b9e-9a57-3e2f0c1d5b7a';

beforeEach(() => s3Mock.reset());
afterAll(() => s3Mock.restore());

const policyOf = (fields: Record<string, string>) =>
  JSON.parse(Buffer.from(fields.Policy ?? '', 'base64').toString('utf8')) as {
    expiration: string;
    conditions: unknown[];
  };

describe('S3PhotoStorage', () => {
  it('signs a POST form whose policy holds the size range, the exact type and the key, for ten minutes', async () => {
    const before = Date.now();
    const upload = await storage.presignUpload({ key: KEY, contentType: 'image/webp', maxBytes: 2_000_000 });

    expect(upload.key).toBe(KEY);
    expect(upload.url).toBe('https://sanzhang-lvyuan-photos.s3.cn-north-1.amazonaws.com.cn/');
    expect(upload.expiresAt).toBe('2026-12-02T06:10:00.000Z');
    expect(upload.fields).toMatchObject({
      key: KEY,
      'Content-Type': 'image/webp',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Security-Token': 'session',
    });
    expect(upload.fields['X-Amz-Credential']).toMatch(/^AKIDEXAMPLE\/\d{8}\/cn-north-1\/s3\/aws4_request$/);
    expect(upload.fields['X-Amz-Signature']).toMatch(/^[0-9a-f]{64}$/);
    const policy = policyOf(upload.fields);
    expect(policy.conditions).toEqual(
      expect.arrayContaining([
        ['content-length-range', 1, 2_000_000],
        ['eq', '$Content-Type', 'image/webp'],
        { bucket: 'sanzhang-lvyuan-photos' },
        { key: KEY },
      ]),
    );
    // The SDK signs with the machine's clock: ten minutes (whole seconds) from the signing.
    const expires = Date.parse(policy.expiration);
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 600_000);
    expect(s3Mock.calls()).toHaveLength(0);
  });

  it('finds a finished upload with HEAD, answers false for a missing key, and lets other errors through', async () => {
    s3Mock.on(HeadObjectCommand, { Key: KEY }).resolves({ ContentLength: 10 });
    expect(await storage.exists(KEY)).toBe(true);
    expect(s3Mock.commandCalls(HeadObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'sanzhang-lvyuan-photos',
      Key: KEY,
    });

    s3Mock.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: {} }));
    expect(await storage.exists(KEY)).toBe(false);

    const denied = new S3ServiceException({
      name: 'Forbidden',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    s3Mock.on(HeadObjectCommand).rejects(denied);
    await expect(storage.exists(KEY)).rejects.toBe(denied);
  });

  it('links a photo with a presigned GET that expires in fifteen minutes', async () => {
    const link = new URL(await storage.linkTo(KEY));
    expect(`${link.origin}${link.pathname}`).toBe(
      `https://sanzhang-lvyuan-photos.s3.cn-north-1.amazonaws.com.cn/${KEY}`,
    );
    expect(link.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(link.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(link.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\//);
  });
});
