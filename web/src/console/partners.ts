import type { components } from '../api/schema';

/** An intake partner as the API shows it: never a secret, only its last characters. */
export type PartnerView = components['schemas']['Partner'];
export type PartnerFormat = PartnerView['format'];

/** The channels a partner delivers through, in words staff know them by. */
export const FORMAT_NAMES: Record<PartnerFormat, string> = {
  sanzhang: '本系统表单',
  'cli-im': '草料二维码',
  jinshuju: '金数据',
  wjx: '问卷星',
  jiandaoyun: '简道云',
  json: '通用 JSON',
  open311: 'Open311',
};
