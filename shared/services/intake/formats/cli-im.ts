/**
 * 草料二维码 (cli.im) form data push, as documented in 草料's open-platform docs, «Webhook»:
 * https://github.com/caoliao/API/blob/main/data-api/webhook.md
 *
 * POST application/json `{time, event, data: {ref_data: {serial_number, form, submitter, fields,
 * ref_qrcode?}}}`; `fields` are keyed by the components' labels (so is the mapping), images are
 * `{preview_url, urls[]}`. 草料 expects a 200 within 5 s and retries a failure at most 5 times
 * (15 s, 1 m, 4 m, 16 m, 1 h). It does not sign: the partner's long random token in the URL is the proof.
 */
import { ValidationError } from '../../../errors.js';
import { parseWith } from '../../../http/parse.js';
import * as z from '../../../zod.js';
import type { IntakeFormatAdapter } from '../../../domain/intake-submission.js';
import { parseDeliveryBody } from './body.js';
import { normalizePhone } from './contact.js';
import { applyMapping } from './mapping.js';
import { authenticatePathToken } from '../../../domain/intake-secrets.js';

/** The one event that is a new record; the others (edited, reviewed, progress marked) are about one we have. */
const SUBMIT = 'FORM_DATA_SUBMIT';

const answers = z.record(z.string(), z.unknown());
// A batch child code (子码) carries its fill-ins, e.g. the stairwell code's 楼栋 and 单元.
const qrcode = z.optional(z.nullable(z.object({ fields: z.optional(z.nullable(answers)) })));

const push = z.object({
  event: z.string(),
  data: z.object({
    ref_data: z.object({
      serial_number: z.union([z.string().check(z.minLength(1)), z.number()]),
      fields: answers,
      submitter: z.optional(
        z.nullable(
          z.object({
            name: z.optional(z.nullable(z.string())),
            phone_number: z.optional(z.nullable(z.string())),
          }),
        ),
      ),
      ref_qrcode: qrcode,
    }),
    // The docs' field table puts the code here, their example inside ref_data: either is read.
    ref_qrcode: qrcode,
  }),
});

export const cliImFormat: IntakeFormatAdapter = {
  authenticate: authenticatePathToken,
  read(delivery, partner) {
    const { event, data } = parseWith(push, parseDeliveryBody(delivery, ['application/json']), 'body');
    // A 400, not a silent 200: 草料's retries are bounded, and the push history shows why.
    if (event !== SUBMIT) {
      throw new ValidationError(
        `Event ${event} is not handled: only ${SUBMIT} (a new record) creates a request.`,
        [{ field: 'event', message: `only ${SUBMIT} is handled` }],
      );
    }
    const record = data.ref_data;
    const code = record.ref_qrcode ?? data.ref_qrcode;
    // The form's own answers win over the code's fill-ins of the same name.
    const mapped = applyMapping({ ...code?.fields, ...record.fields }, partner, 'data.ref_data.fields');
    return {
      externalId: `${record.serial_number}:${event}`,
      ...mapped,
      // Without a name or mobile in the form, the logged-in submitter's are the contact.
      contactName: mapped.contactName ?? (record.submitter?.name?.trim() || undefined),
      phone: mapped.phone ?? normalizePhone(record.submitter?.phone_number ?? ''),
    };
  },
};
