import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../local/fault-injection.js';
import type { Notifier } from '../../shared/adapters/notifier.js';
import { asServiceUnavailable } from '../../shared/http/problem.js';

const MESSAGE = { template: 'assigned', params: ['ABC123'], text: '【三长联动】新诉求ABC123' };

/** A provider that records what it was asked to send. */
function recordingNotifier() {
  const sent: string[] = [];
  const notifier: Notifier = {
    sendSms: (phone) => {
      sent.push(phone);
      return Promise.resolve(`sms-${sent.length}`);
    },
    notifySupervisors: () => {
      sent.push('supervisors');
      return Promise.resolve('supervisors');
    },
  };
  return { sent, notifier };
}

describe('the SMS provider under injected faults', () => {
  it('fails every call while armed at rate 1, as SNS does when throttled or down, and sends nothing', async () => {
    const faults = new FaultInjector({ rate: 1, seed: 7 });
    const { sent, notifier } = recordingNotifier();
    const faulty = faults.notifier(notifier);
    faults.arm();
    const errors = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        (n % 2 === 0 ? faulty.sendSms('13800000000', MESSAGE) : faulty.notifySupervisors(MESSAGE)).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    expect(sent).toEqual([]);
    for (const error of errors) expect(asServiceUnavailable(error), String(error)).toBeDefined();
    const report = faults.report();
    expect(Object.keys(report).every((key) => key.startsWith('sns '))).toBe(true);
    expect(Object.values(report).reduce((sum, count) => sum + count, 0)).toBe(12);
  });

  it('passes every call through once disarmed', async () => {
    const faults = new FaultInjector({ rate: 1, seed: 7 });
    const { sent, notifier } = recordingNotifier();
    const faulty = faults.notifier(notifier);
    faults.arm();
    faults.disarm();
    await expect(faulty.sendSms('13800000000', MESSAGE)).resolves.toBe('sms-1');
    expect(sent).toEqual(['13800000000']);
    expect(faults.report()).toEqual({});
  });
});
