import { describe, expect, it } from 'vitest';
import { dispatchTemplates, formatLocalTime, smsSegments, smsTemplates } from '../../shared/domain/sms.js';
import { shanghai } from '../support/fixtures.js';

const facts = {
  requestId: 'R01JDEMO0000000000000ABC123',
  categoryName: '下水疏通',
  priority: 'urgent' as const,
  deadline: shanghai('2026-11-23 12:00'),
  timeZone: 'Asia/Shanghai',
  signature: '【绿园三长】',
};

describe('SMS templates', () => {
  it('formats deadlines in the district’s time zone', () => {
    expect(formatLocalTime(shanghai('2026-11-23 09:05'), 'Asia/Shanghai')).toBe('11月23日09:05');
  });

  it('start with the registered signature and fit one 70-character segment', () => {
    const texts = [
      smsTemplates.assigned(facts),
      smsTemplates.escalated({ ...facts, fromLevel: 'community', why: 'timeout' }),
      smsTemplates.reopened(facts),
      smsTemplates.resolved(facts),
      smsTemplates.overdue(facts),
      dispatchTemplates.dispatched({ ...facts, address: '银融社区 第一网格 3栋 2单元 502' }),
      dispatchTemplates.completed(facts),
      dispatchTemplates.overdue(facts),
    ];
    for (const text of texts) {
      expect(text.startsWith('【绿园三长】')).toBe(true);
      expect(smsSegments(text)).toBe(1);
    }
  });

  it('counts UCS-2 segments as carriers bill them', () => {
    expect(smsSegments('短'.repeat(70))).toBe(1);
    expect(smsSegments('长'.repeat(71))).toBe(2);
    expect(smsSegments('长'.repeat(135))).toBe(3);
  });
});
