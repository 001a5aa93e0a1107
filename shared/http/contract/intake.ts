import { z } from '../../zod.js';
import { component } from './common.js';

/** POST /intake/{partnerId}[/{token}]: the raw body is stored and becomes a request; a retry gets the same receipt. */
export const deliveryReceipt = component(
  z.object({ deliveryId: z.string(), requestId: z.string(), status: z.literal('accepted') }),
  'DeliveryReceipt',
);

/** A partner's form delivery: the shape is the partner's own (its `format` and `mapping` read it). */
export const deliveryBody = z.record(z.string(), z.unknown());

/** POST /sms/status/{token}: what the SMS provider expects back for its delivery reports. */
export const smsStatusAnswer = z.object({ result: z.number(), errmsg: z.string() });

/** Open311's errors, in the spec's own format (not problem+json): `[{code, description}]`. */
export const open311Errors = z.array(z.object({ code: z.number(), description: z.string() }));
