import { createHmac, timingSafeEqual } from 'node:crypto';

/** What S3 answers when it refuses an upload: the status, its error code and message. */
export interface S3Refusal {
  status: number;
  code: string;
  message: string;
}

export interface PostCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A browser-based POST upload as S3 sees it: its fields (names lowercased), the URL's bucket, the file's size. */
export interface PostedForm {
  fields: ReadonlyMap<string, string>;
  bucket: string;
  size: number;
}

type Condition = Record<string, string> | [string, string | number, string | number];
interface Policy {
  expiration?: string;
  conditions?: Condition[];
}

/** The fields S3 does not hold to the policy: the policy and its signature themselves, and the file. */
const UNCHECKED = new Set(['policy', 'x-amz-signature', 'file']);

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** SigV4: the policy (base64, as posted) signed with the key derived for the credential's date and region. */
function policySignature(policy: string, secret: string, scope: string[]): string {
  const [date = '', region = '', service = ''] = scope;
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  return createHmac('sha256', key).update(policy).digest('hex');
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

const refuse = (status: number, code: string, message: string): S3Refusal => ({ status, code, message });
const policyFailed = (condition: Condition) =>
  refuse(
    403,
    'AccessDenied',
    `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  );

function signatureRefusal(fields: ReadonlyMap<string, string>, credentials: PostCredentials) {
  const policy = fields.get('policy');
  const signature = fields.get('x-amz-signature');
  const [accessKeyId, ...scope] = (fields.get('x-amz-credential') ?? '').split('/');
  if (!policy || !signature || !accessKeyId) {
    return refuse(
      400,
      'InvalidArgument',
      'Bucket POST must contain a field named Policy, X-Amz-Signature and X-Amz-Credential',
    );
  }
  if (accessKeyId !== credentials.accessKeyId) {
    return refuse(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
    );
  }
  if (!sameText(policySignature(policy, credentials.secretAccessKey, scope), signature)) {
    return refuse(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    );
  }
  return undefined;
}

function parsePolicy(text: string): Policy | undefined {
  try {
    return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as Policy;
  } catch {
    return undefined;
  }
}

/**
 * What S3 answers a POST upload (SigV4) that breaks its policy, in S3's order: the signature, the
 * expiry, each condition, fields no condition names; then the file's size against
 * content-length-range. Undefined when S3 would store the file.
 */
export function refusalOf(
  form: PostedForm,
  credentials: PostCredentials,
  now: number,
): S3Refusal | undefined {
  const signed = signatureRefusal(form.fields, credentials);
  if (signed) return signed;
  const policy = parsePolicy(form.fields.get('policy') ?? '');
  if (!policy?.expiration || !Array.isArray(policy.conditions)) {
    return refuse(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.');
  }
  if (!(Date.parse(policy.expiration) > now))
    return refuse(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.');
  const values = new Map(form.fields).set('bucket', form.bucket);
  const named = new Set<string>();
  let range: [number, number] | undefined;
  for (const condition of policy.conditions) {
    if (!Array.isArray(condition)) {
      for (const [name, expected] of Object.entries(condition)) {
        named.add(name.toLowerCase());
        if (values.get(name.toLowerCase()) !== expected) return policyFailed({ [name]: expected });
      }
      continue;
    }
    const [operator, subject, operand] = condition;
    if (operator === 'content-length-range') {
      range = [Number(subject), Number(operand)];
      continue;
    }
    const name = String(subject).replace(/^\$/, '').toLowerCase();
    named.add(name);
    const value = values.get(name) ?? '';
    const holds =
      operator === 'eq' ? value === operand : operator === 'starts-with' && value.startsWith(String(operand));
    if (!holds) return policyFailed(condition);
  }
  const extra = [...form.fields.keys()].filter(
    (name) => !UNCHECKED.has(name) && !name.startsWith('x-ignore-') && !named.has(name),
  );
  if (extra.length > 0)
    return refuse(
      403,
      'AccessDenied',
      `Invalid according to Policy: Extra input fields: ${extra.join(', ')}`,
    );
  if (range && form.size < range[0])
    return refuse(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size');
  if (range && form.size > range[1])
    return refuse(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size');
  return undefined;
}
