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
import { choose, open } from './support/pages.js';
import { signInWithCode } from './support/sign-in.js';

/**
 * A request nobody acknowledges: the unit leader's deadline passes, it climbs to the building
 * leader (whose phone page lists it), and once their deadline passes too the community's board
 * shows it overdue, in red. Time is the local system's clock, moved by the test.
 */
const system = new LocalSystem(config, { web: true });
let browser: Browser;

const resident = household().residents[0]!;
const [, building, , community] = chainOf().map((link) => link.post!);
const communityStaffPhone = demoPerson(district, community!.holderId)!.phone;

beforeAll(async () => {
  [browser] = await Promise.all([launchChromium(), system.start()]);
});
afterAll(async () => {
  await browser?.close();
  await system.stop();
});

describe('a request left alone', () => {
  let requestId = '';
  let leaderPage: Page;

  it('climbs to the building leader when the unit leader’s deadline passes', async () => {
    const raised = await system.call('POST', '/requests', {
      as: resident.personId,
      body: { category: 'drainage', description: '厨房下水道堵了,水漫到客厅' },
    });
    requestId = String(raised.body.id);
    await system.waitFor(requestId, 'AwaitLeader');
    await system.passDeadline(requestId);
    await system.waitFor(requestId, 'AwaitLeader');
    expect(await system.request(requestId)).toMatchObject({ level: 'building' });

    leaderPage = await (await phoneContext(browser)).newPage();
    await open(system, leaderPage, '/leader/');
    await signInWithCode(system, leaderPage, building!.holderPhone);
    await expect.poll(() => leaderPage.locator(`[data-request="${requestId}"]`).count()).toBe(1);
    await screenshot(leaderPage, 'leader-escalated');
  });

  it('shows overdue, in red, on the building leader’s phone and on the community’s board', async () => {
    const { deadline } = await system.request(requestId);
    system.clock.set(new Date(Date.parse(String(deadline)) + 12 * 60_000));

    await leaderPage.reload();
    const card = leaderPage.locator(`[data-request="${requestId}"]`);
    await expect.poll(() => card.getByText(/已超时/).count()).toBeGreaterThan(0);
    await expectAccessible(leaderPage, 'an overdue request on the leader’s page');
    await screenshot(leaderPage, 'leader-overdue');

    const page = await (await desktopContext(browser)).newPage();
    await open(system, page, '/console/');
    await signInWithCode(system, page, communityStaffPhone);
    await page.waitForURL(/#\/board/);
    await choose(page, '层级', '楼栋长');
    await page.getByText('只看超时').click();
    const row = page.getByRole('row', { name: /下水疏通/ });
    await expect.poll(() => row.count()).toBe(1);
    const late = row.getByRole('timer');
    await expect.poll(() => late.textContent()).toMatch(/^已超时/);
    expect(
      await late.evaluate((element) => element.ownerDocument.defaultView!.getComputedStyle(element).color),
    ).toBe('rgb(200, 30, 30)');
    await expectAccessible(page, 'the board, overdue only');
    await screenshot(page, 'console-board-overdue');
    await page.close();
  });
});
