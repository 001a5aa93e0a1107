import type { Page } from 'playwright-core';
import type { LocalSystem } from '../../../local/local-system.js';

/** Opens a page of the local system's site and waits until its first calls are answered. */
export async function open(system: LocalSystem, page: Page, path: string): Promise<void> {
  await page.goto(`${system.url}${path}`);
  await page.waitForLoadState('networkidle');
}

/** Picks an option of an Element Plus select by its form label, as a person clicks it open. */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  await page
    .locator('.el-form-item', { has: page.getByText(label, { exact: true }) })
    .locator('.el-select')
    .click();
  await page.getByRole('option', { name: option }).click();
}
