import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SmsProviderUnavailableError, SmsRefusedError } from '../../shared/adapters/sms-errors.js';
import { tc3Authorization } from '../../shared/adapters/tc3-signature.js';
import { TencentSmsNotifier, type TencentSmsSettings } from '../../shared/adapters/tencent-sms-notifier.js';
import { asServiceUnavailable } from '../../shared/http/problem.js';
import { allSent, startTencentSmsStub, type TencentSmsStub } from '../support/tencent-sms-stub.js';

const SECRET = {
  secretId: 'AKIDtest0000000000000000000000000001',
  secretKey: 'stub-secret-key-0123456789abcdef',
};
const credentials = async () => ({ ...SECRET, callbackToken: 'x'.repeat(40) });
const message = {
  template: 'assigned',
  params: ['A1B2C3', '漏水', '12月2日10:00'],
  text: '【绿园三长】新诉求A1B2C3…',
};
const apiError = (code: string) => () => ({
  json: { Response: { Error: { Code: code, Message: 'm' }, RequestId: 'r' } },
});
const phoneStatus = (code: string) => () => ({
  json: {
    Response: {
      SendStatusSet: [{ SerialNo: '', PhoneNumber: '+8613800000009', Code: code }],
      RequestId: 'r',
    },
  },
});

let stub: TencentSmsStub;
let settings: TencentSmsSettings;
beforeAll(async () => {
  stub = await startTencentSmsStub({ [SECRET.secretId]: SECRET.secretKey });
});
afterAll(() => stub.close());
beforeEach(() => {
  stub.received.length = 0;
  stub.answer = allSent;
  settings = {
    sdkAppId: '1400000001',
    region: 'ap-guangzhou',
    templates: { assigned: '2100001' },
    signature: '【绿园三长】',
    supervisors: ['+8613800000001', '+8613800000002'],
    endpoint: stub.url,
    timeoutMs: 300,
  };
});
const notifier = () => new TencentSmsNotifier(settings, credentials);

describe('TC3-HMAC-SHA256 signing', () => {
  it("reproduces the documentation's worked example (Signature v3, DescribeInstances, 1551113065)", () => {
    const authorization = tc3Authorization({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      host: 'cvm.tencentcloudapi.com',
      action: 'DescribeInstances',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      timestamp: 1551113065,
      body: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
    });
    expect(authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});

describe('TencentSmsNotifier against a signature-checking stub', () => {
  it('sends the template id and parameters under the signature without 【】, and returns the SerialNo', async () => {
    const id = await notifier().sendSms('+8613800000009', message);

    expect(id).toBe('sid-1');
    expect(stub.received).toHaveLength(1);
    const [request] = stub.received;
    expect(request!.body).toEqual({
      PhoneNumberSet: ['+8613800000009'],
      SmsSdkAppId: '1400000001',
      SignName: '绿园三长',
      TemplateId: '2100001',
      TemplateParamSet: ['A1B2C3', '漏水', '12月2日10:00'],
    });
    expect(request!.headers).toMatchObject({
      'x-tc-action': 'SendSms',
      'x-tc-version': '2021-01-11',
      'x-tc-region': 'ap-guangzhou',
    });
  });

  it('is refused by the stub when signed with another key (the stub checks)', async () => {
    const wrongKey = new TencentSmsNotifier(settings, async () => ({
      ...SECRET,
      secretKey: 'another-key',
      callbackToken: 'x'.repeat(40),
    }));
    await expect(wrongKey.sendSms('+8613800000009', message)).rejects.toMatchObject({
      name: 'SmsRefusedError',
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('takes a clock five minutes off as retryable (SignatureExpire)', async () => {
    const skewed = new TencentSmsNotifier(settings, credentials, () => Date.now() - 600_000);
    await expect(skewed.sendSms('+8613800000009', message)).rejects.toBeInstanceOf(
      SmsProviderUnavailableError,
    );
  });

  it('sends nothing for a template the config does not map', async () => {
    await expect(
      notifier().sendSms('+8613800000009', { ...message, template: 'unknown' }),
    ).rejects.toMatchObject({
      code: 'TemplateNotMapped',
    });
    expect(stub.received).toEqual([]);
  });
});

describe('error codes', () => {
  it.each([
    ['InternalError.Timeout', apiError],
    ['RequestLimitExceeded', apiError],
    ['LimitExceeded.PhoneNumberDailyLimit', phoneStatus],
    ['LimitExceeded.DeliveryFrequencyLimit', phoneStatus],
  ])('%s is retryable: a 503 the caller retries, the message left queued', async (code, answer) => {
    stub.answer = answer(code);
    const error = await notifier()
      .sendSms('+8613800000009', message)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmsProviderUnavailableError);
    expect(error).toMatchObject({ code, status: 503 });
    expect(asServiceUnavailable(error)).toBe(error);
  });

  it.each([
    ['FailedOperation.TemplateIncorrectOrUnapproved', apiError],
    ['FailedOperation.SignatureIncorrectOrUnapproved', apiError],
    ['LimitExceeded.PhoneNumberCountLimit', apiError],
    ['InvalidParameterValue.IncorrectPhoneNumber', phoneStatus],
    ['FailedOperation.PhoneNumberInBlacklist', phoneStatus],
  ])('%s is permanent: an error naming the code, not a 503', async (code, answer) => {
    stub.answer = answer(code);
    const error = await notifier()
      .sendSms('+8613800000009', message)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SmsRefusedError);
    expect((error as Error).message).toContain(code);
    expect((error as Error).message).not.toContain('13800000009');
    expect(asServiceUnavailable(error)).toBeUndefined();
  });

  it('takes a provider that does not answer in time as unavailable (the request is aborted)', async () => {
    stub.answer = () => 'hang';
    const started = Date.now();
    await expect(notifier().sendSms('+8613800000009', message)).rejects.toMatchObject({
      code: 'RequestTimeout',
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('takes a 5xx or a body that is not the API answer as unavailable', async () => {
    stub.answer = () => ({ status: 502, json: { message: 'bad gateway' } });
    await expect(notifier().sendSms('+8613800000009', message)).rejects.toMatchObject({ code: 'HTTP502' });
    stub.answer = () => ({ json: { unexpected: true } });
    await expect(notifier().sendSms('+8613800000009', message)).rejects.toMatchObject({
      code: 'MalformedResponse',
    });
  });
});

describe('supervisors', () => {
  it('sends one request to every supervisor phone and returns each SerialNo', async () => {
    expect(await notifier().notifySupervisors(message)).toBe('sid-1,sid-2');
    expect(stub.received).toHaveLength(1);
    expect(stub.received[0]!.body.PhoneNumberSet).toEqual(['+8613800000001', '+8613800000002']);
  });

  it('counts the message sent when one supervisor got it, and fails when none did', async () => {
    const statuses = (codes: string[]) => () => ({
      json: {
        Response: {
          SendStatusSet: codes.map((Code, index) => ({
            SerialNo: Code === 'Ok' ? `sid-${index}` : '',
            Code,
          })),
        },
      },
    });
    stub.answer = statuses(['FailedOperation.PhoneNumberInBlacklist', 'Ok']);
    expect(await notifier().notifySupervisors(message)).toBe('sid-1');
    stub.answer = statuses(['LimitExceeded.PhoneNumberDailyLimit', 'FailedOperation.PhoneNumberInBlacklist']);
    await expect(notifier().notifySupervisors(message)).rejects.toBeInstanceOf(SmsProviderUnavailableError);
  });
});
