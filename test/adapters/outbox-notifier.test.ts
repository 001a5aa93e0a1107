import { describe, expect, it } from 'vitest';
import { OutboxNotifier } from '../../shared/adapters/outbox-notifier.js';
import { ManualClock } from '../../shared/domain/clock.js';
import { renderSms } from '../../shared/domain/sms-templates.js';

describe('OutboxNotifier', () => {
  it('records each SMS with the template and parameters a provider would get, and prints its text', async () => {
    const lines: string[] = [];
    const outbox = new OutboxNotifier((line) => lines.push(line));
    const code = renderSms('【绿园三长】', 'signInCode', ['480263']);
    const overdue = renderSms('【绿园三长】', 'overdue', ['ABC123', '下水疏通']);

    const ids = [await outbox.sendSms('+8610012345678', code), await outbox.notifySupervisors(overdue)];

    expect(ids).toEqual(['local-1', 'local-2']);
    expect(outbox.sent).toEqual([
      {
        id: 'local-1',
        to: '+8610012345678',
        template: 'signInCode',
        params: ['480263'],
        text: '【绿园三长】您的登录验证码为480263,5分钟内有效。如非本人操作,请忽略本短信。',
        at: expect.any(Date),
      },
      {
        id: 'local-2',
        to: 'supervisors',
        template: 'overdue',
        params: ['ABC123', '下水疏通'],
        text: '【绿园三长】诉求ABC123(下水疏通)已升至街道仍未办结,已超时,请督办。',
        at: expect.any(Date),
      },
    ]);
    expect(lines).toEqual([
      'SMS → +8610012345678: 【绿园三长】您的登录验证码为480263,5分钟内有效。如非本人操作,请忽略本短信。',
      'SMS → supervisors: 【绿园三长】诉求ABC123(下水疏通)已升至街道仍未办结,已超时,请督办。',
    ]);
  });

  it('stamps each line with the time it is sent at in the district zone, by the clock it is given', async () => {
    const lines: string[] = [];
    const clock = new ManualClock(new Date('2026-12-02T23:30:00Z'));
    const outbox = new OutboxNotifier((line) => lines.push(line), { clock, timeZone: 'Asia/Shanghai' });
    const overdue = renderSms('【绿园三长】', 'overdue', ['ABC123', '下水疏通']);

    await outbox.notifySupervisors(overdue);

    expect(outbox.sent[0]?.at).toEqual(new Date('2026-12-02T23:30:00Z'));
    expect(lines).toEqual([`[12-03 07:30] SMS → supervisors: ${overdue.text}`]);
  });
});
