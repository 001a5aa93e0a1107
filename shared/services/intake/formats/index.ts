import type { IntakeFormat, IntakeFormatAdapter } from '../../../domain/intake-submission.js';
import { cliImFormat } from './cli-im.js';
import { jiandaoyunFormat } from './jiandaoyun.js';
import { jinshujuFormat } from './jinshuju.js';
import { jsonFormat } from './json.js';
import { sanzhangFormat } from './sanzhang-webhook.js';
import { wjxFormat } from './wjx.js';

/** The webhook formats, by the name a partner's config gives (Open311 is an API of its own, not a webhook). */
export const FORMAT_ADAPTERS: Record<Exclude<IntakeFormat, 'open311'>, IntakeFormatAdapter> = {
  sanzhang: sanzhangFormat,
  'cli-im': cliImFormat,
  jinshuju: jinshujuFormat,
  wjx: wjxFormat,
  jiandaoyun: jiandaoyunFormat,
  json: jsonFormat,
};
