import { describe, expect, it } from 'vitest';
import { digestGroups, digestMessage, type Digestible } from '../../shared/domain/digest.js';
import { smsSegments } from '../../shared/domain/sms.js';
import { config } from '../support/fixtures.js';

const leader = (personId: string): Digestible['to'] => ({ kind: 'phone', phone: '+8613800000001', personId });
const about = (personId: string, ids: { requestId?: string; noticeId?: string }, community = 'cm-yinrong') =>
  ({ to: leader(personId), recipientRole: 'leader', place: { community }, ...ids }) satisfies Digestible;

describe('the morning digest', () => {
  it('counts the requests and notices a person’s held messages were about', () => {
    const held = [
      about('p-1', { requestId: 'R-1' }),
      about('p-1', { requestId: 'R-1' }),
      about('p-1', { requestId: 'R-2' }),
      about('p-1', { noticeId: 'N-1' }),
    ];
    expect(digestMessage(config.sms.signature, '2026-12-03', held)).toMatchObject({
      key: 'digest:2026-12-03:p-1',
      to: leader('p-1'),
      template: 'digest',
      params: ['2', '1'],
      text: '【绿园三长】您有2件诉求、1条通知待处理,详见三长联动页面。',
      urgent: false,
      kind: 'digest',
      recipientRole: 'leader',
      place: { community: 'cm-yinrong' },
    });
  });

  it('fits one 70-character SMS with the demo district’s signature and the largest counts', () => {
    const held = Array.from({ length: 999 }, (_, n) => [
      about('p-1', { requestId: `R-${n}` }),
      about('p-1', { noticeId: `N-${n}` }),
    ]).flat();
    const { text } = digestMessage(config.sms.signature, '2026-12-03', held);
    expect(text).toBe('【绿园三长】您有999件诉求、999条通知待处理,详见三长联动页面。');
    expect([...text].length).toBeLessThanOrEqual(70);
    expect(smsSegments(text)).toBe(1);
  });

  it('has no place when the messages are about several communities', () => {
    const held = [about('p-1', { requestId: 'R-1' }), about('p-1', { requestId: 'R-2' }, 'cm-other')];
    expect(digestMessage(config.sms.signature, '2026-12-03', held).place).toEqual({});
  });

  it('groups a person’s two or more held messages about requests or notices; not a resident’s, nor a statement', () => {
    const resident = { ...about('r-1', { requestId: 'R-1' }), recipientRole: 'resident' as const };
    const statement = { to: leader('p-3'), recipientRole: 'leader' as const, place: {} };
    const groups = digestGroups([
      about('p-1', { requestId: 'R-1' }),
      about('p-1', { noticeId: 'N-1' }),
      about('p-2', { requestId: 'R-2' }),
      resident,
      resident,
      statement,
      statement,
      {
        to: { kind: 'supervisors' as const },
        recipientRole: 'supervisors' as const,
        place: {},
        requestId: 'R-9',
      },
    ]);
    expect([...groups.keys()]).toEqual(['p-1']);
    expect(groups.get('p-1')).toHaveLength(2);
  });
});
