import { describe, expect, it } from 'vitest';
import {
  clipParam,
  LINK_SITE,
  longestLinkSms,
  renderSms,
  SMS_TEMPLATE_NAMES,
  SMS_TEMPLATES,
  type SmsTemplateName,
} from '../../shared/domain/sms-templates.js';
import { isLinkTemplate, unmappedSmsTemplates } from '../../shared/config/vocabulary.js';
import { TEMPLATE_KINDS } from '../../shared/domain/notification.js';
import { LINK_TOKEN_LENGTH } from '../../shared/domain/short-link.js';
import { smsSegments } from '../../shared/domain/sms.js';

const SIGNATURE = '【绿园三长】';
const SITE = 'https://sq.lvyuan.gov.cn';
const example = (name: SmsTemplateName) =>
  renderSms(
    SIGNATURE,
    name,
    SMS_TEMPLATES[name].params.map((param) => param.example),
    SITE,
  );

describe('the registry of SMS templates', () => {
  it('names every template the system sends', () => {
    expect(SMS_TEMPLATE_NAMES).toEqual(Object.keys(SMS_TEMPLATES));
    expect(SMS_TEMPLATE_NAMES).toContain('signInCode');
    expect(SMS_TEMPLATE_NAMES).toHaveLength(34);
  });

  it('names what a provider’s template mapping leaves out or empty, for the config’s check', () => {
    const mapped = Object.fromEntries(
      SMS_TEMPLATE_NAMES.map((name, index) => [name, String(2_000_000 + index)]),
    );
    expect(unmappedSmsTemplates(mapped)).toEqual([]);
    const { statementBonus: _left, ...partial } = mapped;
    expect(unmappedSmsTemplates({ ...partial, signInCode: '' })).toEqual(['statementBonus', 'signInCode']);
  });

  it.each(SMS_TEMPLATE_NAMES)(
    '%s numbers its placeholders 1..n, each once, never two side by side',
    (name) => {
      const { body, params } = SMS_TEMPLATES[name];
      const numbers = [...body.matchAll(/\{(\d+)\}/g)].map((match) => Number(match[1]));
      expect(numbers).toEqual(params.map((_, index) => index + 1));
      expect(body).not.toMatch(/\}\{/);
      expect(body).not.toMatch(/^\{\d+\}$/);
    },
  );

  it.each(SMS_TEMPLATE_NAMES)(
    '%s holds no signature and no 【】, which the provider refuses in a body',
    (name) => {
      expect(SMS_TEMPLATES[name].body).not.toMatch(/[【】]/);
    },
  );

  it.each(SMS_TEMPLATE_NAMES)('%s has non-empty examples within each parameter’s limit', (name) => {
    for (const param of SMS_TEMPLATES[name].params) {
      expect(param.example).not.toBe('');
      expect([...param.example].length).toBeLessThanOrEqual(param.maxLength);
      expect(clipParam(param.example, param.maxLength)).toBe(param.example);
    }
  });

  it.each(SMS_TEMPLATE_NAMES)(
    '%s renders its example, signature first, in one 70-character segment',
    (name) => {
      const message = example(name);
      expect(message.template).toBe(name);
      expect(message.text.startsWith(SIGNATURE)).toBe(true);
      expect(message.text).not.toMatch(/\{\d+\}/);
      expect(smsSegments(message.text)).toBe(1);
    },
  );

  // A statement's figures fit at realistic sizes (test/domain/settlement.test.ts), not at nine digits each.
  it.each(SMS_TEMPLATE_NAMES.filter((name) => !name.startsWith('statement')))(
    '%s fits one segment with every parameter at its limit',
    (name) => {
      const longest = SMS_TEMPLATES[name].params.map((param) => '长'.repeat(param.maxLength));
      expect(smsSegments(renderSms(SIGNATURE, name, longest, SITE).text)).toBe(1);
    },
  );

  it('keeps every parameter within the strictest documented limit but the free text ones and the figures', () => {
    const wider = SMS_TEMPLATE_NAMES.flatMap((name) => SMS_TEMPLATES[name].params).filter(
      (param) => param.maxLength > 6,
    );
    expect(new Set(wider.map((param) => param.maxLength))).toEqual(new Set([8, 20, 9, 10]));
    expect(SMS_TEMPLATES.signInCode.params).toEqual([expect.objectContaining({ maxLength: 6 })]);
  });
});

describe('renderSms', () => {
  it('substitutes the parameters into the registered body after the signature', () => {
    expect(renderSms(SIGNATURE, 'signInCode', ['480263'])).toEqual({
      template: 'signInCode',
      params: ['480263'],
      text: '【绿园三长】您的登录验证码为480263,5分钟内有效。如非本人操作,请忽略本短信。',
    });
  });

  it('cuts a long category and address to their limits with …, and sends the cut value as the parameter', () => {
    const message = renderSms(SIGNATURE, 'dispatched', [
      'ABC123',
      '楼道照明设施维修与更换',
      '银融社区 第十二网格 13栋 2单元 1502室',
      '11',
      '23',
      '12:00',
    ]);
    expect(message.params.slice(1, 3)).toEqual(['楼道照明设施维…', '银融社区 第十二网格 13栋 2单元…']);
    expect(message.text).toBe(
      '【绿园三长】派单ABC123:楼道照明设施维…,银融社区 第十二网格 13栋 2单元…,请于11月23日12:00前处理。',
    );
    expect(smsSegments(message.text)).toBe(1);
  });

  it('takes out of free text what a variable may not hold', () => {
    expect(clipParam(' 【维修】{1} ', 8)).toBe('维修1');
  });

  it('refuses an empty parameter and a wrong count: the provider would refuse the message', () => {
    expect(() => renderSms(SIGNATURE, 'overdue', ['ABC123', '【】'])).toThrow('parameter {2} is empty');
    expect(() => renderSms(SIGNATURE, 'overdue', ['ABC123'])).toThrow('takes 2 parameters, got 1');
  });
});

describe('the link templates', () => {
  const LINKED = SMS_TEMPLATE_NAMES.filter(isLinkTemplate);
  const LONG_SIGNATURE = '【绿园区三长】';

  it('are the leaders’ assignment, escalation and reminder templates, each with a link variant', () => {
    expect(LINKED).toEqual([
      'assignedLink',
      'assignedUrgentLink',
      'escalatedTimeoutLink',
      'escalatedTimeoutUrgentLink',
      'escalatedUnresolvedLink',
      'escalatedUnresolvedUrgentLink',
      'reminderLink',
      'reminderUrgentLink',
    ]);
    for (const name of LINKED)
      expect(TEMPLATE_KINDS[name]).toBe(TEMPLATE_KINDS[name.replace(/Link$/, '') as SmsTemplateName]);
  });

  it.each(LINKED)('%s ends with the site’s constant link, only the token a parameter', (name) => {
    const { body, params } = SMS_TEMPLATES[name];
    expect(body.endsWith(`${LINK_SITE}/l/{${params.length}}`)).toBe(true);
    expect(params.at(-1)).toEqual(expect.objectContaining({ maxLength: LINK_TOKEN_LENGTH }));
  });

  it.each(LINKED)(
    '%s fits one segment with the longest data, the demo’s signature and a 16-character domain',
    (name) => {
      const longest = SMS_TEMPLATES[name].params.map((param) => '长'.repeat(param.maxLength));
      expect([...renderSms(SIGNATURE, name, longest, SITE).text].length).toBeLessThanOrEqual(70);
    },
  );

  it('is exactly full there: a longer signature or domain is a config problem', () => {
    expect(longestLinkSms(SIGNATURE, SITE).length).toBe(70);
    expect(longestLinkSms(LONG_SIGNATURE, SITE).length).toBe(71);
  });

  it('renders the link with the site it is given, and refuses to render without one', () => {
    const message = renderSms(SIGNATURE, 'assignedLink', ['ABC123', '3', '18:00', 'Ab3dE9xYz1'], SITE);
    expect(message).toEqual({
      template: 'assignedLink',
      params: ['ABC123', '3', '18:00', 'Ab3dE9xYz1'],
      text: '【绿园三长】新诉求ABC123,3日18:00前受理 https://sq.lvyuan.gov.cn/l/Ab3dE9xYz1',
    });
    expect(() => renderSms(SIGNATURE, 'assignedLink', ['ABC123', '3', '18:00', 'Ab3dE9xYz1'])).toThrow(
      'needs the site',
    );
    expect(
      renderSms(SIGNATURE, 'reminderUrgentLink', ['紧急', 'ABC123', '3', '18:00', 'Ab3dE9xYz1'], SITE).text,
    ).toBe('【绿园三长】[紧急]催办ABC123,3日18:00前处理 https://sq.lvyuan.gov.cn/l/Ab3dE9xYz1');
  });

  it('names the longest link SMS of a district: one character more of domain is one more of SMS', () => {
    const at = longestLinkSms(LONG_SIGNATURE, 'https://sanzhang.lvyuan.gov.cn');
    expect(at.template).toMatch(/UrgentLink$/);
    expect(longestLinkSms(LONG_SIGNATURE, 'https://sanzhang.lvyuan.gov.cnx').length).toBe(at.length + 1);
  });

  it('leaves the link templates out of a provider’s mapping where the district sends no links', () => {
    const mapped = Object.fromEntries(
      SMS_TEMPLATE_NAMES.filter((name) => !isLinkTemplate(name)).map((name) => [name, '2100001']),
    );
    expect(unmappedSmsTemplates(mapped, { links: false })).toEqual([]);
    expect(unmappedSmsTemplates(mapped)).toEqual(LINKED);
  });
});
