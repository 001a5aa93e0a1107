import type { SmsMessage } from '../domain/sms.js';
import { logger } from '../logger.js';
import type { Notifier } from './notifier.js';
import * as z from '../zod.js';
import { SmsProviderUnavailableError, SmsRefusedError } from './sms-errors.js';
import type { SmsProviderSecret } from './sms-provider-secret.js';
import { tc3Headers } from './tc3-signature.js';
import { tencentSmsError } from './tencent-sms-errors.js';

/**
 * Tencent Cloud SMS, `SendSms` of API version 2021-01-11 (https://www.tencentcloud.com/document/api/382/40536):
 * a POST of JSON to sms.tencentcloudapi.com signed with TC3-HMAC-SHA256. A mainland SMS is a
 * registered template and its parameters, sent under the registered signature (its name without 【】);
 * free text is refused. Each phone gets a SendStatus whose SerialNo is the id the delivery-status
 * callback reports under (`sid`).
 */
export interface TencentSmsSettings {
  sdkAppId: string;
  region: string;
  /** Template name → the id Tencent Cloud approved it under. */
  templates: Record<string, string>;
  /** The registered signature, with or without its 【】. */
  signature: string;
  /** The supervisors' phones (E.164): China has no SNS topic to subscribe them to. */
  supervisors: string[];
  /** Default https://sms.tencentcloudapi.com; tests point it at a local stub. */
  endpoint?: string;
  timeoutMs?: number;
}

const DEFAULT_ENDPOINT = 'https://sms.tencentcloudapi.com';
/** Below the sending functions' 10 s, so a slow provider leaves time to answer and record. */
const DEFAULT_TIMEOUT_MS = 5_000;

type SendStatus = { SerialNo?: string | undefined; Code: string };

export class TencentSmsNotifier implements Notifier {
  // An instance field, not a module-level one: a function bundled without this provider never builds it.
  private readonly responseShape = z.object({
    Response: z.object({
      Error: z.optional(z.object({ Code: z.string(), Message: z.optional(z.string()) })),
      SendStatusSet: z.optional(z.array(z.object({ SerialNo: z.optional(z.string()), Code: z.string() }))),
    }),
  });

  constructor(
    private readonly settings: TencentSmsSettings,
    private readonly credentials: () => Promise<SmsProviderSecret>,
    private readonly now: () => number = Date.now,
  ) {}

  async sendSms(phone: string, message: SmsMessage): Promise<string> {
    const [status] = await this.send([phone], message);
    if (status?.Code !== 'Ok') throw tencentSmsError(status?.Code ?? 'MissingSendStatus');
    // Sent even without a SerialNo: not to be sent again, only not reported on.
    return status.SerialNo ?? '';
  }

  /**
   * One request to every supervisor. The message counts as sent when one of them got it: the
   * others' codes are logged (never their phones), and sending again would repeat it to the rest.
   * Returns the serial numbers, comma-separated, each reported on by the callback.
   */
  async notifySupervisors(message: SmsMessage): Promise<string> {
    const statuses = await this.send(this.settings.supervisors, message);
    const sent = statuses.filter((status) => status.Code === 'Ok' && status.SerialNo);
    const failed = statuses.filter((status) => !sent.includes(status));
    if (sent.length === 0) throw tencentSmsError(failed[0]?.Code ?? 'MissingSendStatus');
    if (failed.length > 0) {
      logger.warn('SMS to some supervisors refused', { codes: failed.map((status) => status.Code) });
    }
    return sent.map((status) => status.SerialNo).join(',');
  }

  private async send(phones: string[], message: SmsMessage): Promise<SendStatus[]> {
    const templateId = this.settings.templates[message.template];
    if (!templateId) {
      throw new SmsRefusedError(
        'TemplateNotMapped',
        `sms.tencent.templates has no id for "${message.template}"`,
      );
    }
    const body = JSON.stringify({
      PhoneNumberSet: phones,
      SmsSdkAppId: this.settings.sdkAppId,
      SignName: this.settings.signature.replace(/^【(.*)】$/, '$1'),
      TemplateId: templateId,
      TemplateParamSet: message.params,
    });
    const answer = this.responseShape.safeParse(await this.post(body));
    if (!answer.success) throw new SmsProviderUnavailableError('MalformedResponse');
    const { Error: error, SendStatusSet } = answer.data.Response;
    if (error) throw tencentSmsError(error.Code);
    return SendStatusSet ?? [];
  }

  /** The parsed JSON answer; a network failure, a timeout or a 5xx is the provider being unavailable. */
  private async post(body: string): Promise<unknown> {
    const { secretId, secretKey } = await this.credentials();
    const url = new URL(this.settings.endpoint ?? DEFAULT_ENDPOINT);
    const headers = tc3Headers({
      secretId,
      secretKey,
      service: 'sms',
      host: url.host,
      action: 'SendSms',
      version: '2021-01-11',
      region: this.settings.region,
      timestamp: Math.floor(this.now() / 1000),
      body,
    });
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      throw new SmsProviderUnavailableError(timedOut ? 'RequestTimeout' : 'NetworkError');
    }
    if (response.status >= 500 || response.status === 429) {
      throw new SmsProviderUnavailableError(`HTTP${response.status}`);
    }
    try {
      return await response.json();
    } catch {
      throw new SmsProviderUnavailableError('MalformedResponse');
    }
  }
}
