import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { LocalSystem } from '../../local/local-system.js';
import { demoPerson } from '../../demo/lvyuan-district.js';
import { chainOf, config, district, household } from '../support/fixtures.js';
import {
  desktopContext,
  expectAccessible,
  launchChromium,
  phoneContext,
  screenshot,
} from './support/browser.js';
import { open } from './support/pages.js';
import { signInWithCode } from './support/sign-in.js';

/**
 * A notice instead of a WeChat group message: the community's staff post it on the console to the
 * community, the unit leader finds it on the 通知 tab and confirms reading it, the console counts
 * the confirmation, names who has not read it and lists its SMS, and a resident of the community sees it.
 */
const system = new LocalSystem(config, { web: true });
let browser: Browser;
let consolePage: Page;

const resident = household().residents[0]!;
const chain = chainOf();
const [unit, , , community] = chain.map((link) => link.post!);
const communityName = chain[3]!.nodeName;
const communityStaffPhone = demoPerson(district, community!.holderId)!.phone;
const TITLE = '周六上午消防安全检查';
/** What the pages show after an answer from the local system, which is slow on a busy machine. */
const ANSWERED = { timeout: 15_000 };

beforeAll(async () => {
  [browser] = await Promise.all([launchChromium(), system.start()]);
}, 400_000);
afterAll(async () => {
  await browser?.close();
  await system.stop();
});

/** Chooses the community in the console's tree: its notices are listed beside it. */
async function chooseCommunity(page: Page) {
  await page.locator('.notices__node', { hasText: communityName }).first().click();
  await page.waitForLoadState('networkidle');
}

describe('a notice to a community', () => {
  it('the community’s staff post it on the console', async () => {
    const page = (consolePage = await (await desktopContext(browser)).newPage());
    await open(system, page, '/console/');
    await signInWithCode(system, page, communityStaffPhone);
    await page.waitForURL(/#\/board/);
    await page.getByRole('menuitem', { name: '通知公告' }).click();
    await chooseCommunity(page);
    await page.getByRole('button', { name: '发布通知' }).click();
    await page.getByLabel('标题').fill(TITLE);
    await page.getByLabel('正文').fill('请各位单元长提前通知住户清理楼道杂物,周六上午9点开始检查。');
    await expectAccessible(page, 'posting a notice');
    await screenshot(page, 'console-notice-post');
    await page.getByRole('button', { name: '发布', exact: true }).click();
    await expect.poll(() => page.getByRole('row', { name: new RegExp(TITLE) }).count(), ANSWERED).toBe(1);
    await system.streamHandled();
  });

  it('the unit leader finds it on the 通知 tab and confirms reading it', async () => {
    const page = await (await phoneContext(browser)).newPage();
    await open(system, page, '/leader/');
    await signInWithCode(system, page, unit!.holderPhone);
    const tab = page.locator('.van-tabbar-item', { hasText: '通知' });
    await expect.poll(() => tab.locator('.van-badge').count(), ANSWERED).toBe(1);
    await tab.click();
    const card = page.locator('.notice-card', { hasText: TITLE });
    await expect.poll(() => card.getByText('未读').count(), ANSWERED).toBe(1);
    await expectAccessible(page, 'the leader’s notices');
    await screenshot(page, 'leader-notices');
    await card.click();
    await page.getByRole('button', { name: '确认已读' }).click();
    await expect.poll(() => page.getByRole('status').textContent(), ANSWERED).toMatch(/已读/);
    await expectAccessible(page, 'a notice confirmed');
    await screenshot(page, 'leader-notice-read');
  });

  it('the console counts the confirmation and names who has not read it', async () => {
    const page = consolePage;
    await chooseCommunity(page);
    const row = page.getByRole('row', { name: new RegExp(TITLE) });
    await expect.poll(() => row.textContent(), ANSWERED).toMatch(/已读 1\/\d+/);
    await row.click();
    const drawer = page.getByRole('region', { name: '通知详情' });
    await expect.poll(() => drawer.textContent(), ANSWERED).toMatch(/未读\(\d+ 人\)/);
    await expectAccessible(page, 'a notice’s readers');
    await screenshot(page, 'console-notice-readers');
  });

  it('the console lists the notice’s SMS in 短信记录', async () => {
    const page = consolePage;
    await page.keyboard.press('Escape');
    await page.getByRole('menuitem', { name: '短信记录' }).click();
    const sms = page.getByRole('row', { name: /通知公告/ });
    await expect.poll(() => sms.count(), ANSWERED).toBeGreaterThan(0);
    await expectAccessible(page, 'the SMS of a day');
    await screenshot(page, 'console-messages');
  });

  it('a resident of the community sees it in 社区通知', async () => {
    const page = await (await phoneContext(browser)).newPage();
    await open(system, page, '/resident/');
    await signInWithCode(system, page, resident.phone);
    await page.getByRole('tab', { name: '社区通知' }).click();
    await expect.poll(() => page.getByRole('heading', { name: TITLE }).count(), ANSWERED).toBe(1);
    await expectAccessible(page, 'the household’s notices');
    await screenshot(page, 'resident-notices');
  });
});
