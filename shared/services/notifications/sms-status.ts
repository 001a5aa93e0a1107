import { safeEqual } from '../../domain/intake-secrets.js';
import { NotFoundError, PayloadTooLargeError } from '../../errors.js';
import { parseJsonBody, parseWith } from '../../http/parse.js';
import { logger } from '../../logger.js';
import type { Dependencies } from '../../runtime/dependencies.js';
import { recordMetric } from '../../runtime/metrics.js';
import { recordDeliveryReport } from '../../store/sms-delivery-store.js';
import { smsStatusBody } from '../../http/contract/intake.js';

/** Tencent Cloud batches reports; a few hundred fit, far more than a push carries. */
const MAX_BODY_BYTES = 256 * 1024;

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
  const reports = parseWith(smsStatusBody, parseJsonBody(incoming.body, false), 'body');
  const outcomes = { recorded: 0, replayed: 0, unknown: 0 };
  for (const report of reports) {
    const status = report.report_status === 'SUCCESS' ? 'delivered' : 'failed';
    const outcome = await recordDeliveryReport(deps.table, {
      providerMessageId: report.sid,
      status,
      // The provider reports China Standard Time.
      at: `${report.user_receive_time.replace(' ', 'T')}+08:00`,
      code: report.errmsg,
    });
    outcomes[outcome]++;
    if (outcome === 'recorded' && status === 'failed') recordMetric.smsFailed();
  }
  logger.info('SMS delivery reports', outcomes);
  return { result: 0, errmsg: 'OK' };
}
