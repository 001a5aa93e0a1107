import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LocalSystem } from '../../local/local-system.js';
import { chainOf, config, district, household } from '../support/fixtures.js';
import { demoPerson } from '../../demo/lvyuan-district.js';
import {
  desktopContext,
  expectAccessible,
  launchChromium,
  phoneContext,
  screenshot,
} from './support/browser.js';
import { choose, open } from './support/pages.js';
import { signInWithCode } from './support/sign-in.js';

/**
 * A request from a resident's phone to a closed case, as people do it: the pages built by
 * `npm run web:build`, served by the local system (DynamoDB Local, the synthesized state machine),
 * in Debian's Chromium. Each step saves a screenshot (docs/testing.md, "End to end").
 */
const system = new LocalSystem(config, { web: true });
let browser: Browser;
/** Each person keeps their page open between steps, as on a phone (and a second code within a minute is refused). */
let residentPage: Page;
let leaderPage: Page;

const resident = household().residents[0]!;
const [unit, , , community] = chainOf().map((link) => link.post!);
const communityStaffPhone = demoPerson(district, community!.holderId)!.phone;

beforeAll(async () => {
  [browser] = await Promise.all([launchChromium(), system.start()]);
});
afterAll(async () => {
  await browser?.close();
  await system.stop();
});

describe('a request from the resident’s phone to a closed case', () => {
  let requestId = '';

  it('the resident signs in and raises a request with the phone page', async () => {
    const page = (residentPage = await (await phoneContext(browser)).newPage());
    await open(system, page, '/resident/');
    await expectAccessible(page, 'the resident’s sign-in');
    await screenshot(page, 'resident-sign-in');
    await signInWithCode(system, page, resident.phone);
    await page.getByRole('tab', { name: '我要反映' }).click();
    await page.getByText('维修', { exact: true }).click();
    await page.getByLabel('问题描述').fill('单元门禁坏了,进不去楼');
    await expectAccessible(page, 'raising a request');
    await screenshot(page, 'resident-raise');
    await page.getByRole('button', { name: '提交' }).click();
    await page.waitForURL(/#\/requests\/[^/]+$/);
    requestId = decodeURIComponent(page.url().split('/').pop()!);
    await system.waitFor(requestId, 'AwaitLeader');
  });

  it('the unit leader signs in with the code from the SMS, acknowledges and resolves it', async () => {
    const page = (leaderPage = await (await phoneContext(browser)).newPage());
    await open(system, page, '/leader/');
    await signInWithCode(system, page, unit!.holderPhone);
    const card = page.locator(`[data-request="${requestId}"]`);
    await expect.poll(() => card.count()).toBe(1);
    await expectAccessible(page, 'the leader’s requests');
    await screenshot(page, 'leader-requests');
    await card.click();
    await page.getByRole('button', { name: '接单' }).click();
    await system.waitFor(requestId, 'AwaitLeader');
    await page.getByRole('button', { name: '办结' }).click();
    await page.getByLabel('办结说明').fill('已更换门禁读卡器');
    await screenshot(page, 'leader-resolve');
    await page.getByRole('button', { name: '确认办结' }).click();
    await system.waitFor(requestId, 'AwaitResident');
    await page.reload();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'a resolved request on the leader’s page');
    await screenshot(page, 'leader-resolved');
  });

  it('the resident confirms with five stars, and the case closes', async () => {
    const page = residentPage;
    await page.reload();
    await page.waitForLoadState('networkidle');
    await page.getByLabel('5星').click();
    await expectAccessible(page, 'confirming a request');
    await screenshot(page, 'resident-confirm');
    await page.getByRole('button', { name: '确认办结' }).click();
    await system.waitFor(requestId, 'Closed');
    await expect.poll(async () => (await system.request(requestId)).status).toBe('closed');
    await page.reload();
    await page.waitForLoadState('networkidle');
    await expect.poll(() => page.getByText('已办结').count()).toBeGreaterThan(0);
    await screenshot(page, 'resident-closed');
  });

  it('the leader’s balance shows the points', async () => {
    const page = leaderPage;
    await page.getByRole('tab', { name: '积分' }).click();
    await page.waitForLoadState('networkidle');
    const { body } = await system.call('GET', '/accounts/me', { as: unit!.holderId });
    expect(Number(body.balance)).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(String(body.balance), { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the leader’s points');
    await screenshot(page, 'leader-points');
  });

  it('the community console shows it closed on the board and counts it in the charts', async () => {
    const page = await (await desktopContext(browser)).newPage();
    await open(system, page, '/console/');
    await expectAccessible(page, 'the console’s sign-in');
    await signInWithCode(system, page, communityStaffPhone);
    await page.waitForURL(/#\/board/);
    await choose(page, '状态', '已办结');
    await expect.poll(() => page.getByRole('row', { name: /维修/ }).count()).toBe(1);
    await expectAccessible(page, 'the board');
    await screenshot(page, 'console-board-closed');

    await page.getByRole('menuitem', { name: '统计图表' }).click();
    await expect.poll(() => page.getByText('办结 1 件').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.locator('canvas').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the charts');
    await screenshot(page, 'console-charts');
    await page.close();
  });
});
