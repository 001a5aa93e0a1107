import type { SmsMessage } from '../domain/sms.js';

/** The notifier port: SNS in AWS, an outbox on a laptop, a domestic SMS provider where SNS cannot send. */
export interface Notifier {
  /** Sends one SMS to one phone; returns the provider's message id. */
  sendSms(phone: string, message: SmsMessage): Promise<string>;
  /** Fans one SMS out to the district's supervisors. */
  notifySupervisors(message: SmsMessage): Promise<string>;
}
