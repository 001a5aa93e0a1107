import { PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryNotificationArchive } from '../../shared/adapters/notification-archive.js';
import { S3NotificationArchive } from '../../shared/adapters/s3-notification-archive.js';

const s3 = mockClient(S3Client);
const archive = new S3NotificationArchive(new S3Client({ region: 'cn-north-1' }), 'archive-bucket');

const s3Error = (name: string, status: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: status } });

beforeEach(() => {
  s3.reset();
});
afterAll(() => {
  s3.restore();
});

describe('S3NotificationArchive', () => {
  it('puts a JSON object only if none is there (If-None-Match: *)', async () => {
    s3.on(PutObjectCommand).resolves({});
    expect(await archive.putOnce('notifications/k1.json', '{"key":"k1"}')).toBe(true);
    expect(s3.commandCalls(PutObjectCommand)[0]!.args[0].input).toEqual({
      Bucket: 'archive-bucket',
      Key: 'notifications/k1.json',
      Body: '{"key":"k1"}',
      ContentType: 'application/json',
      IfNoneMatch: '*',
    });
  });

  it('answers false when the object is there already (412), and throws anything else', async () => {
    s3.on(PutObjectCommand).rejects(s3Error('PreconditionFailed', 412));
    expect(await archive.putOnce('notifications/k1.json', '{}')).toBe(false);
    s3.reset();
    s3.on(PutObjectCommand).rejects(s3Error('ConditionalRequestConflict', 409));
    await expect(archive.putOnce('notifications/k1.json', '{}')).rejects.toThrow();
  });
});

describe('MemoryNotificationArchive', () => {
  it('keeps the first document of each key', async () => {
    const memory = new MemoryNotificationArchive();
    expect(await memory.putOnce('a', 'first')).toBe(true);
    expect(await memory.putOnce('a', 'second')).toBe(false);
    expect(memory.documents.get('a')).toBe('first');
  });
});
