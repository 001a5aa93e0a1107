import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { PhotoStorage, UploadRequest } from '../shared/adapters/photo-storage.js';
import { S3PhotoStorage } from '../shared/adapters/s3-photo-storage.js';
import { MAX_PHOTO_BYTES, PHOTO_LINK_SECONDS, uploaderOf } from '../shared/domain/photos.js';
import { refusalOf, sameText, type S3Refusal } from './s3-post-policy.js';

/** Where the forms post (the SDK's path-style URL of the bucket `uploads`) and where links point. */
export const LOCAL_UPLOADS_PATH = '/local/uploads';
export const LOCAL_PHOTOS_PATH = '/local/photos/';
const BUCKET = 'uploads';
/** A form's fields are a few KB: more than the largest photo plus this is refused unread. */
const MAX_FORM_BYTES = MAX_PHOTO_BYTES + 64 * 1024;

/** The whole body, or undefined when it is over `limit` (still read to its end, so the connection stays in step). */
async function readUpTo(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** S3's error document; any origin may read it (the pages post from wherever the local run is opened). */
function sendRefusal(response: ServerResponse, refusal: S3Refusal): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${xml(refusal.message)}</Message></Error>`;
  response.writeHead(refusal.status, {
    'content-type': 'application/xml',
    'access-control-allow-origin': '*',
  });
  response.end(body);
}

/**
 * The district's photo storage on a laptop, played as S3 plays it: forms signed with this run's own
 * credentials by the AWS SDK, exactly as in AWS; the upload checked as S3 checks it (signature,
 * expiry, every condition, size range) and stored under a temporary directory; links signed with
 * this run's own key, expiring. Nothing outlives the run.
 */
export class LocalPhotoStorage implements PhotoStorage {
  readonly directory = mkdtempSync(path.join(tmpdir(), 'sanzhang-photos-'));
  private readonly credentials = {
    accessKeyId: 'LOCALPHOTOSTORAGE',
    secretAccessKey: randomBytes(30).toString('base64'),
  };
  private readonly linkKey = randomBytes(32);
  private forms: S3PhotoStorage | undefined;

  /** `publicUrl`: where the local server is reached (known once it listens); `now`: the clock uploads and links expire by. */
  constructor(
    private readonly publicUrl: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  presignUpload(request: UploadRequest) {
    this.forms ??= new S3PhotoStorage(
      new S3Client({
        region: 'local',
        endpoint: `${this.publicUrl()}/local`,
        forcePathStyle: true,
        credentials: this.credentials,
      }),
      BUCKET,
    );
    return this.forms.presignUpload(request);
  }

  async exists(key: string): Promise<boolean> {
    const file = this.fileOf(key);
    return file !== undefined && existsSync(file);
  }

  async linkTo(key: string): Promise<string> {
    const expires = Math.floor(this.now() / 1000) + PHOTO_LINK_SECONDS;
    return `${this.publicUrl()}${LOCAL_PHOTOS_PATH}${key}?expires=${expires}&signature=${this.sign(key, expires)}`;
  }

  /** The local server's route for uploads and links (local/local-api.ts RawRoute). */
  readonly handle = async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const url = URL.parse(request.url ?? '/', 'http://localhost');
    const upload = request.method === 'POST' && url?.pathname === LOCAL_UPLOADS_PATH;
    const link = request.method === 'GET' && url?.pathname.startsWith(LOCAL_PHOTOS_PATH);
    if (!url || (!upload && !link)) return false;
    try {
      await (upload ? this.receive(request, response) : this.show(url, response));
    } catch (error) {
      sendRefusal(response, { status: 500, code: 'InternalError', message: String(error) });
    }
    return true;
  };

  /** Removes what was uploaded during the run. */
  dispose(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }

  private sign(key: string, expires: number): string {
    return createHmac('sha256', this.linkKey).update(`${key}\n${expires}`).digest('base64url');
  }

  /** Only a well-formed upload key names a file, so no key reaches outside the directory. */
  private fileOf(key: string): string | undefined {
    return uploaderOf(key) ? path.join(this.directory, key) : undefined;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readUpTo(request, MAX_FORM_BYTES);
    if (!body) {
      return sendRefusal(response, {
        status: 400,
        code: 'EntityTooLarge',
        message: 'Your proposed upload exceeds the maximum allowed size',
      });
    }
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': request.headers['content-type'] ?? '' },
    })
      .formData()
      .catch(() => undefined);
    const file = form?.get('file');
    if (!form || !(file instanceof File)) {
      return sendRefusal(response, {
        status: 400,
        code: 'MalformedPOSTRequest',
        message: 'The body of your POST request is not well-formed multipart/form-data with a file.',
      });
    }
    const fields = new Map<string, string>();
    for (const [name, value] of form) if (typeof value === 'string') fields.set(name.toLowerCase(), value);
    const refusal = refusalOf({ fields, bucket: BUCKET, size: file.size }, this.credentials, this.now());
    const target = this.fileOf(fields.get('key') ?? '');
    if (refusal || !target) {
      return sendRefusal(
        response,
        refusal ?? { status: 400, code: 'InvalidArgument', message: 'Not an upload key.' },
      );
    }
    const bytes = Buffer.from(await file.arrayBuffer());
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, bytes);
    writeFileSync(`${target}.json`, JSON.stringify({ contentType: fields.get('content-type') }));
    response.writeHead(204, {
      etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
      location: `${this.publicUrl()}${LOCAL_UPLOADS_PATH}/${fields.get('key') ?? ''}`,
      'access-control-allow-origin': '*',
    });
    response.end();
  }

  private async show(url: URL, response: ServerResponse): Promise<void> {
    // Keys are ASCII (shared/domain/photos.ts): a link path never needs decoding.
    const key = url.pathname.slice(LOCAL_PHOTOS_PATH.length);
    const expires = Number(url.searchParams.get('expires'));
    if (!sameText(url.searchParams.get('signature') ?? '', this.sign(key, expires))) {
      return sendRefusal(response, {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      });
    }
    if (expires * 1000 <= this.now()) {
      return sendRefusal(response, { status: 403, code: 'AccessDenied', message: 'Request has expired' });
    }
    const file = this.fileOf(key);
    if (!file || !existsSync(file)) {
      return sendRefusal(response, {
        status: 404,
        code: 'NoSuchKey',
        message: 'The specified key does not exist.',
      });
    }
    const { contentType } = JSON.parse(readFileSync(`${file}.json`, 'utf8')) as { contentType?: string };
    const bytes = readFileSync(file);
    response.writeHead(200, {
      'content-type': contentType ?? 'application/octet-stream',
      'content-length': String(bytes.length),
      'cache-control': 'private, max-age=300',
    });
    response.end(bytes);
  }
}
