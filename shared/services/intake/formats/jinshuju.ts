/**
 * 金数据 (Jinshuju) data push («Webhook 数据格式» in the open-platform docs, https://open.jinshuju.net,
 * source https://github.com/jinshuju/open-doc; older «数据推送API», https://help.jinshuju.net).
 *
 * POST application/json `{form, form_name, entry: {serial_number, field_1…, created_at, …}}`, answers
 * keyed by API code (`field_N`, so is the mapping); an address is `{province, city, district, street}`,
 * attachments are arrays of URLs. 金数据 does not sign (only `X-Requested-By: jinshuju`, which anyone
 * can send): the partner's long random token in the URL is the proof. It retries a failure at most
 * three times and stops pushing the form after 10 failures in a row, so a 4xx here should be rare.
 * An edited entry, when the form pushes edits, comes again with the same serial number: the same
 * externalId, so it is read as a repeat of the submission, never as a second request.
 */
import { parseWith } from '../../../http/parse.js';
import * as z from '../../../zod.js';
import type { IntakeFormatAdapter } from '../../../domain/intake-submission.js';
import { parseDeliveryBody } from './body.js';
import { applyMapping } from './mapping.js';
import { authenticatePathToken } from '../../../domain/intake-secrets.js';

const push = z.object({
  form: z.string().check(z.minLength(1)),
  entry: z.looseObject({
    serial_number: z.union([z.number().check(z.int()), z.string().check(z.minLength(1))]),
  }),
});

export const jinshujuFormat: IntakeFormatAdapter = {
  authenticate: authenticatePathToken,
  read(delivery, partner) {
    const { form, entry } = parseWith(push, parseDeliveryBody(delivery, ['application/json']), 'body');
    return { externalId: `${form}:${entry.serial_number}`, ...applyMapping(entry, partner, 'entry') };
  },
};
