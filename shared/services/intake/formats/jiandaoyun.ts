/**
 * 简道云 (Jiandaoyun) data push: «开发指南» (https://hc.jiandaoyun.com/open/11507) for the signature,
 * «数据推送» (https://hc.jiandaoyun.com/open/10732) for the events, «表单和数据接口»
 * (https://hc.jiandaoyun.com/open/10993) for the widgets' values.
 *
 * POST application/json to `…?nonce=…&timestamp=…`, body `{op, opTime, data: {_id, …, _widget_…}}`
 * (a widget's alias replaces its name when the form sets one; the mapping uses whichever the form
 * pushes). `X-JDY-Signature` = sha1 hex of `<nonce>:<body>:<secret>:<timestamp>`; `X-JDY-DeliverId`
 * is unique per event and repeated by its retries, so it is the externalId. The docs set no time
 * window and a retry may re-send an old timestamp, so none is enforced: the deliver id dedupes a replay.
 */
import { createHash } from 'node:crypto';
import { UnauthorizedError, ValidationError } from '../../../errors.js';
import { parseWith } from '../../../http/parse.js';
import * as z from '../../../zod.js';
import type { IntakeFormatAdapter } from '../../../domain/intake-submission.js';
import { parseDeliveryBody } from './body.js';
import { applyMapping } from './mapping.js';
import { anySecretMatches } from '../../../domain/intake-secrets.js';

/** What 简道云 sends as X-JDY-Signature. */
export function jiandaoyunSignature(
  nonce: string,
  payload: string,
  secret: string,
  timestamp: string,
): string {
  return createHash('sha1').update(`${nonce}:${payload}:${secret}:${timestamp}`, 'utf8').digest('hex');
}

/**
 * Only a new record creates a request. The other events (data_update, data_remove, data_recover)
 * are optional ticks in the push settings: one ticked by mistake gets a 400 that names the op and
 * shows in 简道云's push history, and 简道云 retries it only 4 more times, never forever.
 */
const CREATE = 'data_create';

const push = z.object({ op: z.string(), data: z.record(z.string(), z.unknown()) });

export const jiandaoyunFormat: IntakeFormatAdapter = {
  authenticate(delivery, partner) {
    const signature = delivery.headers['x-jdy-signature'];
    const { nonce, timestamp } = delivery.query;
    if (!signature)
      throw new UnauthorizedError('The push has no X-JDY-Signature header: set a Secret in 简道云.');
    if (!nonce || !timestamp) {
      throw new UnauthorizedError(
        'The push URL lacks the nonce and timestamp query parameters 简道云 signs with.',
      );
    }
    const given = signature.toLowerCase();
    const expected = (secret: string) => jiandaoyunSignature(nonce, delivery.body, secret, timestamp);
    if (!anySecretMatches([given], partner.secrets, expected)) {
      throw new UnauthorizedError(
        "The push's X-JDY-Signature was not made with an active secret of this partner.",
      );
    }
  },
  read(delivery, partner) {
    const deliverId = delivery.headers['x-jdy-deliverid'];
    if (!deliverId) {
      throw new ValidationError('The push has no X-JDY-DeliverId header.', [
        { field: 'X-JDY-DeliverId', message: 'required' },
      ]);
    }
    const { op, data } = parseWith(push, parseDeliveryBody(delivery, ['application/json']), 'body');
    if (op !== CREATE) {
      throw new ValidationError(
        `Op ${op} is not handled: only ${CREATE} creates a request; untick the others.`,
        [{ field: 'op', message: `only ${CREATE} is handled` }],
      );
    }
    return { externalId: deliverId, ...applyMapping(data, partner, 'data') };
  },
};
