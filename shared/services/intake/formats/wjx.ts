/**
 * 问卷星 (wjx.cn) answer push («答卷api推送», 问卷星开放文档):
 * https://www.showdoc.com.cn/wjxopenapi/7664690808275512
 *
 * POST JSON `{activity, name, timetaken, submittime, q1, q2, …, joinid, totalvalue, index, sign}`,
 * every value a string: a single choice is its 1-based option index (`"2"`), a multiple choice
 * `"1,2"`, a text question its text. `joinid` is the answer sheet's id; `sign =
 * sha1(activity + index + push key)`, `index` being the answer's sequence number. The sign covers no
 * answer and no time: it proves who sent, and the joinid dedupes a replay. A failed push is retried
 * (when the form ticks 失败自动重发); after 10 failures in a row the URL is paused for 30 minutes.
 */
import { createHash } from 'node:crypto';
import { UnauthorizedError } from '../../../errors.js';
import { parseWith } from '../../../http/parse.js';
import * as z from '../../../zod.js';
import type { IntakeFormatAdapter } from '../../../domain/intake-submission.js';
import { parseDeliveryBody } from './body.js';
import { applyMapping } from './mapping.js';
import { anySecretMatches } from '../../../domain/intake-secrets.js';

/** The sign 问卷星 adds to a push: sha1 hex of activity, index and the push key, concatenated. */
export function wjxSign(activity: string, index: string, key: string): string {
  return createHash('sha1').update(`${activity}${index}${key}`, 'utf8').digest('hex');
}

const id = z.union([z.string().check(z.minLength(1)), z.number()]);
const signed = z.looseObject({ activity: id, index: id, sign: z.string().check(z.minLength(1)) });
const answerSheet = z.looseObject({ joinid: id });

export const wjxFormat: IntakeFormatAdapter = {
  authenticate(delivery, partner) {
    const result = z.safeParse(signed, parseDeliveryBody(delivery));
    if (!result.success) {
      throw new UnauthorizedError(
        'The push has no activity, index and sign: set a push key (推送密钥) in 问卷星.',
      );
    }
    const { activity, index, sign } = result.data;
    const given = sign.toLowerCase();
    if (!anySecretMatches([given], partner.secrets, (key) => wjxSign(String(activity), String(index), key))) {
      throw new UnauthorizedError("The push's sign was not made with an active push key of this partner.");
    }
  },
  read(delivery, partner) {
    const answers = parseWith(answerSheet, parseDeliveryBody(delivery), 'body');
    // The answers are top-level fields (q1, q2…): the mapping names them without a prefix.
    return { externalId: String(answers.joinid), ...applyMapping(answers, partner, '') };
  },
};
