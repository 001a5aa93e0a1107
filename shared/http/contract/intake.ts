import * as z from '../../zod.js';
import { component } from './common.js';

/** POST /intake/{partnerId}[/{token}]: the raw body is stored and becomes a request; a retry gets the same receipt. */
export const deliveryReceipt = component(
  z.object({ deliveryId: z.string(), requestId: z.string(), status: z.literal('accepted') }),
  'DeliveryReceipt',
);

/** A partner's form delivery: the shape is the partner's own (its `format` and `mapping` read it). */
export const deliveryBody = z.record(z.string(), z.unknown());

const MAX_REPORTS = 1000;

/**
 * Tencent Cloud SMS's delivery-status push (短信下发状态,
 * https://www.tencentcloud.com/document/product/382/43547): a JSON array, one report per SMS, `sid`
 * being the SendSms SerialNo. Fields beyond these are the provider's to add; the phone is never read.
 */
const smsReport = z.object({
  sid: z.string().check(z.minLength(1), z.maxLength(128)),
  report_status: z.enum(['SUCCESS', 'FAIL']),
  errmsg: z.string().check(z.maxLength(64)),
  user_receive_time: z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be YYYY-MM-DD HH:MM:SS')),
});

/** POST /sms/status/{token}: the provider's reports (a few hundred fit in a push; more is refused). */
export const smsStatusBody = z.array(smsReport).check(z.minLength(1), z.maxLength(MAX_REPORTS));

/** POST /sms/status/{token}: what the SMS provider expects back for its delivery reports. */
export const smsStatusAnswer = z.object({ result: z.number(), errmsg: z.string() });

/** Open311's errors, in the spec's own format (not problem+json): `[{code, description}]`. */
export const open311Errors = z.array(z.object({ code: z.number(), description: z.string() }));
