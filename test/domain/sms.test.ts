import { describe, expect, it } from 'vitest';
import { SMS_TEMPLATES } from '../../shared/domain/sms-templates.js';
import { dispatchSms, localDeadline, queuedSms, requestSms, smsSegments } from '../../shared/domain/sms.js';
import { shanghai } from '../support/fixtures.js';

const facts = {
  requestId: 'R01JDEMO0000000000000ABC123',
  categoryName: '下水疏通',
  priority: 'normal' as const,
  deadline: shanghai('2026-11-23 12:00'),
  timeZone: 'Asia/Shanghai',
  signature: '【绿园三长】',
};
const urgent = { ...facts, priority: 'urgent' as const };
const high = { ...facts, priority: 'high' as const };
const DEADLINE = ['11', '23', '12:00'];
const ADDRESS = '银融社区 第一网格 3栋 2单元 502';

describe('SMS messages', () => {
  it('take the deadline as month, day and time in the district’s time zone', () => {
    expect(localDeadline(shanghai('2026-11-23 09:05'), 'Asia/Shanghai')).toEqual(['11', '23', '09:05']);
    expect(localDeadline(new Date('2026-12-31T16:30:00Z'), 'Asia/Shanghai')).toEqual(['1', '1', '00:30']);
  });

  it.each([
    [
      'assigned',
      requestSms.assigned(facts),
      ['ABC123', '下水疏通', ...DEADLINE],
      '【绿园三长】新诉求ABC123:下水疏通,请于11月23日12:00前受理。',
    ],
    [
      'assignedUrgent',
      requestSms.assigned(urgent),
      ['紧急', 'ABC123', '下水疏通', ...DEADLINE],
      '【绿园三长】[紧急]新诉求ABC123:下水疏通,请于11月23日12:00前受理。',
    ],
    [
      'escalatedTimeout',
      requestSms.escalated({ ...facts, fromLevel: 'community', why: 'timeout' }),
      ['ABC123', '下水疏通', '社区', ...DEADLINE],
      '【绿园三长】诉求ABC123(下水疏通)因社区超时未办升级至您,请于11月23日12:00前受理。',
    ],
    [
      'escalatedTimeoutUrgent',
      requestSms.escalated({ ...high, fromLevel: 'unit', why: 'timeout' }),
      ['较急', 'ABC123', '下水疏通', '单元长', ...DEADLINE],
      '【绿园三长】[较急]诉求ABC123(下水疏通)因单元长超时未办升级至您,请于11月23日12:00前受理。',
    ],
    [
      'escalatedUnresolved',
      requestSms.escalated({ ...facts, fromLevel: 'building', why: 'leader' }),
      ['ABC123', '下水疏通', '楼栋长', ...DEADLINE],
      '【绿园三长】诉求ABC123(下水疏通)因楼栋长无法解决升级至您,请于11月23日12:00前受理。',
    ],
    [
      'escalatedUnresolvedUrgent',
      requestSms.escalated({ ...urgent, fromLevel: 'grid', why: 'leader' }),
      ['紧急', 'ABC123', '下水疏通', '网格长', ...DEADLINE],
      '【绿园三长】[紧急]诉求ABC123(下水疏通)因网格长无法解决升级至您,请于11月23日12:00前受理。',
    ],
    [
      'reopened',
      requestSms.reopened(urgent),
      ['ABC123', ...DEADLINE],
      '【绿园三长】居民对诉求ABC123的处理不满意,已退回,请于11月23日12:00前处理。',
    ],
    [
      'resolved',
      requestSms.resolved(facts),
      ['ABC123', ...DEADLINE],
      '【绿园三长】您的诉求ABC123已办结,请在11月23日12:00前确认或评价,逾期自动确认。',
    ],
    [
      'overdue',
      requestSms.overdue(urgent),
      ['ABC123', '下水疏通'],
      '【绿园三长】诉求ABC123(下水疏通)已升至街道仍未办结,已超时,请督办。',
    ],
    [
      'triage',
      requestSms.triage(facts),
      ['ABC123', '下水疏通', ...DEADLINE],
      '【绿园三长】新诉求ABC123:下水疏通,未匹配到住户,请于11月23日12:00前核实并分派。',
    ],
    [
      'triageUrgent',
      requestSms.triage(high),
      ['较急', 'ABC123', '下水疏通', ...DEADLINE],
      '【绿园三长】[较急]新诉求ABC123:下水疏通,未匹配到住户,请于11月23日12:00前核实并分派。',
    ],
    [
      'triageOverdue',
      requestSms.triageOverdue(facts),
      ['ABC123', '下水疏通'],
      '【绿园三长】诉求ABC123(下水疏通)未匹配住户,社区超时未分派,请督办。',
    ],
    [
      'dispatched',
      dispatchSms.dispatched({ ...facts, address: ADDRESS }),
      ['ABC123', '下水疏通', ADDRESS, ...DEADLINE],
      `【绿园三长】派单ABC123:下水疏通,${ADDRESS},请于11月23日12:00前处理。`,
    ],
    [
      'dispatchedUrgent',
      dispatchSms.dispatched({ ...urgent, address: ADDRESS }),
      ['紧急', 'ABC123', '下水疏通', ADDRESS, ...DEADLINE],
      `【绿园三长】[紧急]派单ABC123:下水疏通,${ADDRESS},请于11月23日12:00前处理。`,
    ],
    [
      'dispatchCompleted',
      dispatchSms.completed(facts),
      ['ABC123', ...DEADLINE],
      '【绿园三长】派单ABC123已完成,请确认后办结,请于11月23日12:00前处理。',
    ],
    [
      'dispatchOverdue',
      dispatchSms.overdue(urgent),
      ['ABC123', ...DEADLINE],
      '【绿园三长】派单ABC123超时未完成,已退回您处跟进,请于11月23日12:00前处理。',
    ],
  ])(
    '%s: its template, its parameters, and today’s text in one segment',
    (template, message, params, text) => {
      expect(message).toEqual({ template, params, text });
      expect(template in SMS_TEMPLATES).toBe(true);
      expect(smsSegments(message.text)).toBe(1);
    },
  );

  it('reads a message queued before templates, which has its text only, with no template', () => {
    expect(queuedSms({ text: '【绿园三长】诉求升级至您' })).toEqual({
      template: '',
      params: [],
      text: '【绿园三长】诉求升级至您',
    });
    const message = requestSms.overdue(facts);
    const stored = { ...message, key: '3#supervisors', urgent: true };
    expect(queuedSms(stored)).toEqual(message);
  });

  it('counts UCS-2 segments as carriers bill them', () => {
    expect(smsSegments('短'.repeat(70))).toBe(1);
    expect(smsSegments('长'.repeat(71))).toBe(2);
    expect(smsSegments('长'.repeat(135))).toBe(3);
  });
});
