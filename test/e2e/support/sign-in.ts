import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LocalSystem } from '../../../local/local-system.js';

/** What a person types for a phone the demo stores as +86…: the national number. */
const typed = (phone: string) => phone.replace(/^\+86/, '');

/**
 * Signs in on a page as a person does: their phone, 获取验证码, the code from the SMS (the local
 * outbox), 登录. Phone pages and the console use the same words.
 */
export async function signInWithCode(system: LocalSystem, page: Page, phone: string): Promise<void> {
  await page.getByLabel('手机号').fill(typed(phone));
  const sentBefore = system.outbox.length;
  await page.getByRole('button', { name: '获取验证码' }).click();
  const sms = await expect
    .poll(() => system.outbox.slice(sentBefore).find((message) => message.to === phone), { timeout: 15_000 })
    .toBeDefined()
    .then(() => system.outbox.slice(sentBefore).find((message) => message.to === phone)!);
  const code = /(\d{6})/.exec(sms.text)?.[1] ?? '';
  await page.getByLabel('验证码').fill(code);
  await page.getByRole('button', { name: '登录', exact: true }).click();
}
