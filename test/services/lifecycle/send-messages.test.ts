import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SmsProviderUnavailableError, SmsRefusedError } from '../../../shared/adapters/sms-errors.js';
import type { OutgoingMessage } from '../../../shared/domain/sms.js';
import { dependencies } from '../../../shared/runtime/dependencies.js';
import { deliverMessages } from '../../../shared/services/lifecycle/send-messages.js';
import { keys } from '../../../shared/store/keys.js';
import { ddb, mockDependenciesForEachTest } from '../../support/mock-dependencies.js';

mockDependenciesForEachTest();

const toLeader = (key: string, phone: string): OutgoingMessage => ({
  key,
  to: { kind: 'phone', phone, personId: `p-${key}` },
  template: 'assigned',
  params: ['ABC123', '维修', '11', '23', '12:00'],
  text: '【绿园三长】新诉求ABC123:维修,请于11月23日12:00前受理。',
  urgent: false,
});
const updatesOf = (key: string) =>
  ddb
    .commandCalls(UpdateCommand)
    .map((call) => call.args[0].input)
    .filter((input) => JSON.stringify(input.Key) === JSON.stringify(keys.message('R-1', key)));

describe('deliverMessages', () => {
  it('marks a message the provider refuses for good refused, with its code, and sends the rest', async () => {
    const deps = dependencies();
    const sent: string[] = [];
    deps.notifier = {
      sendSms: async (phone) => {
        if (phone === '+8613800000001')
          throw new SmsRefusedError('FailedOperation.PhoneNumberInBlacklist', 'test');
        sent.push(phone);
        return 'sid-2';
      },
      notifySupervisors: async () => 'unused',
    };

    await deliverMessages(deps, 'R-1', [
      toLeader('1#a', '+8613800000001'),
      toLeader('1#b', '+8613800000002'),
    ]);

    expect(sent).toEqual(['+8613800000002']);
    expect(updatesOf('1#a')).toEqual([
      expect.objectContaining({
        UpdateExpression: 'SET #status = :refused, refusedAt = :at, refusedCode = :code',
        ExpressionAttributeValues: expect.objectContaining({
          ':refused': 'refused',
          ':code': 'FailedOperation.PhoneNumberInBlacklist',
        }),
      }),
    ]);
    expect(updatesOf('1#b')).toEqual([
      expect.objectContaining({
        ExpressionAttributeValues: expect.objectContaining({ ':sent': 'sent', ':id': 'sid-2' }),
      }),
    ]);
    expect(ddb.commandCalls(PutCommand).map((call) => call.args[0].input.Item?.PK)).toEqual(['SMSID#sid-2']);
  });

  it('leaves a message queued when the provider is only unavailable, and lets the caller retry', async () => {
    const deps = dependencies();
    deps.notifier = {
      sendSms: async () => {
        throw new SmsProviderUnavailableError('InternalError.Timeout');
      },
      notifySupervisors: async () => 'unused',
    };

    await expect(deliverMessages(deps, 'R-1', [toLeader('1#a', '+8613800000001')])).rejects.toBeInstanceOf(
      SmsProviderUnavailableError,
    );
    expect(updatesOf('1#a')).toEqual([]);
  });
});
