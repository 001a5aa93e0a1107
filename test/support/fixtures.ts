import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import lvyuan from '../../config/districts/lvyuan.json' with { type: 'json' };
import { parseDistrictConfig } from '../../shared/config/district-config.js';
import {
  DEMO_HOUSEHOLD_ID,
  demoChainOf,
  demoHousehold,
  lvyuanDemoDistrict,
} from '../../demo/lvyuan-district.js';
import type { Household } from '../../shared/domain/hierarchy.js';
import type { LocalSystem } from '../../local/local-system.js';

export const config = parseDistrictConfig(lvyuan, 'config/districts/lvyuan.json');
export const district = lvyuanDemoDistrict();

export function household(id = DEMO_HOUSEHOLD_ID): Household {
  const found = demoHousehold(district, id);
  if (!found) throw new Error(`no demo household ${id}`);
  return found;
}

export const chainOf = (id = DEMO_HOUSEHOLD_ID) => demoChainOf(district, id);

/** An instant given as Shanghai wall time: shanghai('2026-11-26 10:00'). */
export function shanghai(wallTime: string): Date {
  return new Date(`${wallTime.replace(' ', 'T')}:00+08:00`);
}

/** Every item in the table: tests only, to prove that a rejected input wrote nothing. */
export async function allItems(system: LocalSystem): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await system.observer.db.send(new ScanCommand({ TableName: system.observer.name }));
  return Items;
}

/**
 * The intake items (deliveries, rejections, partners) written since `before`: workflows of earlier
 * requests may still write their own items meanwhile, none of them intake's.
 */
export async function intakeItemsAddedSince(
  system: LocalSystem,
  before: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> {
  const seen = new Set(before.map((item) => `${String(item.PK)}|${String(item.SK)}`));
  return (await allItems(system)).filter(
    (item) =>
      !seen.has(`${String(item.PK)}|${String(item.SK)}`) &&
      /^(REJECTED|DELIVERY|PARTNER)#/.test(String(item.PK)),
  );
}

/** The demo household's resident raises a request; it returns once the unit leader's wait began. */
export async function submitRequest(system: LocalSystem): Promise<string> {
  const response = await system.call('POST', '/requests', {
    as: household().residents[0]!.personId,
    body: { category: 'repair', description: '楼道灯不亮了' },
  });
  if (response.status !== 201) throw new Error(`submitting failed: ${response.status}`);
  const id = String(response.body.id);
  await system.waitFor(id, 'AwaitLeader');
  return id;
}
