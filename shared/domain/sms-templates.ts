/**
 * Every SMS the system sends, as a template the district registers with its SMS provider. Mainland
 * carriers refuse free text, so everything that varies is a parameter, `{1}`, `{2}`… in Tencent
 * Cloud SMS syntax, numbered from 1 in order, never two side by side, never empty; the provider puts
 * the signature in front (https://cloud.tencent.com/document/product/382/39023). The urgency mark
 * and the settlement bonus are not parameters that could be empty: a message with them uses its
 * own template (`assignedUrgent`, `statementBonus`).
 *
 * Variable lengths: a verification code is at most 6 digits. For notifications Tencent documents 12
 * characters per variable for individually verified accounts and none for organisations, the
 * template page of its console being authoritative
 * (https://tencentcloud.com/document/product/382/40659); an older FAQ says 6
 * (https://cloud.tencent.com/document/product/382/13301). Here every parameter but the address is
 * at most 9 characters and most are at most 6; the address takes up to 20, which a district bureau
 * (an organisation account) may register. Free text (a category name, an address) longer than its
 * limit is cut to the limit with `…` at the end, and loses the characters a variable may not hold.
 */

import { isLinkTemplate, SMS_TEMPLATE_NAMES, type SmsTemplateName } from '../config/vocabulary.js';
import { LINK_PATH, LINK_TOKEN_LENGTH } from './short-link.js';

/**
 * An SMS as mainland carriers accept it: a template registered with the provider (by name here; the
 * district config maps each name to the provider's template id) and its parameters in order. `text`
 * is the same message rendered locally, signature included: what the outbox shows, what the
 * segment count bills and what a provider without templates (SNS) sends.
 */
export interface SmsMessage {
  template: string;
  params: string[];
  text: string;
}

export interface SmsParameter {
  meaning: string;
  maxLength: number;
  example: string;
  /** Free text, cut to `maxLength`; other parameters are fixed-format values that always fit. */
  clipped?: true;
}

export interface SmsTemplate {
  /** When the system sends it and to whom. */
  purpose: string;
  /** As registered with the provider, without the signature. */
  body: string;
  params: readonly SmsParameter[];
}

const reference: SmsParameter = {
  meaning: 'The short reference of the request: the last six characters of its id.',
  maxLength: 6,
  example: 'ABC123',
};
const mark: SmsParameter = { meaning: 'The urgency: 较急 or 紧急.', maxLength: 2, example: '紧急' };
const category: SmsParameter = {
  meaning: 'The category name from the district config.',
  maxLength: 8,
  example: '下水疏通',
  clipped: true,
};
const address: SmsParameter = {
  meaning: 'The household address: community, building, unit, room.',
  maxLength: 20,
  example: '银融社区 3栋 2单元 502',
  clipped: true,
};
const level: SmsParameter = {
  meaning: 'Who missed the deadline or could not resolve it: 单元长, 楼栋长, 网格长 or 社区.',
  maxLength: 3,
  example: '楼栋长',
};
/** The deadline in the district's time zone, in three parameters that each fit any variable limit. */
const deadline: readonly SmsParameter[] = [
  { meaning: 'Deadline: the month, 1 to 12.', maxLength: 2, example: '11' },
  { meaning: 'Deadline: the day of the month.', maxLength: 2, example: '23' },
  { meaning: 'Deadline: the time, HH:MM.', maxLength: 5, example: '12:00' },
];
const figure = (meaning: string, example: string): SmsParameter => ({ meaning, maxLength: 9, example });
const statement: readonly SmsParameter[] = [
  { meaning: 'The settled month, 1 to 12.', maxLength: 2, example: '10' },
  figure('The points earned in the month.', '125'),
  figure('The rank in the community.', '3'),
  figure('The rank in the district.', '412'),
];
const balance = figure('The points balance after the settlement.', '1380');
const digestCount = (about: string, example: string): SmsParameter => ({
  meaning: `How many ${about} the held SMS were about.`,
  maxLength: 3,
  example,
});
const noticeTitle: SmsParameter = {
  meaning: "The notice's title (at most 20 characters: the notice's own limit).",
  maxLength: 20,
  example: '关于本周六停水及储水安排的紧急通知事项',
  clipped: true,
};
const code: SmsParameter = { meaning: 'The one-time code: 6 digits.', maxLength: 6, example: '480263' };

/**
 * The variant of a template for a request of high or urgent priority: the same body behind the
 * mark `[{1}]`, its placeholders moved up by one. Derived, so the two can never say different things.
 */
function urgent(base: SmsTemplate, purpose: string): SmsTemplate {
  return {
    purpose,
    body: `[{1}]${base.body.replace(/\{(\d+)\}/g, (_placeholder, index: string) => `{${Number(index) + 1}}`)}`,
    params: [mark, ...base.params],
  };
}

/**
 * Where a link template's link begins. Tencent takes no link in a variable, only as a constant of
 * the template on an ICP-filed domain (https://cloud.tencent.com/document/product/382/13301): the
 * district registers each link template with its own `https://<web.domain>` here, and only the
 * token is a parameter. Rendered with the site the district's links point to.
 */
export const LINK_SITE = 'https://<web.domain>';
const token: SmsParameter = {
  meaning: 'The link’s token: 10 letters and digits (docs/web.md, "SMS links").',
  maxLength: LINK_TOKEN_LENGTH,
  example: 'Ab3dE9xYz1',
};
const [, ...dayAndTime] = deadline;

/**
 * A leader's template with the link that opens the request, for districts with a site. A link
 * takes half a segment, so the body keeps what a leader acts on before tapping: what happened, the
 * reference, the deadline's day and time and what is due by then (受理 an acknowledgement, 处理 the
 * work; the page shows the rest); `{site}/l/{n}` ends it.
 */
function withLink(purpose: string, lead: string, due: '受理' | '处理' = '受理'): SmsTemplate {
  const params = [reference, ...dayAndTime, token];
  return {
    purpose,
    body: `${lead}{1},{2}日{3}前${due} ${LINK_SITE}${LINK_PATH}{${params.length}}`,
    params,
  };
}

const assigned: SmsTemplate = {
  purpose: 'A leader is given a new request (normal priority).',
  body: '新诉求{1}:{2},请于{3}月{4}日{5}前受理。',
  params: [reference, category, ...deadline],
};
const escalatedTimeout: SmsTemplate = {
  purpose: 'A request escalates to the next leader because the level below missed its deadline.',
  body: '诉求{1}({2})因{3}超时未办升级至您,请于{4}月{5}日{6}前受理。',
  params: [reference, category, level, ...deadline],
};
const escalatedUnresolved: SmsTemplate = {
  purpose: 'A request escalates to the next leader because the leader below could not resolve it.',
  body: '诉求{1}({2})因{3}无法解决升级至您,请于{4}月{5}日{6}前受理。',
  params: [reference, category, level, ...deadline],
};
const triage: SmsTemplate = {
  purpose: 'A community duty officer (or the supervisors) must place a request that matched no household.',
  body: '新诉求{1}:{2},未匹配到住户,请于{3}月{4}日{5}前核实并分派。',
  params: [reference, category, ...deadline],
};
const reminder: SmsTemplate = {
  purpose:
    'The leader holding a request, before its acknowledge or resolve deadline (sla.reminders; normal priority).',
  body: '诉求{1}({2})将于{3}月{4}日{5}超时,请尽快处理。',
  params: [reference, category, ...deadline],
};
const dispatched: SmsTemplate = {
  purpose: 'A staff member or volunteer team is dispatched to a request.',
  body: '派单{1}:{2},{3},请于{4}月{5}日{6}前处理。',
  params: [reference, category, address, ...deadline],
};

const assignedLink = withLink('As assigned, with the link (the district has web.domain).', '新诉求');
const escalatedTimeoutLink = withLink(
  'As escalatedTimeout, with the link (the district has web.domain).',
  '超时升级',
);
const escalatedUnresolvedLink = withLink(
  'As escalatedUnresolved, with the link (the district has web.domain).',
  '上报升级',
);
// 催办 (a reminder to act): the reminder comes before either deadline, so it asks for the work (处理).
const reminderLink = withLink('As reminder, with the link (the district has web.domain).', '催办', '处理');

export const SMS_TEMPLATES = {
  assigned,
  assignedUrgent: urgent(assigned, 'A leader is given a new request of high or urgent priority.'),
  escalatedTimeout,
  escalatedTimeoutUrgent: urgent(
    escalatedTimeout,
    'As escalatedTimeout, for a request of high or urgent priority.',
  ),
  escalatedUnresolved,
  escalatedUnresolvedUrgent: urgent(
    escalatedUnresolved,
    'As escalatedUnresolved, for a request of high or urgent priority.',
  ),
  reopened: {
    purpose: 'The resident rejected the resolution; the leader gets the request back.',
    body: '居民对诉求{1}的处理不满意,已退回,请于{2}月{3}日{4}前处理。',
    params: [reference, ...deadline],
  },
  resolved: {
    purpose: 'The resident is asked to confirm or rate a resolved request.',
    body: '您的诉求{1}已办结,请在{2}月{3}日{4}前确认或评价,逾期自动确认。',
    params: [reference, ...deadline],
  },
  overdue: {
    purpose: 'The supervisors: a request at the street level is overdue (and every reminder interval after).',
    body: '诉求{1}({2})已升至街道仍未办结,已超时,请督办。',
    params: [reference, category],
  },
  triage,
  triageUrgent: urgent(triage, 'As triage, for a request of high or urgent priority.'),
  triageOverdue: {
    purpose: 'The supervisors: nobody placed a request in triage in time.',
    body: '诉求{1}({2})未匹配住户,社区超时未分派,请督办。',
    params: [reference, category],
  },
  dispatched,
  dispatchedUrgent: urgent(dispatched, 'As dispatched, for a request of high or urgent priority.'),
  dispatchCompleted: {
    purpose: 'The leader: the dispatched work is reported done.',
    body: '派单{1}已完成,请确认后办结,请于{2}月{3}日{4}前处理。',
    params: [reference, ...deadline],
  },
  dispatchOverdue: {
    purpose: 'The leader: the dispatched work missed its deadline and is back.',
    body: '派单{1}超时未完成,已退回您处跟进,请于{2}月{3}日{4}前处理。',
    params: [reference, ...deadline],
  },
  statement: {
    purpose: 'A leader’s monthly points statement, without a bonus.',
    body: '{1}月积分{2},社区第{3}名,全区第{4}名,余额{5}分。',
    params: [...statement, balance],
  },
  statementBonus: {
    purpose: 'A leader’s monthly points statement with the community-rank bonus.',
    body: '{1}月积分{2},社区第{3}名,全区第{4}名,奖励{5}分,余额{6}分。',
    params: [...statement, figure('The bonus points of the community rank.', '20'), balance],
  },
  signInCode: {
    purpose: 'A one-time sign-in code (a verification-code template).',
    body: '您的登录验证码为{1},5分钟内有效。如非本人操作,请忽略本短信。',
    params: [code],
  },
  digest: {
    purpose:
      'When quiet hours end (sms.digest on): a person’s two or more SMS held overnight about requests and notices, as one.',
    body: '您有{1}件诉求、{2}条通知待处理,详见三长联动页面。',
    params: [digestCount('requests', '3'), digestCount('notices', '2')],
  },
  reminder,
  reminderUrgent: urgent(reminder, 'As reminder, for a request of high or urgent priority.'),
  notice: {
    purpose: 'A leader of the place a notice was posted to (通知公告); each person once.',
    body: '通知:{1}。请登录三长联动查看并确认已读。',
    params: [noticeTitle],
  },
  noticeUrgent: {
    purpose: 'As notice, for an urgent notice (sent at once, even in quiet hours).',
    body: '紧急通知:{1}。请立即登录三长联动查看并确认已读。',
    params: [noticeTitle],
  },
  noticeReminder: {
    purpose: 'A leader who has not confirmed reading an urgent notice in time (once).',
    body: '您尚未确认已读紧急通知:{1}。请尽快登录查看。',
    params: [noticeTitle],
  },
  noticeReport: {
    purpose: 'The sender of an urgent notice: how many leaders still have not read it (once).',
    body: '您发布的紧急通知:{1},仍有{2}人未读,请跟进。',
    params: [noticeTitle, figure('How many readers have not confirmed reading it.', '12')],
  },
  assignedLink,
  assignedUrgentLink: urgent(assignedLink, 'As assignedUrgent, with the link (the district has web.domain).'),
  escalatedTimeoutLink,
  escalatedTimeoutUrgentLink: urgent(
    escalatedTimeoutLink,
    'As escalatedTimeoutUrgent, with the link (the district has web.domain).',
  ),
  escalatedUnresolvedLink,
  escalatedUnresolvedUrgentLink: urgent(
    escalatedUnresolvedLink,
    'As escalatedUnresolvedUrgent, with the link (the district has web.domain).',
  ),
  reminderLink,
  reminderUrgentLink: urgent(reminderLink, 'As reminderUrgent, with the link (the district has web.domain).'),
} as const satisfies Record<SmsTemplateName, SmsTemplate>;

export { SMS_TEMPLATE_NAMES, type SmsTemplateName };

/** A variable may not hold 【】 (read as a signature) or braces (read as a placeholder). */
const REFUSED_IN_VARIABLE = /[【】{}]/g;

/** Free text as a variable holds it: refused characters out, cut to the limit with `…`. */
export function clipParam(value: string, maxLength: number): string {
  const chars = [...value.replace(REFUSED_IN_VARIABLE, '').trim()];
  return chars.length <= maxLength
    ? chars.join('')
    : `${chars
        .slice(0, maxLength - 1)
        .join('')
        .trimEnd()}…`;
}

/** The SMS of a registered template: its parameters as the provider gets them and the text it sends. */
export function renderSms(
  signature: string,
  template: SmsTemplateName,
  values: readonly string[],
  /** Where a link template's link points (`https://<web.domain>`): required by those, unused by the rest. */
  site?: string,
): SmsMessage {
  const specs: readonly SmsParameter[] = SMS_TEMPLATES[template].params;
  if (values.length !== specs.length) {
    throw new Error(`SMS template ${template} takes ${specs.length} parameters, got ${values.length}`);
  }
  const params = values.map((value, index) =>
    specs[index]!.clipped ? clipParam(value, specs[index]!.maxLength) : value,
  );
  const empty = params.findIndex((param) => param === '');
  if (empty >= 0) throw new Error(`SMS template ${template}: parameter {${empty + 1}} is empty`);
  const registered: string = SMS_TEMPLATES[template].body;
  if (registered.includes(LINK_SITE) && site === undefined) {
    throw new Error(`SMS template ${template} needs the site its link points to`);
  }
  const body = registered
    .replace(LINK_SITE, site ?? '')
    .replace(/\{(\d+)\}/g, (_, n: string) => params[Number(n) - 1]!);
  return { template, params, text: `${signature}${body}` };
}

/**
 * The longest SMS a link template makes for a district: its signature, every parameter at its
 * limit and its site's link. A site whose longest SMS is over one segment is refused by the
 * config check (infra/district-configs.ts).
 */
export function longestLinkSms(
  signature: string,
  site: string,
): { template: SmsTemplateName; length: number } {
  const lengths = SMS_TEMPLATE_NAMES.filter(isLinkTemplate).map((template) => {
    const longest = SMS_TEMPLATES[template].params.map((param) => '长'.repeat(param.maxLength));
    return { template, length: [...renderSms(signature, template, longest, site).text].length };
  });
  return lengths.reduce((longest, next) => (next.length > longest.length ? next : longest));
}
