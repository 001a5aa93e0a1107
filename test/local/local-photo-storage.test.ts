import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoUpload } from '../../shared/adapters/photo-storage.js';
import { LocalPhotoStorage } from '../../local/local-photo-storage.js';

let base = '';
let clockShift = 0;
const storage = new LocalPhotoStorage(
  () => base,
  () => Date.now() + clockShift,
);
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    void storage.handle(request, response).then((answered) => {
      if (!answered) response.writeHead(418).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  storage.dispose();
});

let uploads = 0;
const newKey = () => `uploads/p-0032/00000000-0000-4000-8000-${String(++uploads).padStart(12, '0')}`;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

/** Posts the form as a browser does: its fields, then the file; `change` alters the fields first. */
async function post(upload: PhotoUpload, file: Buffer, change: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries({ ...upload.fields, ...change })) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: 'image/png' }), 'photo.png');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  const text = await response.text();
  return { status: response.status, code: /<Code>(\w+)<\/Code>/.exec(text)?.[1], text };
}

const form = (maxBytes = PNG.length) =>
  storage.presignUpload({ key: newKey(), contentType: 'image/png', maxBytes });

describe('the local photo storage', () => {
  it('takes an upload that keeps to its form, then shows it through an expiring signed link', async () => {
    const upload = await form();
    expect(upload.url).toBe(`${base}/local/uploads`);
    expect(await storage.exists(upload.key)).toBe(false);

    expect(await post(upload, PNG)).toMatchObject({ status: 204 });
    expect(await storage.exists(upload.key)).toBe(true);

    const link = await storage.linkTo(upload.key);
    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await shown.arrayBuffer())).toEqual(PNG);

    const tampered = link.replace(/expires=(\d+)/, (_match, at: string) => `expires=${Number(at) + 3600}`);
    expect((await fetch(tampered)).status).toBe(403);
    clockShift = 16 * 60 * 1000;
    try {
      expect((await fetch(link)).status).toBe(403);
    } finally {
      clockShift = 0;
    }
  });

  it.each([
    ['a file larger than the form allows', PNG.length - 1, PNG, {}, 400, 'EntityTooLarge'],
    ['an empty file', PNG.length, Buffer.alloc(0), {}, 400, 'EntityTooSmall'],
    ['another content type', PNG.length, PNG, { 'Content-Type': 'image/svg+xml' }, 403, 'AccessDenied'],
    [
      'another key',
      PNG.length,
      PNG,
      { key: 'uploads/p-0001/00000000-0000-4000-8000-999999999999' },
      403,
      'AccessDenied',
    ],
    ['a field the policy does not name', PNG.length, PNG, { acl: 'public-read' }, 403, 'AccessDenied'],
    ['a policy changed after signing', PNG.length, PNG, { Policy: 'e30=' }, 403, 'SignatureDoesNotMatch'],
    [
      'another credential',
      PNG.length,
      PNG,
      { 'X-Amz-Credential': 'AKIDOTHER/20261202/local/s3/aws4_request' },
      403,
      'InvalidAccessKeyId',
    ],
  ])('refuses %s as S3 does, storing nothing', async (_case, maxBytes, file, change, status, code) => {
    const upload = await form(maxBytes);
    expect(await post(upload, file, change)).toMatchObject({ status, code });
    expect(await storage.exists(upload.key)).toBe(false);
  });

  it('refuses a form past its ten minutes', async () => {
    const upload = await form();
    clockShift = 10 * 60 * 1000 + 1000;
    try {
      expect(await post(upload, PNG)).toMatchObject({ status: 403, code: 'AccessDenied' });
    } finally {
      clockShift = 0;
    }
    expect(await storage.exists(upload.key)).toBe(false);
  });

  it('answers only its own paths, and no link reaches outside its directory', async () => {
    expect((await fetch(`${base}/requests`)).status).toBe(418);
    expect(
      (await fetch(`${base}/local/photos/..%2F..%2Fetc%2Fpasswd?expires=9999999999&signature=x`)).status,
    ).toBe(403);
    expect(await storage.exists('uploads/../../etc/passwd')).toBe(false);
  });
});
