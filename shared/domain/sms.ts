import type { Level, Priority } from '../config/vocabulary.js';
import { LEVEL_NAMES_ZH, PRIORITY_NAMES_ZH } from '../config/vocabulary.js';

/** A message the lifecycle wants sent; recorded with the state change that caused it, then delivered. */
export interface OutgoingMessage {
  /** Unique per request version and recipient, so a retried step never sends twice. */
  key: string;
  to: { kind: 'phone'; phone: string; personId: string } | { kind: 'supervisors' };
  text: string;
  urgent: boolean;
}

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

/** One UCS-2 segment holds 70 characters; longer texts are split into 67-character parts, each billed. */
export function smsSegments(text: string): number {
  const length = [...text].length;
  return length <= 70 ? 1 : Math.ceil(length / 67);
}

export function formatLocalTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}月${part('day')}日${part('hour')}:${part('minute')}`;
}

/** The short reference residents and leaders quote on the phone: the last six characters of the id. */
export function shortReference(requestId: string): string {
  return requestId.slice(-6).toUpperCase();
}

interface RequestFacts {
  requestId: string;
  categoryName: string;
  priority: Priority;
  deadline: Date;
  timeZone: string;
  signature: string;
}

const urgentMark = (priority: Priority) => (priority === 'normal' ? '' : `[${PRIORITY_NAMES_ZH[priority]}]`);

export const smsTemplates = {
  assigned: (facts: RequestFacts) =>
    `${facts.signature}${urgentMark(facts.priority)}新诉求${shortReference(facts.requestId)}:${facts.categoryName},请于${formatLocalTime(facts.deadline, facts.timeZone)}前受理。`,
  escalated: (facts: RequestFacts & { fromLevel: Level; why: 'timeout' | 'leader' }) =>
    `${facts.signature}${urgentMark(facts.priority)}诉求${shortReference(facts.requestId)}(${facts.categoryName})因${LEVEL_NAMES_ZH[facts.fromLevel]}${facts.why === 'timeout' ? '超时未办' : '无法解决'}升级至您,请于${formatLocalTime(facts.deadline, facts.timeZone)}前受理。`,
  reopened: (facts: RequestFacts) =>
    `${facts.signature}居民对诉求${shortReference(facts.requestId)}的处理不满意,已退回,请于${formatLocalTime(facts.deadline, facts.timeZone)}前处理。`,
  resolved: (facts: RequestFacts) =>
    `${facts.signature}您的诉求${shortReference(facts.requestId)}已办结,请在${formatLocalTime(facts.deadline, facts.timeZone)}前确认或评价,逾期自动确认。`,
  overdue: (facts: RequestFacts) =>
    `${facts.signature}诉求${shortReference(facts.requestId)}(${facts.categoryName})已升至街道仍未办结,已超时,请督办。`,
  triage: (facts: RequestFacts) =>
    `${facts.signature}${urgentMark(facts.priority)}新诉求${shortReference(facts.requestId)}:${facts.categoryName},未匹配到住户,请于${formatLocalTime(facts.deadline, facts.timeZone)}前核实并分派。`,
  triageOverdue: (facts: RequestFacts) =>
    `${facts.signature}诉求${shortReference(facts.requestId)}(${facts.categoryName})未匹配住户,社区超时未分派,请督办。`,
};

export const dispatchTemplates = {
  dispatched: (facts: RequestFacts & { address: string }) =>
    `${facts.signature}${urgentMark(facts.priority)}派单${shortReference(facts.requestId)}:${facts.categoryName},${facts.address},请于${formatLocalTime(facts.deadline, facts.timeZone)}前处理。`,
  completed: (facts: RequestFacts) =>
    `${facts.signature}派单${shortReference(facts.requestId)}已完成,请确认后办结,请于${formatLocalTime(facts.deadline, facts.timeZone)}前处理。`,
  overdue: (facts: RequestFacts) =>
    `${facts.signature}派单${shortReference(facts.requestId)}超时未完成,已退回您处跟进,请于${formatLocalTime(facts.deadline, facts.timeZone)}前处理。`,
};
