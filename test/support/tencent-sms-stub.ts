import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local Tencent Cloud SMS API that checks every request's TC3-HMAC-SHA256 signature the way the
 * provider documents it (Signature v3: canonical request, string to sign, the key derived from
 * "TC3" + SecretKey, the date and the service), rebuilt from the request as received, not with the
 * adapter's signer. A bad or stale signature gets the provider's own answer,
 * AuthFailure.SignatureFailure or AuthFailure.SignatureExpire.
 */
export interface StubRequest {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** What the stub answers: a JSON body (HTTP 200 unless `status`), or `hang` to never answer. */
export type StubAnswer = { status?: number; json: unknown } | 'hang';

export interface TencentSmsStub {
  url: string;
  received: StubRequest[];
  answer: (request: StubRequest) => StubAnswer;
  close: () => Promise<void>;
}

const hex = (data: string) => createHash('sha256').update(Buffer.from(data, 'utf8')).digest('hex');

function expectedSignature(
  request: IncomingMessage,
  raw: string,
  secretKey: string,
  signedHeaders: string[],
) {
  const timestamp = String(request.headers['x-tc-timestamp']);
  const day = new Date(Number(timestamp) * 1000).toISOString().split('T')[0]!;
  const canonicalHeaders = signedHeaders
    .map(
      (name) =>
        `${name}:${String(request.headers[name] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('');
  const canonical = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders.join(';')}\n${hex(raw)}`;
  const scope = `${day}/sms/tc3_request`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${scope}\n${hex(canonical)}`;
  let key: Buffer = createHmac('sha256', `TC3${secretKey}`).update(day).digest();
  for (const part of ['sms', 'tc3_request']) key = createHmac('sha256', key).update(part).digest();
  return { scope, signature: createHmac('sha256', key).update(toSign).digest('hex') };
}

/** The error code the provider would answer for this request's signature, or undefined when it holds. */
function signatureProblem(request: IncomingMessage, raw: string, keys: Record<string, string>, now: number) {
  const match =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      String(request.headers.authorization ?? ''),
    );
  if (!match) return 'AuthFailure.InvalidAuthorization';
  const [, secretId, scope, signed, signature] = match as unknown as [string, string, string, string, string];
  const secretKey = keys[secretId];
  if (!secretKey) return 'AuthFailure.SecretIdNotFound';
  const signedHeaders = signed.split(';');
  if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host'))
    return 'AuthFailure.InvalidAuthorization';
  if (Math.abs(now / 1000 - Number(request.headers['x-tc-timestamp'])) > 300)
    return 'AuthFailure.SignatureExpire';
  const expected = expectedSignature(request, raw, secretKey, signedHeaders);
  if (scope !== expected.scope) return 'AuthFailure.SignatureFailure';
  return timingSafeEqual(Buffer.from(signature), Buffer.from(expected.signature))
    ? undefined
    : 'AuthFailure.SignatureFailure';
}

/** Every phone sent to, an `Ok` with serial numbers `sid-1`, `sid-2`, … */
export function allSent(request: StubRequest, first = 1): StubAnswer {
  const phones = request.body.PhoneNumberSet as string[];
  return {
    json: {
      Response: {
        SendStatusSet: phones.map((phone, index) => ({
          SerialNo: `sid-${first + index}`,
          PhoneNumber: phone,
          Fee: 1,
          Code: 'Ok',
          Message: 'send success',
          IsoCode: 'CN',
        })),
        RequestId: 'stub-request',
      },
    },
  };
}

export async function startTencentSmsStub(keys: Record<string, string>): Promise<TencentSmsStub> {
  const stub = { received: [] as StubRequest[], answer: allSent } as TencentSmsStub;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const problem = signatureProblem(request, raw, keys, Date.now());
      const received = { headers: request.headers, body: JSON.parse(raw) as Record<string, unknown> };
      stub.received.push(received);
      const answer: StubAnswer = problem
        ? { json: { Response: { Error: { Code: problem, Message: 'signature check' }, RequestId: 'stub' } } }
        : stub.answer(received);
      if (answer === 'hang') return;
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stub.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
