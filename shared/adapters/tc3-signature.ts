import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256 ("Signature v3",
 * https://www.tencentcloud.com/document/api/382/40536 links it as the SendSms API's signing method;
 * the same page stands under every product's API docs, e.g. https://tencentcloud.com/document/api/266/34114).
 * Written here rather than taken from the official SDK, which bundles to about 0.5 MB: a POST with a
 * JSON body signs `content-type` and `host`, and the key is derived per UTC date and service.
 */
export interface Tc3Request {
  secretId: string;
  secretKey: string;
  /** The product, the first label of its host: `sms` for sms.tencentcloudapi.com. */
  service: string;
  host: string;
  action: string;
  version: string;
  region: string;
  /** Unix seconds; the provider refuses a signature more than five minutes off its clock. */
  timestamp: number;
  body: string;
}

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

/** The `Authorization` header of a signed POST to `/`. */
export function tc3Authorization(request: Tc3Request): string {
  // The credential scope's date is the timestamp's UTC date, never the local one.
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const signedHeaders = 'content-type;host';
  const canonicalRequest = [
    'POST',
    '/',
    '',
    `content-type:${TC3_CONTENT_TYPE}\nhost:${request.host}\n`,
    signedHeaders,
    sha256Hex(request.body),
  ].join('\n');
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(request.timestamp), scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const signingKey = hmac(hmac(hmac(`TC3${request.secretKey}`, date), request.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return `${TC3_ALGORITHM} Credential=${request.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Every header a signed API 3.0 call carries. */
export function tc3Headers(request: Tc3Request): Record<string, string> {
  return {
    authorization: tc3Authorization(request),
    'content-type': TC3_CONTENT_TYPE,
    host: request.host,
    'x-tc-action': request.action,
    'x-tc-timestamp': String(request.timestamp),
    'x-tc-version': request.version,
    'x-tc-region': request.region,
  };
}
