/** An intake partner as the API shows it: never a secret, only its last characters. */
export interface PartnerView {
  id: string;
  name: string;
  format: string;
  scope: string;
  triageCommunityId: string;
  defaultCategory: string;
  disabled: boolean;
  secrets: { id: string; createdAt: string; endsWith: string }[];
  apiKeys: { id: string; createdAt: string; revokedAt?: string }[];
  updatedAt: string;
}

/** The channels a partner delivers through, in words staff know them by. */
export const FORMAT_NAMES: Record<string, string> = {
  sanzhang: '本系统表单',
  'cli-im': '草料二维码',
  jinshuju: '金数据',
  wjx: '问卷星',
  jiandaoyun: '简道云',
  json: '通用 JSON',
  open311: 'Open311',
};
