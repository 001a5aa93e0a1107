import { safeEqual } from '../../domain/intake-secrets.js';
import { NotFoundError, PayloadTooLargeError } from '../../errors.js';
import { parseJsonBody, parseWith } from '../../http/parse.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordDeliveryReport } from '../../store/sms-delivery-store.js';
import { z } from '../../zod.js';

/** Tencent Cloud batches reports; a few hundred fit, far more than a push carries. */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_REPORTS = 1000;

/**
 * Tencent Cloud SMS's delivery-status push (短信下发状态,
 * https://www.tencentcloud.com/document/product/382/43547): a JSON array, one report per SMS, `sid`
 * being the SendSms SerialNo. Fields beyond these are the provider's to add; the phone is never read.
 */
const reportShape = z.object({
  sid: z.string().check(z.minLength(1), z.maxLength(128)),
  report_status: z.enum(['SUCCESS', 'FAIL']),
  errmsg: z.string().check(z.maxLength(64)),
  user_receive_time: z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be YYYY-MM-DD HH:MM:SS')),
});
const bodyShape = z.array(reportShape).check(z.minLength(1), z.maxLength(MAX_REPORTS));

/**
 * The provider signs nothing, so the route's path carries an unguessable token (in the SMS
 * provider secret), compared in constant time: a wrong one, or a district without the provider,
 * is a 404 and writes nothing; so is a body that is too large or not the provider's reports (a 4xx,
 * checked whole before the first write). A report for an id no SMS was sent under is ignored, a
 * replayed one changes nothing. The answer is the one the provider documents.
 */
export async function receiveSmsStatus(
  deps: Dependencies,
  incoming: { token: string; body: string },
): Promise<{ result: 0; errmsg: 'OK' }> {
  const expected = deps.smsCallbackToken ? await deps.smsCallbackToken() : undefined;
  if (expected === undefined || !safeEqual(incoming.token, expected)) {
    throw new NotFoundError('No such route. 无此地址。');
  }
  const bytes = Buffer.byteLength(incoming.body);
  if (bytes > MAX_BODY_BYTES) {
    throw new PayloadTooLargeError(
      `A status push is at most ${MAX_BODY_BYTES} bytes; this one is ${bytes}.`,
      [{ field: 'body', message: 'too large' }],
    );
  }
  const reports = parseWith(bodyShape, parseJsonBody(incoming.body, false), 'body');
  const outcomes = { recorded: 0, replayed: 0, unknown: 0 };
  for (const report of reports) {
    const outcome = await recordDeliveryReport(deps.table, {
      providerMessageId: report.sid,
      status: report.report_status === 'SUCCESS' ? 'delivered' : 'failed',
      // The provider reports China Standard Time.
      at: `${report.user_receive_time.replace(' ', 'T')}+08:00`,
      code: report.errmsg,
    });
    outcomes[outcome]++;
  }
  logger.info('SMS delivery reports', outcomes);
  return { result: 0, errmsg: 'OK' };
}
